import { Logger, runMigrations } from "graphile-worker";
import postgres from "postgres";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";

/**
 * The durable queue (platform code: it knows no feature's tasks): graphile-worker's schema in the
 * same Postgres. Jobs are added with its SQL API (`graphile_worker.add_job`) on the service path
 * (the queue schema is granted to service_role only, never to anon or authenticated:
 * 20261207000100_least_privilege.sql). Features name their tasks and queue them with `enqueueJob`.
 */

const ready = new Map<string, Promise<void>>();

/**
 * Installs or upgrades the queue schema once per process and database. The schema's owner (the
 * local stack's superuser, hosted Supabase's `postgres`) does that; a login role without
 * privileges of its own (the local stack's `authenticator`) only checks, as service_role, that
 * the schema is there and current.
 */
export function ensureQueue(connectionString: string): Promise<void> {
  let p = ready.get(connectionString);
  if (!p) {
    p = migrateQueue(connectionString).catch((e) => {
      ready.delete(connectionString);
      throw e;
    });
    ready.set(connectionString, p);
  }
  return p;
}

async function migrateQueue(connectionString: string): Promise<void> {
  try {
    await runMigrations({ connectionString, logger: quietLogger() });
  } catch (e) {
    const session = await serviceSessionUrl(connectionString);
    if ((e as { code?: string }).code !== "42501" || session === connectionString) throw e;
    await runMigrations({ connectionString: session, logger: quietLogger() });
  }
}

/**
 * The worker is the service path (it runs as service_role, ARCHITECTURE.md). A login role like
 * Supabase's `authenticator` (NOINHERIT: nothing of its own, it may only switch to anon,
 * authenticated and service_role) gets every session switched to service_role at connection
 * start (`-c role=service_role`, the startup `options`); a login role with privileges of its own
 * (hosted Supabase's `postgres`) is used as is.
 */
export async function serviceSessionUrl(connectionString: string): Promise<string> {
  const probe = postgres(connectionString, { max: 1, onnotice: () => {} });
  try {
    const [role] = await probe<{ rolinherit: boolean }[]>`
      select rolinherit from pg_roles where rolname = current_user`;
    if (role?.rolinherit !== false) return connectionString;
  } finally {
    await probe.end();
  }
  const url = new URL(connectionString);
  url.searchParams.set("options", "-c role=service_role");
  return url.toString();
}

export type EnqueueOptions = {
  runAt?: Date;
  /** A job key makes a repeat enqueue replace the waiting job instead of adding another. */
  jobKey?: string;
  maxAttempts?: number;
  /** Jobs in one named queue run one at a time, in order. */
  queueName?: string;
  /** What a repeat enqueue with the same key does (graphile-worker's job_key_mode): `replace`
   *  re-times the waiting job; `preserve_run_at` keeps its time (an earlier wake-up stays). */
  jobKeyMode?: "replace" | "preserve_run_at";
  /** Lower numbers are fetched first (default 0). */
  priority?: number;
};

/** Queues a job of a task (lib/jobs/tasks.ts names them) through graphile-worker's SQL API. */
export async function enqueueJob(
  task: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions = {},
  db: Sql = defaultSql(),
): Promise<void> {
  await addJob(
    db,
    (tx) =>
      tx`select graphile_worker.add_job(${task}::text, ${tx.json(payload as never)}::json,
                                       queue_name => ${options.queueName ?? null}::text,
                                       run_at => ${options.runAt ?? null}::timestamptz,
                                       max_attempts => ${options.maxAttempts ?? 25}::int,
                                       job_key => ${options.jobKey ?? null}::text,
                                       job_key_mode => ${options.jobKeyMode ?? "replace"}::text,
                                       priority => ${options.priority ?? 0}::int)`,
  );
}

async function addJob(db: Sql, add: (tx: Sql) => Promise<unknown>): Promise<void> {
  await withQueueInstalled(db, () => withServiceRoleBypassingRls((tx) => add(tx as unknown as Sql), db));
}

/**
 * Runs `work`, which queues jobs (in a transaction of its own making, say); when the queue's
 * schema is not there yet (it is created by the first worker, and a web server may get there
 * first), installs it and runs `work` again. `work` must be safe to repeat after such a failure:
 * a transaction that failed on it has rolled back.
 */
export async function withQueueInstalled<T>(db: Sql, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if ((code !== "3F000" && code !== "42883") || !/graphile_worker/.test(String((e as Error).message)))
      throw e;
    await ensureQueue(connectionUrl(db));
    return work();
  }
}

function connectionUrl(db: Sql): string {
  const o = db.options as unknown as {
    host: string[];
    port: number[];
    user: string;
    pass: string | null;
    database: string;
  };
  const auth = `${encodeURIComponent(o.user)}${o.pass ? `:${encodeURIComponent(String(o.pass))}` : ""}`;
  return `postgresql://${auth}@${o.host[0]}:${o.port[0]}/${o.database}`;
}

export function quietLogger(): Logger {
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") console.error(`[queue] ${level}: ${message}`);
  });
}
