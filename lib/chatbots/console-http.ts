import { getClaims } from "@/lib/auth/session";
import type { UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireOrganizationContext, type OrganizationContext } from "@/lib/organizations/context";
import type { PermissionAction } from "@/lib/organizations/schema";

/**
 * The entry check of the console's route handlers (file upload, the inbox's live feed): a signed-in
 * member of the organization holding `permission`, else a 401/403/404 AppError for errorResponse.
 */
export async function requireConsoleMember(
  slug: string,
  permission: readonly [resource: string, action: PermissionAction],
): Promise<{ claims: UserClaims; org: OrganizationContext }> {
  const claims = await getClaims();
  if (!claims) throw new AppError("unauthenticated", "Your session has ended. Please sign in again.");
  const org = await requireOrganizationContext(claims, slug, permission);
  return { claims, org };
}
