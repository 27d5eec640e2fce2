import type { PermissionAction, Permissions } from "./schema";

/**
 * Whether the member may do `action` on `resource`, from the permissions their context carries
 * (the database's own answer, read once per request). Pure, so client components may use it.
 */
export function can(context: { permissions: Permissions }, resource: string, action: PermissionAction) {
  return context.permissions[resource]?.includes(action) ?? false;
}

/** Whether the organization's plan includes `feature` (a key of public.plan_features). Pure too. */
export function hasFeature(context: { features: readonly string[] }, feature: string) {
  return context.features.includes(feature);
}
