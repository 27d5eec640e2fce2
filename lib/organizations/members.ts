import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Role } from "./schema";

export const memberRowSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  email: z.string().nullable(),
  display_name: z.string().nullable(),
  avatar_url: z.string().nullable(),
  role: z.enum(["owner", "administrator", "sales", "bot_trainer", "viewer"]),
  status: z.enum(["active", "invited", "suspended"]),
  joined_at: z.date(),
  last_active_at: z.date().nullable(),
});
/** A row of the members page: the custom role's name too, when the member has one (custom-roles.ts). */
const memberListRowSchema = memberRowSchema.extend({ custom_role: z.string().nullable() });
export type Member = z.infer<typeof memberListRowSchema>;

export async function listMembers(
  tx: Tx,
  organizationId: string,
  options: { query?: string; limit?: number; offset?: number } = {},
): Promise<{ members: Member[]; total: number }> {
  const limit = Math.min(options.limit ?? 50, 200);
  const pattern = options.query ? `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await tx`
      select m.id, m.user_id, p.email, p.display_name, p.avatar_url, m.role, m.status, m.joined_at, m.last_active_at,
             cr.name as custom_role, count(*) over () as total
      from organization_members m join private.member_directory(${organizationId}) p on p.id = m.user_id
      left join custom_roles cr on cr.organization_id = m.organization_id and cr.id = m.custom_role_id
      where m.organization_id = ${organizationId}
        and (${pattern}::text is null or p.email ilike ${pattern} or p.display_name ilike ${pattern})
      order by array_position(array['owner','administrator','sales','bot_trainer','viewer']::organization_role[], m.role),
               lower(coalesce(p.display_name, p.email))
      limit ${limit} offset ${options.offset ?? 0}`;
  return {
    members: z.array(memberListRowSchema).parse(rows.map(({ total: _total, ...r }) => r)),
    total: Number(rows[0]?.total ?? 0),
  };
}

async function updateMember(
  tx: Tx,
  organizationId: string,
  memberId: string,
  changes: { role?: Role; status?: "active" | "suspended" },
): Promise<void> {
  const rows = await tx`update organization_members set ${tx(changes)}
               where id = ${memberId} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That member could not be found.");
}

export const changeMemberRole = (tx: Tx, organizationId: string, memberId: string, role: Role) =>
  updateMember(tx, organizationId, memberId, { role });

export const setMemberSuspended = (tx: Tx, organizationId: string, memberId: string, suspended: boolean) =>
  updateMember(tx, organizationId, memberId, { status: suspended ? "suspended" : "active" });

export async function removeMember(tx: Tx, organizationId: string, memberId: string): Promise<void> {
  const rows =
    await tx`delete from organization_members where id = ${memberId} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That member could not be found.");
}

/** The signed-in member (auth.uid()) leaves. */
export async function leaveOrganization(tx: Tx, organizationId: string): Promise<void> {
  const rows =
    await tx`delete from organization_members where organization_id = ${organizationId} and user_id = auth.uid() returning id`;
  if (rows.length === 0) throw new AppError("not_found", "You are not a member of this organization.");
}

export async function transferOwnership(
  tx: Tx,
  organizationId: string,
  newOwnerUserId: string,
): Promise<void> {
  await tx`select transfer_ownership(${organizationId}, ${newOwnerUserId})`;
}

/**
 * Seats in use against the plan's member limit, counted the way the database enforces it
 * (private.check_member_limit): active and invited members plus open, unexpired invitations.
 */
export async function getSeatUsage(tx: Tx, organizationId: string): Promise<{ used: number; max: number }> {
  const [row] = await tx`
      select o.max_users as max,
             (select count(*) from organization_members m
               where m.organization_id = o.id and m.status in ('active', 'invited'))::int
             + (select count(*) from invitations i
                 where i.organization_id = o.id and i.accepted_at is null and i.revoked_at is null
                   and i.declined_at is null and i.expires_at > now())::int as used
      from organizations o where o.id = ${organizationId}`;
  return z.object({ used: z.number().int(), max: z.number().int() }).parse(row ?? { used: 0, max: 0 });
}
