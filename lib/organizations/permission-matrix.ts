import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ACTIONS, ASSIGNABLE_ROLES, ROLES, type PermissionAction, type Role } from "./schema";

export type MatrixResource = { resource: string; label: string; description: string };
export type PermissionMatrix = {
  resources: MatrixResource[];
  /** "role:resource:action" for every permission granted. Owners have all and are not listed. */
  granted: Set<string>;
};

export const matrixKey = (role: Role, resource: string, action: PermissionAction) =>
  `${role}:${resource}:${action}`;

const resourcesSchema = z.array(
  z.object({ resource: z.string(), label: z.string(), description: z.string() }),
);

/** The resources permissions are about, in the order people read them. */
export async function listPermissionResources(tx: Tx): Promise<MatrixResource[]> {
  const rows = await tx`select resource, label, description from permission_resources order by position`;
  return resourcesSchema.parse(rows);
}

const grantSchema = z.object({ role: z.enum(ROLES), resource: z.string(), action: z.enum(ACTIONS) });

export async function getPermissionMatrix(tx: Tx, organizationId: string): Promise<PermissionMatrix> {
  const resources = await listPermissionResources(tx);
  const rows =
    await tx`select role, resource, action from role_permissions where organization_id = ${organizationId}`;
  return {
    resources,
    granted: new Set(
      z
        .array(grantSchema)
        .parse(rows)
        .map((r) => matrixKey(r.role, r.resource, r.action)),
    ),
  };
}

export const setPermissionSchema = z.object({
  role: z.enum(ASSIGNABLE_ROLES, { error: "Owners always have every permission." }),
  resource: z.string().regex(/^[a-z_]+$/),
  action: z.enum(ACTIONS),
  allowed: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function setPermission(
  tx: Tx,
  organizationId: string,
  input: z.output<typeof setPermissionSchema>,
): Promise<void> {
  if (input.allowed) {
    await tx`insert into role_permissions (organization_id, role, resource, action)
             values (${organizationId}, ${input.role}, ${input.resource}, ${input.action})
             on conflict (organization_id, role, resource, action) do nothing`;
  } else {
    await tx`delete from role_permissions where organization_id = ${organizationId}
             and role = ${input.role} and resource = ${input.resource} and action = ${input.action}`;
  }
}

/**
 * Puts a role back to the defaults every new organization starts with, touching only the rows that
 * differ (the matrix's guard judges each permission added or taken away, and an administrator
 * resetting their own role keeps organizations:update while the rows are written).
 */
export async function resetRolePermissions(tx: Tx, organizationId: string, role: Role): Promise<void> {
  if (role === "owner") throw new AppError("validation_failed", "Owners always have every permission.");
  await tx`insert into role_permissions (organization_id, role, resource, action)
           select ${organizationId}, role, resource, action from role_permission_defaults where role = ${role}
           on conflict (organization_id, role, resource, action) do nothing`;
  await tx`delete from role_permissions rp where rp.organization_id = ${organizationId} and rp.role = ${role}
           and not exists (select 1 from role_permission_defaults d
                           where d.role = rp.role and d.resource = rp.resource and d.action = rp.action)`;
}
