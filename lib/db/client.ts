import postgres from "postgres";
import { stackConfig } from "@/lib/config/stack";

/**
 * The data-access core. The server talks SQL to Postgres directly (postgres.js); user requests run
 * with the user's verified claims under the `authenticated` role, so row-level security decides
 * what each user may see and change, exactly as Supabase's REST layer would.
 */

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Verified JWT claims as returned by `supabase.auth.getClaims()`. */
export type UserClaims = {
  sub: string;
  role?: string;
  email?: string;
  [claim: string]: unknown;
};

const globalForDb = globalThis as unknown as { orgflowSql?: Sql; orgflowSqlUrl?: string };

/** The process-wide pool. Kept on globalThis so Next's dev reloads don't open a pool per edit. */
export function sql(): Sql {
  const url = stackConfig().databaseUrl;
  if (!globalForDb.orgflowSql || globalForDb.orgflowSqlUrl !== url) {
    globalForDb.orgflowSql = createPool(url);
    globalForDb.orgflowSqlUrl = url;
  }
  return globalForDb.orgflowSql;
}

export function createPool(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
  return postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    idle_timeout: 30,
    connect_timeout: 10,
    // Supabase's transaction-mode pooler does not support prepared statements.
    prepare: !/pooler\.supabase\.com:6543/.test(url),
    onnotice: () => {},
    ...options,
  });
}

/**
 * Runs `work` in one transaction as the user whose verified claims are given: `authenticated`
 * role, claims in `request.jwt.claims`, so `auth.uid()` and every RLS policy see that user.
 * This is the only way user requests reach the database.
 */
export async function withUser<T>(
  claims: UserClaims,
  work: (tx: Tx) => Promise<T>,
  db: Sql = sql(),
  request?: RequestContext,
): Promise<T> {
  if (!claims?.sub) throw new Error("withUser needs verified claims with a subject");
  return db.begin(async (tx) => {
    await actAs(tx, "authenticated", claims, request);
    return work(tx);
  }) as Promise<T>;
}

/** Runs `work` as `anon`: what a visitor who is not signed in may see (RLS and grants decide). */
export async function withAnon<T>(work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  return db.begin(async (tx) => {
    await actAs(tx, "anon", {});
    return work(tx);
  }) as Promise<T>;
}

/**
 * DANGER: bypasses row-level security. For work with no user behind it (webhooks, the worker, the
 * local stack's bootstrap). Code on this path must check tenancy itself.
 */
export async function withServiceRoleBypassingRls<T>(
  work: (tx: Tx) => Promise<T>,
  db: Sql = sql(),
): Promise<T> {
  return db.begin(async (tx) => {
    await actAs(tx, "service_role", {});
    return work(tx);
  }) as Promise<T>;
}

export type DatabaseRole = "anon" | "authenticated" | "service_role";

/** Request context that triggers may read (the audit log's ip and user agent), as PostgREST sets it. */
export type RequestContext = { ip?: string | null; userAgent?: string | null };

/**
 * Switches the transaction to `role` with `claims` as the request's JWT claims, the way
 * Supabase's REST layer does (`set local role`, `request.jwt.claims`), for this transaction only.
 */
export async function actAs(
  tx: Tx,
  role: DatabaseRole,
  claims: Partial<UserClaims>,
  request: RequestContext = {},
): Promise<void> {
  const headers = JSON.stringify({
    ...(request.ip ? { "x-forwarded-for": request.ip } : {}),
    ...(request.userAgent ? { "user-agent": request.userAgent } : {}),
  });
  await tx`select set_config('role', ${role}, true),
                  set_config('request.jwt.claims', ${JSON.stringify({ ...claims, role })}, true),
                  set_config('request.headers', ${headers}, true)`;
}
