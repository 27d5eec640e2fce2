import "server-only";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { apiIdentitySchema, apiOrganizationSchema } from "./schemas";
import type { AuthenticatedKey } from "./keys";

/** What the REST API's `/me` and `/organization` answer; the queries run in the caller's transaction (RLS as the key). */

export async function getApiKeyIdentity(tx: Tx, key: AuthenticatedKey) {
  const [user] = await tx`select id, email, display_name from profiles where id = ${key.userId}`;
  return apiIdentitySchema.parse({
    key: { id: key.id, name: key.name, prefix: key.prefix, permissions: key.permissions },
    user: user ? { id: user.id, email: user.email, display_name: user.display_name } : { id: key.userId },
    organization: { id: key.organizationId },
  });
}

export async function getApiOrganization(tx: Tx, organizationId: string) {
  const [org] = await tx`
    select to_jsonb(r) as org from (
      select id, name, slug, status, subscription_plan as plan, subscription_status, created_at,
             jsonb_build_object('users', max_users, 'workflows', max_workflows, 'bots', max_bots,
                                'executions_per_month', max_executions_per_month) as limits,
             jsonb_build_object('executions_this_month', executions_this_month) as usage
      from organizations where id = ${organizationId}) r`;
  if (!org) throw new AppError("not_found", "The key's organization could not be found.");
  return apiOrganizationSchema.parse(org.org);
}
