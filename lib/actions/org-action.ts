import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { UserClaims } from "@/lib/auth/session";
import { requireOrganizationContext, type OrganizationContext } from "@/lib/organizations/context";
import type { PermissionAction } from "@/lib/organizations/schema";
import { defineAction, type FormAction } from "./action";

/**
 * Server actions that work inside an organization. The form names its organization in a hidden
 * `organization` field (the slug); this wrapper resolves the member's context and checks the
 * permission before the handler runs, so handlers never work out the tenant themselves. RLS
 * checks again underneath.
 */
export function defineOrgAction<S extends z.ZodType, T>(definition: {
  schema: S;
  /** What the member must be allowed to do; null for what any active member may do (e.g. leave). */
  permission: readonly [resource: string, action: PermissionAction] | null;
  handler: (args: {
    input: z.output<S>;
    claims: UserClaims;
    org: OrganizationContext;
    formData: FormData;
  }) => Promise<T>;
  successMessage?: string | ((data: T) => string | undefined);
}): FormAction<T> {
  return defineAction({
    schema: definition.schema,
    auth: "user",
    successMessage: definition.successMessage,
    handler: async ({ input, claims, formData }) => {
      const slug = formData.get("organization");
      if (typeof slug !== "string" || !slug)
        throw new AppError("bad_request", "The form did not say which organization.");
      const org = await requireOrganizationContext(claims, slug, definition.permission ?? undefined);
      return definition.handler({ input, claims, org, formData });
    },
  });
}
