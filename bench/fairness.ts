/**
 * `npm run bench:fairness`: one tenant's burst must not delay another tenant's run (issue 18,
 * item 4). Organization A starts BENCH_BURST runs (default 10,000) of a 3-step workflow at once;
 * then, while 2 workers drain A's backlog at A's limit of running runs (10, the default),
 * organization B starts one run every second (BENCH_B_RUNS, default 15). Prints B's start delay
 * (the run's started_at minus its created_at, both by the database's clock) p50/p95/max, and how
 * far A's backlog got meanwhile. Target: B's p95 under 1 s while A's backlog drains.
 * On the machine's PostgreSQL when DATABASE_URL says so; the load average is printed with the
 * figures (other work on a shared machine slows everything here).
 */
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { load } from "./app-server";
import { fmt, percentile } from "./stats";
import { benchOrganization, publishChain } from "./workflow-fixtures";

const BURST = Number(process.env.BENCH_BURST ?? 10_000);
const B_RUNS = Number(process.env.BENCH_B_RUNS ?? 15);

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_fairness", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { startExecution } = await import("@/lib/engine/start");
  const { startWorker } = await import("@/lib/engine/worker");
  const { ensureQueue } = await import("@/lib/queue/queue");
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  const workers: Awaited<ReturnType<typeof startWorker>>[] = [];
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(
      `PostgreSQL ${server_version} (${scratch.server}); A bursts ${BURST} runs, B starts ${B_RUNS}\n`,
    );
    await ensureQueue(scratch.url);
    const organization = async (label: string) => {
      const organizationId = await benchOrganization(sql, label);
      const workflowId = await publishChain(sql, organizationId, [
        { id: "manual_1", type: "manual" },
        { id: "set_1", type: "set", config: { fields: [{ name: "v", value: "{{ trigger.input.n }}" }] } },
        {
          id: "set_2",
          type: "set",
          config: { fields: [{ name: "w", value: "{{ steps.set_1.output.v }}" }] },
        },
      ]);
      return { organizationId, workflowId };
    };
    const a = await organization("a");
    const b = await organization("b");
    const start = (o: { organizationId: string; workflowId: string }, n: number) =>
      startExecution({ ...o, triggerType: "manual", input: { input: { n } } });

    const burstStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < BURST) await start(a, next++);
      }),
    );
    console.log(
      `A: ${BURST} runs started in ${((performance.now() - burstStarted) / 1000).toFixed(1)} s; ${load()}`,
    );

    for (let i = 0; i < 2; i++)
      workers.push(await startWorker({ connectionString: scratch.url, concurrency: 10, schedules: false }));
    const drainStarted = performance.now();
    const bRuns: string[] = [];
    for (let i = 0; i < B_RUNS; i++) {
      bRuns.push((await start(b, i)).executionId);
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (;;) {
      const [{ n }] = (await sql`select count(*)::int as n from executions
                                  where id = any(${bRuns}::uuid[]) and started_at is not null`) as unknown as [
        { n: number },
      ];
      if (n >= bRuns.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - drainStarted) / 1000;
    const [{ done }] = (await sql`select count(*)::int as done from executions
                                   where organization_id = ${a.organizationId} and status = 'completed'`) as unknown as [
      { done: number },
    ];
    const delays = (
      await sql<{ ms: number }[]>`
        select extract(epoch from started_at - created_at) * 1000 as ms from executions
        where id = any(${bRuns}::uuid[])`
    )
      .map((r) => Number(r.ms))
      .sort((x, y) => x - y);
    console.log(
      `B's start delay over ${delays.length} runs: p50 ${fmt(percentile(delays, 50))}, ` +
        `p95 ${fmt(percentile(delays, 95))}, max ${fmt(delays.at(-1) ?? NaN)} (target: under 1 s)`,
    );
    console.log(
      `A meanwhile: ${done} of ${BURST} runs completed in ${seconds.toFixed(1)} s ` +
        `(${(done / seconds).toFixed(0)} runs/s at its limit of 10 running); ${load()}`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await sql.end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
