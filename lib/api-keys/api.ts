import "server-only";
import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AuthenticatedKey } from "./keys";

/** What the REST API answers; the queries run under RLS as the key. */

export async function getApiKeyIdentity(key: AuthenticatedKey, claims: UserClaims) {
  const [user] = await withUser(
    claims,
    (tx) => tx`select id, email, display_name from profiles where id = ${claims.sub}`,
  );
  return {
    key: { id: key.id, name: key.name, prefix: key.prefix, permissions: key.permissions },
    user: user ? { id: user.id, email: user.email, display_name: user.display_name } : { id: claims.sub },
    organization: { id: key.organizationId },
  };
}

export async function getApiOrganization(key: AuthenticatedKey, claims: UserClaims) {
  const [org] = await withUser(
    claims,
    (tx) => tx`
      select id, name, slug, status, subscription_plan as plan, subscription_status,
             max_users, max_workflows, max_bots, max_executions_per_month, executions_this_month, created_at
      from organizations where id = ${key.organizationId}`,
  );
  if (!org) throw new AppError("not_found", "The key's organization could not be found.");
  const { max_users, max_workflows, max_bots, max_executions_per_month, executions_this_month, ...rest } =
    org;
  return {
    ...rest,
    limits: {
      users: max_users,
      workflows: max_workflows,
      bots: max_bots,
      executions_per_month: max_executions_per_month,
    },
    usage: { executions_this_month },
  };
}
