import type { Role } from "./schema";

/** A row of the members table, as its menu needs it. */
export type MemberSummary = {
  id: string;
  userId: string;
  name: string;
  role: Role;
  status: "active" | "invited" | "suspended";
};

/** Who is looking at the members table, and what their permissions let them do. */
export type Viewer = { userId: string; role: Role; canUpdate: boolean; canDelete: boolean };

export type MemberAction = "role" | "suspend" | "owner" | "remove" | "leave";

/**
 * Which actions the viewer's menu offers on a member's row, following the rules the database
 * enforces (private.guard_member_change, transfer_ownership): only owners change, suspend or
 * remove owners or make new ones; nobody changes their own role here; one's own row offers leaving.
 */
export function memberActionsFor(member: MemberSummary, viewer: Viewer): Set<MemberAction> {
  const actions = new Set<MemberAction>();
  if (member.userId === viewer.userId) return actions.add("leave");
  const viewerIsOwner = viewer.role === "owner";
  const manageable = member.role !== "owner" || viewerIsOwner;
  if (manageable && viewer.canUpdate) actions.add("role").add("suspend");
  if (viewerIsOwner && member.role !== "owner" && member.status === "active") actions.add("owner");
  if (manageable && viewer.canDelete) actions.add("remove");
  return actions;
}
