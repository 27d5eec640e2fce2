import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ROLES, type PermissionAction } from "./schema";

/**
 * Custom roles and per-member overrides (supabase/migrations/20261207045000_custom_roles.sql and
 * 20261207035100_member_permission_overrides.sql). What a member may do is answered by the one
 * permission function only; these read and write its inputs, in the caller's transaction (RLS
 * and the guards decide who may).
 */

export const customRoleRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  members: z.number().int(),
});
export type CustomRole = z.infer<typeof customRoleRowSchema>;

export async function listCustomRoles(tx: Tx, organizationId: string): Promise<CustomRole[]> {
  const rows = await tx`
    select r.id, r.name, r.description, r.permissions,
           (select count(*) from organization_members m
             where m.organization_id = r.organization_id and m.custom_role_id = r.id)::int as members
    from custom_roles r where r.organization_id = ${organizationId}
    order by lower(r.name)`;
  return z.array(customRoleRowSchema).parse(rows);
}

/** Makes a role, its permissions copied from a built-in role's row of the matrix (or none). */
export async function createCustomRole(
  tx: Tx,
  organizationId: string,
  params: { name: string; description: string; copyFrom: string | null },
): Promise<{ id: string }> {
  const [row] = await tx`
    insert into custom_roles (organization_id, name, description, permissions)
    values (${organizationId}, ${params.name}, ${params.description},
      coalesce((select array_agg(rp.resource || ':' || rp.action) from role_permissions rp
                where rp.organization_id = ${organizationId} and rp.role::text = ${params.copyFrom}), '{}'))
    returning id`;
  return { id: z.uuid().parse(row!.id) };
}

export async function updateCustomRole(
  tx: Tx,
  organizationId: string,
  params: { id: string; name: string; description: string },
): Promise<void> {
  const rows = await tx`
    update custom_roles set name = ${params.name}, description = ${params.description}
    where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That role could not be found.");
}

export async function setCustomRolePermission(
  tx: Tx,
  organizationId: string,
  params: { id: string; resource: string; action: PermissionAction; allowed: boolean },
): Promise<void> {
  const permission = `${params.resource}:${params.action}`;
  const rows = await tx`
    update custom_roles
    set permissions = case when ${params.allowed}::boolean then array_append(array_remove(permissions, ${permission}), ${permission})
                           else array_remove(permissions, ${permission}) end
    where id = ${params.id} and organization_id = ${organizationId} returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That role could not be found.");
}

export async function deleteCustomRole(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<{ name: string }> {
  const [row] =
    await tx`delete from custom_roles where id = ${id} and organization_id = ${organizationId} returning name`;
  if (!row) throw new AppError("not_found", "That role could not be found.");
  return { name: z.string().parse(row.name) };
}

// ---------------------------------------------------------------------------------------------
// One member's permissions

const overridesSchema = z
  .object({ grant: z.array(z.string()).default([]), revoke: z.array(z.string()).default([]) })
  .catch({ grant: [], revoke: [] });
export type Overrides = z.infer<typeof overridesSchema>;

export const memberAccessSchema = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  custom_role_id: z.uuid().nullable(),
  /** The permissions their role (custom or built-in) gives, before overrides. */
  base: z.array(z.string()),
  overrides: overridesSchema,
});
export type MemberAccess = z.infer<typeof memberAccessSchema>;

/** One member's role and overrides; null when they are not a member here (or out of sight). */
export async function readMemberAccess(
  tx: Tx,
  organizationId: string,
  memberId: string,
): Promise<MemberAccess | null> {
  const [row] = await tx`
    select m.id, m.user_id, coalesce(nullif(p.display_name, ''), p.email, 'Unnamed member') as name, p.email,
           m.role, m.custom_role_id, m.custom_permissions as overrides,
           case when m.custom_role_id is not null
                then coalesce((select r.permissions from custom_roles r where r.id = m.custom_role_id), '{}')
                else coalesce((select array_agg(rp.resource || ':' || rp.action) from role_permissions rp
                                where rp.organization_id = m.organization_id and rp.role = m.role), '{}')
           end as base
    from organization_members m join private.member_directory(${organizationId}) p on p.id = m.user_id
    where m.id = ${memberId} and m.organization_id = ${organizationId}`;
  return row ? memberAccessSchema.parse(row) : null;
}

export async function setMemberCustomRole(
  tx: Tx,
  organizationId: string,
  params: { memberId: string; customRoleId: string | null },
): Promise<void> {
  const rows = await tx`
    update organization_members set custom_role_id = ${params.customRoleId}
    where id = ${params.memberId} and organization_id = ${organizationId} and role <> 'owner' returning id`;
  if (rows.length === 0)
    throw new AppError("not_found", "That member could not be found (owners have every permission).");
}

/**
 * Sets one permission of one member: the same as their role (no override), granted or revoked.
 * The lists never hold a permission twice nor in both.
 */
export async function setMemberOverride(
  tx: Tx,
  organizationId: string,
  params: { memberId: string; permission: string; state: "inherit" | "grant" | "revoke" },
): Promise<Overrides> {
  const [row] = await tx`
    select custom_permissions from organization_members
    where id = ${params.memberId} and organization_id = ${organizationId} and role <> 'owner' for update`;
  if (!row) throw new AppError("not_found", "That member could not be found (owners have every permission).");
  const current = overridesSchema.parse(row.custom_permissions);
  const without = (list: string[]) => list.filter((p) => p !== params.permission);
  const next: Overrides = { grant: without(current.grant), revoke: without(current.revoke) };
  if (params.state !== "inherit") next[params.state].push(params.permission);
  await tx`update organization_members set custom_permissions = ${tx.json(next)}
           where id = ${params.memberId} and organization_id = ${organizationId}`;
  return next;
}
