import postgres from "postgres";
import { stackConfig } from "@/lib/config/stack";
import { currentRequestContext, type RequestContext } from "./request-context";

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

/**
 * The server-side limits every connection of the app and the worker carries: no statement runs
 * longer than `statementMs`, and a session left idle inside a transaction for `idleInTransactionMs`
 * is ended by PostgreSQL, so a request that stalls mid-transaction cannot hold a pooled
 * connection for good. 0 turns one off (e.g. behind a pooler that refuses startup parameters).
 */
export type SessionTimeouts = { statementMs: number; idleInTransactionMs: number };

/** Requests: anything slower than this is a bug or an attack; our transactions never wait on I/O. */
export const APP_SESSION_TIMEOUTS: SessionTimeouts = { statementMs: 30_000, idleInTransactionMs: 30_000 };
/** The worker: batch writes (a knowledge base's chunks, a month's recompute) get more room. */
export const WORKER_SESSION_TIMEOUTS: SessionTimeouts = { statementMs: 120_000, idleInTransactionMs: 60_000 };

/**
 * The timeouts for the app (`DATABASE_STATEMENT_TIMEOUT_MS`, `DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS`)
 * or the worker (`WORKER_STATEMENT_TIMEOUT_MS`, `WORKER_IDLE_IN_TRANSACTION_TIMEOUT_MS`), from the
 * environment over the defaults above. Migrations and benchmarks open their own connections.
 */
export function sessionTimeouts(
  kind: "app" | "worker",
  env: Record<string, string | undefined> = process.env,
): SessionTimeouts {
  const [prefix, defaults] =
    kind === "app" ? ["DATABASE_", APP_SESSION_TIMEOUTS] : ["WORKER_", WORKER_SESSION_TIMEOUTS];
  const read = (name: string, fallback: number) => {
    const v = env[`${prefix}${name}`];
    return v !== undefined && v.trim() !== "" && Number.isInteger(Number(v)) && Number(v) >= 0
      ? Number(v)
      : fallback;
  };
  return {
    statementMs: read("STATEMENT_TIMEOUT_MS", defaults.statementMs),
    idleInTransactionMs: read("IDLE_IN_TRANSACTION_TIMEOUT_MS", defaults.idleInTransactionMs),
  };
}

/** The timeouts as startup parameters (what postgres.js's `connection` and pg's URL take). */
export function sessionParameters(timeouts: SessionTimeouts): Record<string, string> {
  return {
    ...(timeouts.statementMs > 0 ? { statement_timeout: String(timeouts.statementMs) } : {}),
    ...(timeouts.idleInTransactionMs > 0
      ? { idle_in_transaction_session_timeout: String(timeouts.idleInTransactionMs) }
      : {}),
  };
}

/** `url` with the timeouts as query parameters, for clients configured by URL (graphile-worker's pg). */
export function urlWithSessionTimeouts(url: string, timeouts: SessionTimeouts): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(sessionParameters(timeouts)))
    parsed.searchParams.set(name, value);
  return parsed.toString();
}

export function createPool(
  url: string,
  options: postgres.Options<Record<string, never>> = {},
  timeouts: SessionTimeouts = sessionTimeouts("app"),
): Sql {
  return postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    idle_timeout: 30,
    connect_timeout: 10,
    // Supabase's transaction-mode pooler does not support prepared statements.
    prepare: !/pooler\.supabase\.com:6543/.test(url),
    onnotice: () => {},
    ...options,
    connection: { ...sessionParameters(timeouts), ...options.connection },
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
  return transactionAs(db, "authenticated", claims, request ?? currentRequestContext(), work);
}

/** Runs `work` as `anon`: what a visitor who is not signed in may see (RLS and grants decide). */
export async function withAnon<T>(work: (tx: Tx) => Promise<T>, db: Sql = sql()): Promise<T> {
  return transactionAs(db, "anon", {}, {}, work);
}

/**
 * DANGER: bypasses row-level security. For work with no user behind it (webhooks, the worker, the
 * local stack's bootstrap). Code on this path must check tenancy itself.
 */
export async function withServiceRoleBypassingRls<T>(
  work: (tx: Tx) => Promise<T>,
  db: Sql = sql(),
): Promise<T> {
  return transactionAs(db, "service_role", {}, {}, work);
}

/**
 * Sends work's last statement (a query not yet awaited) with COMMIT right behind it; resolves to
 * the statement's rows.
 */
export type CommitWith = <R extends readonly postgres.MaybeRow[]>(
  last: postgres.PendingQuery<R>,
) => Promise<postgres.RowList<R>>;

/**
 * DANGER: bypasses row-level security, as withServiceRoleBypassingRls, whose transaction this is
 * in fewer round trips, for the public chat API (every visitor message is one): BEGIN and the role
 * switch travel with work's first statement, and `commitWith(lastStatement)` sends COMMIT right
 * behind work's last one. Nothing may follow that statement (the transaction has ended); when
 * work does not call it, COMMIT follows on its own. No savepoints.
 */
export async function withServiceRolePipelined<T>(
  work: (tx: Tx, commitWith: CommitWith) => Promise<T>,
  db: Sql = sql(),
): Promise<T> {
  return pipelinedTransactionAs(db, "service_role", {}, {}, work);
}

/**
 * As withUser, in one round trip for reads that are one statement (the app shell every signed-in
 * page renders): BEGIN, the switch to the user's role and claims, work's statement and COMMIT
 * (when work hands its statement to `commitWith`) travel together. RLS applies as in withUser.
 * No savepoints.
 */
export async function withUserPipelined<T>(
  claims: UserClaims,
  work: (tx: Tx, commitWith: CommitWith) => Promise<T>,
  db: Sql = sql(),
): Promise<T> {
  if (!claims?.sub) throw new Error("withUserPipelined needs verified claims with a subject");
  return pipelinedTransactionAs(db, "authenticated", claims, currentRequestContext(), work);
}

async function pipelinedTransactionAs<T>(
  db: Sql,
  role: DatabaseRole,
  claims: Partial<UserClaims>,
  request: RequestContext,
  work: (tx: Tx, commitWith: CommitWith) => Promise<T>,
): Promise<T> {
  const connection = await db.reserve();
  const tx = connection as unknown as Tx;
  let ended = false;
  // postgres.js sends queries in the order they start (execute(), or when first awaited): these
  // two start now, in this order, and wait in its write buffer for work's first statement.
  const opened = Promise.all([connection`begin`.execute(), actAs(tx, role, claims, request)]);
  opened.catch(() => {}); // awaited below
  const commitWith: CommitWith = async <R extends readonly postgres.MaybeRow[]>(
    last: postgres.PendingQuery<R>,
  ) => {
    if (ended) throw new Error("commitWith: the transaction has already ended");
    ended = true;
    last.execute(); // queued before the COMMIT (postgres.js sends queries in the order they start)
    const committed = connection`commit`;
    committed.catch(() => {}); // awaited below
    let rows: postgres.RowList<R>;
    try {
      rows = await last; // on failure the COMMIT above ends the aborted transaction as a ROLLBACK
    } finally {
      await committed;
    }
    // A statement whose error work caught aborted the transaction: COMMIT answered ROLLBACK.
    if ((await committed).command !== "COMMIT") throw rolledBack();
    return rows;
  };
  try {
    const result = await work(tx, commitWith);
    await opened;
    if (!ended) {
      ended = true;
      if ((await connection`commit`).command !== "COMMIT") throw rolledBack();
    }
    return result;
  } catch (e) {
    if (!ended) await connection`rollback`.catch(() => {});
    await opened; // its failure is the cause of any other
    throw e;
  } finally {
    connection.release();
  }
}

const rolledBack = () =>
  new Error("The transaction was rolled back: one of its statements failed (its error was caught).");

/**
 * One transaction with the role switched first. The switch is not awaited before `work` starts:
 * postgres.js pipelines statements on a connection, so it travels with work's first statement in
 * one round trip, and Postgres runs them in order (nothing of `work` runs before the switch; if
 * the switch fails, every later statement fails with it and its error is the one thrown).
 *
 * When the server ends the session under a transaction (idle_in_transaction_session_timeout, an
 * administrator), postgres.js rejects the transaction at once, while `work` may still be running.
 * From then on `work` is refused any statement (postgres.js would send it on the dead connection,
 * or on the next session that connection opens for someone else), and nothing more is sent in
 * this transaction's name: postgres.js 3.4 writing its ROLLBACK or COMMIT there crashes the
 * process (porsager/postgres#1208), so the callback never settles and is left to be collected.
 */
async function transactionAs<T>(
  db: Sql,
  role: DatabaseRole,
  claims: Partial<UserClaims>,
  request: RequestContext,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  let ended = false;
  try {
    return (await db.begin(async (tx) => {
      const switched = actAs(tx, role, claims, request);
      switched.catch(() => {}); // awaited below; this only keeps Node from calling it unhandled meanwhile
      let result: T;
      try {
        result = await work(refusedOnceEnded(tx, () => ended));
      } catch (e) {
        if (ended) return new Promise<never>(() => {});
        await switched;
        throw e;
      }
      if (ended) return new Promise<never>(() => {});
      await switched;
      return result;
    })) as T;
  } finally {
    ended = true;
  }
}

const transactionEnded = () =>
  new Error("The database transaction has already ended (its connection was closed); nothing was saved.");

/** `tx`, refusing every statement once `isEnded()` says the transaction is over. */
function refusedOnceEnded(tx: Tx, isEnded: () => boolean): Tx {
  const guarded = new Set<PropertyKey>(["unsafe", "file", "savepoint"]);
  return new Proxy(tx, {
    apply(target, thisArg, args) {
      if (isEnded()) throw transactionEnded();
      return Reflect.apply(target as unknown as (...a: unknown[]) => unknown, thisArg, args);
    },
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || !guarded.has(property)) return value;
      return (...args: unknown[]) => {
        if (isEnded()) throw transactionEnded();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export type DatabaseRole = "anon" | "authenticated" | "service_role";

/** Request context that triggers may read (the audit log's ip and user agent), as PostgREST sets it. */
export type { RequestContext };

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
  // execute(): sent now, ahead of any statement the caller starts after this call (see transactionAs).
  await tx`select set_config('role', ${role}, true),
                  set_config('request.jwt.claims', ${JSON.stringify({ ...claims, role })}, true),
                  set_config('request.headers', ${headers}, true)`.execute();
}
