import type { AuditEntry } from "./audit-log";
import { roleLabels, type Role } from "./schema";

/**
 * How audit entries read to people: "Ada updated Team member Bo Diaz", and each changed field as
 * "Commission rate: 5 → 7.5". Pure, so the log page and its tests share it.
 */

export const auditActionLabels = { insert: "created", update: "updated", delete: "deleted" } as const;

/** Table names as people say them, for the log and its filter. */
export const resourceTypeLabels: Record<string, string> = {
  organizations: "Organization",
  organization_members: "Member",
  invitations: "Invitation",
  team_members: "Team member",
  role_permissions: "Permission",
  custom_roles: "Role",
  api_keys: "API key",
  integrations: "Integration",
  workflows: "Workflow",
  workflow_versions: "Workflow version",
  bots: "Bot",
  documents: "Knowledge document",
  contacts: "Contact",
  commission_plans: "Commission plan",
  commission_rules: "Commission rule",
  commission_calculations: "Commission",
  commission_payouts: "Payout",
  sales_transactions: "Sale",
  agents: "Agent",
};

type EntryShape = Pick<AuditEntry, "action" | "resource_type" | "changes">;

const SUBJECT_FIELDS = ["full_name", "name", "display_name", "email", "slug", "prefix"] as const;
/** Bookkeeping columns that say nothing to a reader. */
const HIDDEN_FIELDS = new Set(["id", "organization_id", "token_hash", "key_hash"]);

function pick(entry: EntryShape, field: string): unknown {
  const change = entry.changes[field];
  return change ? (change.after ?? change.before) : undefined;
}

/** The verb, the kind of thing, and which one (a name or email) when the change says. */
export function describeAuditEntry(entry: EntryShape): {
  verb: string;
  resource: string;
  subject: string | null;
} {
  const resource = resourceTypeLabels[entry.resource_type] ?? humanize(entry.resource_type);
  let subject: string | null = null;
  if (entry.resource_type === "role_permissions") {
    const role = pick(entry, "role");
    const parts = [pick(entry, "resource"), pick(entry, "action")].filter((p) => typeof p === "string");
    if (typeof role === "string" && parts.length === 2) {
      subject = `${roleLabels[role as Role] ?? humanize(role)}: ${parts.join(" ")}`;
    }
  } else {
    for (const field of SUBJECT_FIELDS) {
      const value = pick(entry, field);
      if (typeof value === "string" && value.trim()) {
        subject = value;
        break;
      }
    }
  }
  return { verb: auditActionLabels[entry.action], resource, subject };
}

export type FieldChange = { field: string; label: string; before?: string; after?: string };

/** The fields an entry touched, labelled and formatted, bookkeeping columns left out. */
export function changedFields(entry: EntryShape): FieldChange[] {
  return Object.entries(entry.changes)
    .filter(([field]) => !HIDDEN_FIELDS.has(field))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, change]) => ({
      field,
      label: humanize(field),
      ...("before" in change && entry.action !== "insert" ? { before: formatAuditValue(change.before) } : {}),
      ...("after" in change && entry.action !== "delete" ? { after: formatAuditValue(change.after) } : {}),
    }));
}

const MAX_VALUE_LENGTH = 140;

/** A stored value as short text: "empty", "Yes", "a, b", JSON for objects, cut to a readable size. */
export function formatAuditValue(value: unknown): string {
  let text: string;
  if (value === null || value === undefined || value === "") text = "empty";
  else if (typeof value === "boolean") text = value ? "Yes" : "No";
  else if (typeof value === "string") text = value;
  else if (typeof value === "number" || typeof value === "bigint") text = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number"))
    text = value.length === 0 ? "none" : value.join(", ");
  else text = JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** "commission_rate" → "Commission rate". */
export function humanize(name: string): string {
  const words = name.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type SentenceEntry = EntryShape & Pick<AuditEntry, "actor_id"> & { subject_name?: string | null };

function text(entry: EntryShape, field: string): string | null {
  const value = pick(entry, field);
  return typeof value === "string" && value.trim() ? value : null;
}

function roleName(value: unknown): string {
  return typeof value === "string" ? (roleLabels[value as Role] ?? humanize(value)) : "a member";
}

function changed(entry: EntryShape, field: string): { before: unknown; after: unknown } | null {
  const change = entry.changes[field];
  return entry.action === "update" && change && "after" in change
    ? { before: change.before, after: change.after }
    : null;
}

function contactSentence(entry: SentenceEntry): string {
  const fullName = [text(entry, "first_name"), text(entry, "last_name")].filter(Boolean).join(" ");
  const name = fullName || text(entry, "email") || text(entry, "phone");
  const subject = name ? ` ${name}` : "";
  if (entry.action === "insert") return `added the contact${subject}`;
  if (entry.action === "delete") return `deleted the contact${subject}`;
  // A merge records the ids it took in on the kept contact (public.merge_contacts).
  const merged = changed(entry, "merged_contact_ids");
  if (merged && Array.isArray(merged.after) && Array.isArray(merged.before)) {
    const n = merged.after.length - merged.before.length;
    return `merged ${n} duplicate ${n === 1 ? "contact" : "contacts"} into the contact${subject}`;
  }
  return `updated the contact${subject}`;
}

function membershipSentence(entry: SentenceEntry): string {
  const userId = pick(entry, "user_id");
  const self = entry.actor_id !== null && userId === entry.actor_id;
  const who = entry.subject_name ?? "a member";
  if (entry.action === "insert")
    return self
      ? `joined as ${roleName(pick(entry, "role"))}`
      : `added ${who} as ${roleName(pick(entry, "role"))}`;
  if (entry.action === "delete") return self ? "left the organization" : `removed ${who}`;
  const role = changed(entry, "role");
  if (role) return `changed ${who}'s role from ${roleName(role.before)} to ${roleName(role.after)}`;
  const status = changed(entry, "status");
  if (status?.after === "suspended") return `suspended ${who}`;
  if (status?.after === "active") return `reactivated ${who}`;
  const customRole = changed(entry, "custom_role_id");
  if (customRole) return customRole.after ? `gave ${who} a custom role` : `put ${who} back on their role`;
  if (changed(entry, "custom_permissions")) return `changed ${who}'s own permissions`;
  return `updated ${who}'s membership`;
}

function invitationSentence(entry: SentenceEntry): string {
  const email = text(entry, "email") ?? "someone";
  if (entry.action === "insert") return `invited ${email} as ${roleName(pick(entry, "role"))}`;
  if (entry.action === "delete") return `deleted the invitation to ${email}`;
  const status = changed(entry, "status");
  if (status?.after === "accepted") return `accepted the invitation sent to ${email}`;
  if (status?.after === "revoked") return `revoked the invitation to ${email}`;
  if (entry.changes.token_hash || entry.changes.expires_at) return `resent the invitation to ${email}`;
  return `updated the invitation to ${email}`;
}

function permissionSentence(entry: SentenceEntry): string {
  const role = roleName(pick(entry, "role"));
  const action = text(entry, "action") ?? "use";
  const resource = (text(entry, "resource") ?? "something").replace(/_/g, " ");
  return entry.action === "delete"
    ? `took away ${role}'s permission to ${action} ${resource}`
    : `allowed ${role} to ${action} ${resource}`;
}

/**
 * One entry as the rest of a sentence that starts with the actor's name: "invited sam@acme.test
 * as Sales", "changed Bo's role from Sales to Administrator", "created the workflow Lead follow-up".
 */
export function auditSentence(entry: SentenceEntry): string {
  switch (entry.resource_type) {
    case "organization_members":
      return membershipSentence(entry);
    case "invitations":
      return invitationSentence(entry);
    case "role_permissions":
      return permissionSentence(entry);
    case "team_members": {
      const name = text(entry, "full_name") ?? text(entry, "name") ?? "someone";
      if (entry.action === "insert") return `added ${name} to the team`;
      if (entry.action === "delete") return `removed ${name} from the team`;
      return `updated ${name}'s team details`;
    }
    case "contacts":
      return contactSentence(entry);
    case "api_keys": {
      const name = text(entry, "name") ?? text(entry, "prefix") ?? "";
      const revoked = changed(entry, "revoked_at");
      if (revoked && revoked.after) return `revoked the API key ${name}`.trimEnd();
      break;
    }
    case "organizations": {
      if (entry.action === "insert") return `created the organization ${text(entry, "name") ?? ""}`.trimEnd();
      const rename = changed(entry, "name");
      if (rename && typeof rename.after === "string") return `renamed the organization to ${rename.after}`;
      if (entry.action === "update") return "updated the organization's settings";
      break;
    }
  }
  const { verb, resource, subject } = describeAuditEntry(entry);
  // "Team member" reads "team member" mid-sentence; "API key" keeps its capitals.
  const noun = /^[A-Z]{2}/.test(resource) ? resource : resource.charAt(0).toLowerCase() + resource.slice(1);
  return `${verb} the ${noun}${subject ? ` ${subject}` : ""}`;
}
