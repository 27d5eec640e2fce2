import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { UserClaims } from "@/lib/auth/session";
import { withUser, type Tx } from "@/lib/db/client";
import {
  requireOrganizationContext,
  requireOrganizationContextIn,
  type OrganizationContext,
} from "@/lib/organizations/context";
import type { PermissionAction } from "@/lib/organizations/schema";
import { defineAction, type FormAction } from "./action";

/**
 * Server actions that work inside an organization. The form names its organization in a hidden
 * `organization` field (the slug); this wrapper resolves the member's context and checks the
 * permission before the handler runs, so handlers never work out the tenant themselves. RLS
 * checks again underneath.
 *
 * With `transaction: true` (the template: CONTRIBUTING.md) the wrapper opens exactly one
 * transaction as the member: the context is read in it, the handler gets it as `tx`, and it
 * commits when the handler returns. What must happen after the commit (mail, queued work that
 * reads the new rows) goes to `afterCommit`; `redirect()` and `notFound()` thrown by the handler
 * commit first, as they did when handlers opened their own transaction. Without it the context is
 * read in a transaction of its own and the handler opens what it needs (older handlers).
 */
type Permission = readonly [resource: string, action: PermissionAction] | null;

type BaseArgs<S extends z.ZodType> = {
  input: z.output<S>;
  claims: UserClaims;
  org: OrganizationContext;
  formData: FormData;
};

export type OrgActionArgs<S extends z.ZodType> = BaseArgs<S> & {
  tx: Tx;
  /** Runs `work` once the transaction has committed (in order); its failure is the action's. */
  afterCommit: (work: () => Promise<unknown> | unknown) => void;
};

type Common<S extends z.ZodType, T> = {
  schema: S;
  /** What the member must be allowed to do; null for what any active member may do (e.g. leave). */
  permission: Permission;
  successMessage?: string | ((data: T) => string | undefined);
};

export function defineOrgAction<S extends z.ZodType, T>(
  definition: Common<S, T> & { transaction: true; handler: (args: OrgActionArgs<S>) => Promise<T> },
): FormAction<T>;
export function defineOrgAction<S extends z.ZodType, T>(
  definition: Common<S, T> & { transaction?: false; handler: (args: BaseArgs<S>) => Promise<T> },
): FormAction<T>;
export function defineOrgAction<S extends z.ZodType, T>(
  definition: Common<S, T> & {
    transaction?: boolean;
    handler: ((args: OrgActionArgs<S>) => Promise<T>) | ((args: BaseArgs<S>) => Promise<T>);
  },
): FormAction<T> {
  const permission = definition.permission ?? undefined;
  return defineAction({
    schema: definition.schema,
    auth: "user",
    successMessage: definition.successMessage,
    handler: async ({ input, claims, formData }) => {
      const slug = formData.get("organization");
      if (typeof slug !== "string" || !slug)
        throw new AppError("bad_request", "The form did not say which organization.");
      if (!definition.transaction) {
        const org = await requireOrganizationContext(claims, slug, permission);
        return (definition.handler as (args: BaseArgs<S>) => Promise<T>)({ input, claims, org, formData });
      }
      const handler = definition.handler as (args: OrgActionArgs<S>) => Promise<T>;
      const after: (() => Promise<unknown> | unknown)[] = [];
      const outcome = await withUser(claims, async (tx) => {
        const org = await requireOrganizationContextIn(tx, claims, slug, permission);
        try {
          return {
            value: await handler({ input, claims, org, formData, tx, afterCommit: (w) => after.push(w) }),
          };
        } catch (e) {
          if (isControlFlow(e)) return { control: e };
          throw e;
        }
      });
      for (const work of after) await work();
      if ("control" in outcome) throw outcome.control;
      return outcome.value;
    },
  });
}

/** Next's redirect(), notFound() and friends: thrown to be handled by Next, not failures. */
function isControlFlow(e: unknown): boolean {
  try {
    unstable_rethrow(e);
    return false;
  } catch {
    return true;
  }
}
