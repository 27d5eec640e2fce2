/**
 * `npm run bench:engine-workers`: do worker processes add up? (issue 18, item 3.) BENCH_RUNS runs
 * (default 3,000) of a 5-step workflow (manual trigger + 4 `set` steps) are queued, held, then
 * released at once to 1, 2 and 4 worker processes (`npm run worker`, 10 runs at a time each),
 * with the organization's limit of running runs lifted (100,000). Prints runs/s per line and, to say
 * where the time goes, what the database's busy sessions were waiting on while the queue drained
 * (pg_stat_activity sampled every 20 ms: "CPU" = running, Lock:* = row/transaction locks,
 * LWLock:* / IO:* = WAL and buffers, Client:ClientRead = waiting for a worker to send the next
 * statement, i.e. the workers are the slower side).
 * On a machine shared with other work the load average printed with each line matters: extra
 * processes cannot add CPU that is not there.
 */
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { load } from "./app-server";
import { startWorkerProcess, stopWorkerProcess } from "./worker-process";
import { benchOrganization, publishChain } from "./workflow-fixtures";

const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const PROCESSES = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);

/** Tallies what the database's active sessions wait on until `done()` says stop. */
async function sampleWaits(sql: postgres.Sql, done: () => boolean): Promise<string> {
  const tally = new Map<string, number>();
  const lockers = new Map<string, number>();
  let samples = 0;
  while (!done()) {
    const rows = await sql<{ what: string; query: string }[]>`
      select coalesce(wait_event_type || ':' || wait_event, 'CPU') as what,
             left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 60) as query
      from pg_stat_activity
      where datname = current_database() and state = 'active' and pid <> pg_backend_pid()
        and query not ilike 'listen%'`;
    samples++;
    for (const r of rows) {
      tally.set(r.what, (tally.get(r.what) ?? 0) + 1);
      if (r.what.startsWith("Lock:")) lockers.set(r.query, (lockers.get(r.query) ?? 0) + 1);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const per = (n: number) => (n / Math.max(1, samples)).toFixed(2);
  const top = [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const waiters = [...lockers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return (
    top.map(([what, n]) => `${what} ${per(n)}`).join(", ") +
    (waiters.length
      ? `\n    waiting on locks: ${waiters.map(([q, n]) => `${per(n)} in "${q}"`).join("; ")}`
      : "")
  );
}

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_engine_workers", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { startExecution } = await import("@/lib/engine/start");
  const { ensureQueue } = await import("@/lib/queue/queue");
  const sql = postgres(scratch.url, { max: 3, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(
      `PostgreSQL ${server_version} (${scratch.server}); ${RUNS} runs of a 5-step workflow per line`,
    );
    console.log(`(busy sessions on average while draining, by what they wait on)\n`);
    await ensureQueue(scratch.url);
    const organizationId = await benchOrganization(sql);
    await sql`update organizations set settings = ${sql.json({ max_concurrent_executions: 100_000 })}
              where id = ${organizationId}`;
    const workflowId = await publishChain(sql, organizationId, [
      { id: "manual_1", type: "manual" },
      ...[1, 2, 3, 4].map((i) => ({
        id: `set_${i}`,
        type: "set",
        config: { fields: [{ name: "v", value: `{{ trigger.input.n }}-${i}` }] },
      })),
    ]);
    for (const count of PROCESSES) {
      await sql`delete from executions where organization_id = ${organizationId}`;
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < RUNS)
            await startExecution({
              organizationId,
              workflowId,
              triggerType: "manual",
              input: { input: { n: next++ } },
            });
        }),
      );
      // Held until every worker is up, then released at once.
      await sql`update graphile_worker._private_jobs set run_at = now() + interval '1 hour'`;
      const workers = await Promise.all(
        Array.from({ length: count }, () =>
          startWorkerProcess({ DATABASE_URL: scratch.url, ENGINE_CONCURRENCY: "10", ENGINE_POLL_MS: "100" }),
        ),
      );
      try {
        await sql`update graphile_worker._private_jobs set run_at = now()`;
        const started = performance.now();
        let drained = false;
        const waits = sampleWaits(sql, () => drained);
        for (;;) {
          const [{ n }] = (await sql`select count(*)::int as n from executions
                                      where organization_id = ${organizationId} and status = 'completed'`) as unknown as [
            { n: number },
          ];
          if (n >= RUNS) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const seconds = (performance.now() - started) / 1000;
        drained = true;
        console.log(
          `${count} worker process(es): ${(RUNS / seconds).toFixed(0)} runs/s (${seconds.toFixed(2)} s); ` +
            `${await waits}; ${load()}`,
        );
      } finally {
        await Promise.all(workers.map(stopWorkerProcess));
      }
    }
  } finally {
    await sql.end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
