import "server-only";
import { z } from "zod";
import { readOne } from "@/lib/db/pagination";
import { changeMemberRole, removeMember, setMemberSuspended } from "@/lib/organizations/members";
import { ROLES } from "@/lib/organizations/schema";
import { deletedSchema, endpoint, idParams } from "../endpoint";
import { members, memberSchema } from "./people";

/**
 * Members' roles and access changed through the API. The database's rules hold as in the app
 * (private.guard_member_change): only owners change or remove owners, nobody changes their own
 * role, and ownership moves only by transfer (not offered here).
 */

const NOT_FOUND = "That member could not be found.";

const memberPatch = z
  .object({
    role: z
      .enum(ROLES.filter((r) => r !== "owner") as [string, ...string[]])
      .optional()
      .describe("The member's new role (owners are made by transferring ownership in the app)."),
    suspended: z.boolean().optional().describe("true: the member can no longer sign in here; false: again."),
  })
  .refine((p) => p.role !== undefined || p.suspended !== undefined, "Send a role, suspended or both.");

export const memberWriteEndpoints = {
  updateMember: endpoint({
    method: "patch",
    path: "/api/v1/members/{id}",
    operationId: "updateMember",
    summary: "Change a member's role, or suspend or restore them",
    tag: "Members",
    permission: ["members", "update"],
    params: idParams("membership"),
    body: memberPatch,
    response: memberSchema,
    handler: async ({ tx, organizationId, params, body }) => {
      await readOne(tx, organizationId, members, params.id, memberSchema, NOT_FOUND);
      if (body.role)
        await changeMemberRole(tx, organizationId, params.id, body.role as (typeof ROLES)[number]);
      if (body.suspended !== undefined)
        await setMemberSuspended(tx, organizationId, params.id, body.suspended);
      return readOne(tx, organizationId, members, params.id, memberSchema, NOT_FOUND);
    },
  }),
  removeMember: endpoint({
    method: "delete",
    path: "/api/v1/members/{id}",
    operationId: "removeMember",
    summary: "Remove a member from the organization",
    tag: "Members",
    permission: ["members", "delete"],
    params: idParams("membership"),
    response: deletedSchema,
    handler: async ({ tx, organizationId, params }) => {
      await readOne(tx, organizationId, members, params.id, memberSchema, NOT_FOUND);
      await removeMember(tx, organizationId, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
};
