import "server-only";
import { z } from "zod";
import { listPage, pageQuerySchema, pageSchema, readOne, type ListSource } from "@/lib/db/pagination";
import { createInvitation, invitationRowSchema, revokeInvitation } from "@/lib/organizations/invitations";
import { memberRowSchema } from "@/lib/organizations/members";
import {
  deleteTeamMember,
  insertTeamMember,
  teamMemberInputSchema,
  teamMemberRowSchema,
  updateTeamMember,
} from "@/lib/organizations/team-members";
import { deletedSchema, endpoint, idParams } from "../endpoint";
import { onTheWire, validated } from "./shared";

/** The organization's people: members (logins), their invitations, and team members (reps, support). */

export const memberSchema = onTheWire(memberRowSchema);
export const members: ListSource = {
  table: "public.organization_members",
  from: "public.organization_members t join private.member_directory(t.organization_id) p on p.id = t.user_id",
  columns: `t.id, t.user_id, p.email, p.display_name, p.avatar_url, t.role, t.status, t.joined_at, t.last_active_at`,
};

const invitationSchema = onTheWire(invitationRowSchema);
const invitations: ListSource = {
  table: "public.invitations",
  from: "public.invitations t left join private.member_directory(t.organization_id) d on d.id = t.invited_by",
  columns: `t.id, t.email::text as email, t.role,
            case when t.expires_at <= now() then 'expired' else 'pending' end as status,
            coalesce(d.display_name, d.email) as invited_by_name, t.expires_at, t.last_sent_at, t.created_at`,
};
const openInvitation = (tx: Parameters<typeof listPage>[0]) =>
  tx`t.accepted_at is null and t.revoked_at is null and t.declined_at is null`;

const teamMemberSchema = onTheWire(teamMemberRowSchema).extend({ commission_rate: z.number().nullable() });
const teamMembers: ListSource = {
  table: "public.team_members",
  from: "public.team_members t left join private.member_directory(t.organization_id) d on d.id = t.user_id",
  columns: `t.id, t.full_name, t.email::text as email, t.external_id, t.member_type, t.commission_type,
            t.commission_rate, t.user_id, coalesce(d.display_name, d.email) as linked_user_name, t.status,
            t.created_at`,
};
const teamMemberBody = z.object({
  full_name: z.string().max(200),
  email: z.string().max(320).nullable().optional(),
  external_id: z
    .string()
    .max(255)
    .nullable()
    .optional()
    .describe("Its id elsewhere (the GoHighLevel user id)."),
  member_type: z.enum(["sales", "support", "operations"]).optional(),
  commission_type: z.enum(["percentage", "flat"]).optional(),
  commission_rate: z.number().min(0).nullable().optional(),
  user_id: z.uuid().nullable().optional().describe("The member (login) it is, if any."),
});
const TEAM_MEMBER_GONE = "That team member could not be found.";

export const peopleEndpoints = {
  listMembers: endpoint({
    method: "get",
    path: "/api/v1/members",
    operationId: "listMembers",
    summary: "List the organization's members (people who sign in)",
    tag: "Members",
    permission: ["members", "read"],
    query: pageQuerySchema,
    response: pageSchema(memberSchema),
    handler: ({ tx, organizationId, query }) => listPage(tx, organizationId, members, query, memberSchema),
  }),
  readMember: endpoint({
    method: "get",
    path: "/api/v1/members/{id}",
    operationId: "getMember",
    summary: "A member",
    tag: "Members",
    permission: ["members", "read"],
    params: idParams("membership"),
    response: memberSchema,
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, members, params.id, memberSchema, "That member could not be found."),
  }),
  listInvitations: endpoint({
    method: "get",
    path: "/api/v1/invitations",
    operationId: "listInvitations",
    summary: "List open invitations (pending or expired)",
    tag: "Members",
    permission: ["members", "read"],
    query: pageQuerySchema,
    response: pageSchema(invitationSchema),
    handler: ({ tx, organizationId, query }) =>
      listPage(tx, organizationId, invitations, query, invitationSchema, openInvitation(tx)),
  }),
  createInvitation: endpoint({
    method: "post",
    path: "/api/v1/invitations",
    operationId: "createInvitation",
    summary: "Invite someone by email (they get a link that works for 7 days)",
    tag: "Members",
    permission: ["members", "create"],
    body: z.object({
      email: z.email().max(320),
      role: z.enum(["administrator", "sales", "bot_trainer", "viewer"]),
    }),
    response: invitationSchema,
    status: 201,
    handler: async ({ tx, claims, organizationId, body }) => {
      const [org] = await tx`select name from public.organizations where id = ${organizationId}`;
      const { id } = await createInvitation(
        claims,
        { id: organizationId, name: z.string().parse(org?.name) },
        { email: body.email.toLowerCase(), role: body.role },
      );
      return readOne(tx, organizationId, invitations, id, invitationSchema, "That invitation is gone.");
    },
  }),
  revokeInvitation: endpoint({
    method: "delete",
    path: "/api/v1/invitations/{id}",
    operationId: "revokeInvitation",
    summary: "Revoke an open invitation (its link stops working)",
    tag: "Members",
    permission: ["members", "update"],
    params: idParams("invitation"),
    response: deletedSchema,
    handler: async ({ claims, organizationId, params }) => {
      await revokeInvitation(claims, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
  listTeamMembers: endpoint({
    method: "get",
    path: "/api/v1/team_members",
    operationId: "listTeamMembers",
    summary: "List team members (sales reps, support), with or without a login",
    tag: "Team members",
    permission: ["team_members", "read"],
    query: pageQuerySchema.extend({ external_id: z.string().max(255).optional() }),
    response: pageSchema(teamMemberSchema),
    handler: ({ tx, organizationId, query: q }) =>
      listPage(
        tx,
        organizationId,
        teamMembers,
        q,
        teamMemberSchema,
        q.external_id ? tx`t.external_id = ${q.external_id}` : undefined,
      ),
  }),
  readTeamMember: endpoint({
    method: "get",
    path: "/api/v1/team_members/{id}",
    operationId: "getTeamMember",
    summary: "A team member",
    tag: "Team members",
    permission: ["team_members", "read"],
    params: idParams("team member"),
    response: teamMemberSchema,
    responseName: "TeamMember",
    handler: ({ tx, organizationId, params }) =>
      readOne(tx, organizationId, teamMembers, params.id, teamMemberSchema, TEAM_MEMBER_GONE),
  }),
  createTeamMember: endpoint({
    method: "post",
    path: "/api/v1/team_members",
    operationId: "createTeamMember",
    summary: "Add a team member",
    tag: "Team members",
    permission: ["team_members", "create"],
    body: teamMemberBody,
    response: teamMemberSchema,
    status: 201,
    handler: async ({ tx, organizationId, body }) => {
      const { id } = await insertTeamMember(tx, organizationId, validated(teamMemberInputSchema, body));
      return readOne(tx, organizationId, teamMembers, id, teamMemberSchema, TEAM_MEMBER_GONE);
    },
  }),
  updateTeamMember: endpoint({
    method: "patch",
    path: "/api/v1/team_members/{id}",
    operationId: "updateTeamMember",
    summary: "Change a team member's fields (those sent; the others stay)",
    tag: "Team members",
    permission: ["team_members", "update"],
    params: idParams("team member"),
    body: teamMemberBody.partial(),
    response: teamMemberSchema,
    handler: async ({ tx, organizationId, params, body }) => {
      const current = await readOne(
        tx,
        organizationId,
        teamMembers,
        params.id,
        teamMemberSchema,
        TEAM_MEMBER_GONE,
      );
      const merged = validated(teamMemberInputSchema, { ...current, ...body });
      await updateTeamMember(tx, organizationId, { id: params.id, input: merged });
      return readOne(tx, organizationId, teamMembers, params.id, teamMemberSchema, TEAM_MEMBER_GONE);
    },
  }),
  deleteTeamMember: endpoint({
    method: "delete",
    path: "/api/v1/team_members/{id}",
    operationId: "deleteTeamMember",
    summary: "Delete a team member (their commissions go with them)",
    tag: "Team members",
    permission: ["team_members", "delete"],
    params: idParams("team member"),
    response: deletedSchema,
    handler: async ({ tx, organizationId, params }) => {
      await deleteTeamMember(tx, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
};
