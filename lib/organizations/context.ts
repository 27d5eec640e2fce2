import { cache } from "react";
import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { can } from "./can";
import {
  organizationColumns,
  organizationRowSchema,
  type Organization,
  type PermissionAction,
  type Permissions,
  type Role,
} from "./schema";

/**
 * The organization a request works in, resolved once by the entry-point wrappers (pages, server
 * actions, route handlers): the organization, the member's role and what they may do there. The
 * permissions come from the same SQL function RLS uses, so the UI offers exactly what the
 * database will allow.
 */
export type OrganizationContext = {
  organization: Organization;
  role: Role;
  permissions: Permissions;
  /** The plan features the organization has (public.subscription_plan_features): see hasFeature. */
  features: string[];
};

const contextRowSchema = organizationRowSchema.extend({
  role: z.enum(["owner", "administrator", "sales", "bot_trainer", "viewer"]),
  permissions: z.record(z.string(), z.array(z.enum(["create", "read", "update", "delete", "approve"]))),
  features: z.array(z.string()),
});

/**
 * The context of the member `userId` in the organization `slug`, read in the caller's transaction
 * (opened as that user): null when they are not an active member.
 */
export async function readOrganizationContext(
  tx: Tx,
  userId: string,
  slug: string,
): Promise<OrganizationContext | null> {
  const [row] = await tx`
      select ${tx(organizationColumns.map((c) => `o.${c}`) as never)}, m.role, public.my_permissions(o.id) as permissions,
             public.organization_feature_keys(o.id) as features
      from organizations o
      join organization_members m on m.organization_id = o.id and m.user_id = ${userId} and m.status = 'active'
      where o.slug = ${slug}`;
  if (!row) return null;
  const { role, permissions, features, ...organization } = contextRowSchema.parse(row);
  return { organization, role, permissions, features };
}

async function loadOrganizationContext(
  claims: UserClaims,
  slug: string,
): Promise<OrganizationContext | null> {
  return withUser(claims, (tx) => readOrganizationContext(tx, claims.sub, slug));
}

/** Per request: layouts, pages and actions that ask for the same organization share one query. */
export const getOrganizationContext = cache(loadOrganizationContext);

export { can };

/**
 * The context read in the caller's transaction, or a 404 for a slug the user is not a member of
 * (no hint that it exists), or a 403 without `permission`.
 */
export async function requireOrganizationContextIn(
  tx: Tx,
  claims: UserClaims,
  slug: string,
  permission?: readonly [resource: string, action: PermissionAction],
): Promise<OrganizationContext> {
  return authorize(await readOrganizationContext(tx, claims.sub, slug), permission);
}

/** As requireOrganizationContextIn, in a transaction of its own (shared by the request's callers). */
export async function requireOrganizationContext(
  claims: UserClaims,
  slug: string,
  permission?: readonly [resource: string, action: PermissionAction],
): Promise<OrganizationContext> {
  return authorize(await getOrganizationContext(claims, slug), permission);
}

function authorize(
  context: OrganizationContext | null,
  permission: readonly [resource: string, action: PermissionAction] | undefined,
): OrganizationContext {
  if (!context)
    throw new AppError("not_found", "That organization does not exist or you are not a member of it.");
  if (permission && !can(context, permission[0], permission[1])) {
    throw new AppError("forbidden", `Your role (${context.role.replace("_", " ")}) cannot do that here.`);
  }
  return context;
}
