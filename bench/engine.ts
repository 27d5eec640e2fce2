/**
 * `npm run bench:engine`: the workflow engine's throughput and per-step overhead. 2,000 runs of a
 * 5-step workflow (manual trigger + 4 `set` steps: no external calls) are queued, then drained by 1
 * worker taking one run at a time, and by 1 and 2 in-process workers taking 10 runs at a time.
 * Per-step overhead is the time between one step's checkpoint and the next (the executors
 * themselves take ~0 ms), so it is what the engine costs per step: rendering, the checkpoint
 * write, the fencing check. Baseline: the same number of plain INSERT + 5 UPDATE statements on a
 * bare table, sequentially.
 *
 * The organization's concurrency limit is lifted (1,000) to measure the engine itself; a last line
 * runs 2 workers with the plan's default limit (10 running runs), where admission defers the
 * surplus. Each line says the load average and the workers' CPU time per run: on a shared machine
 * those explain slow figures better than the code.
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`;

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_engine", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { startExecution } = await import("@/lib/engine/start");
  const { startWorker } = await import("@/lib/engine/worker");
  const { ensureQueue } = await import("@/lib/queue/queue");
  const sql = postgres(scratch.url, { max: 8, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}); ${RUNS} runs of a 5-step workflow\n`);
    await ensureQueue(scratch.url);
    const userId = randomUUID();
    await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
              values (${userId}, 'authenticated', 'authenticated', ${`bench-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
    const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    await sql`update organizations set max_executions_per_month = 1000000, max_workflows = 100 where id = ${org!.id}`;
    const nodes = [
      { id: "manual_1", type: "manual", position: { x: 0, y: 0 }, data: { config: {} } },
      ...[1, 2, 3, 4].map((i) => ({
        id: `set_${i}`,
        type: "set",
        position: { x: i * 200, y: 0 },
        data: { config: { fields: [{ name: "v", value: `{{ trigger.input.n }}-${i}` }] } },
      })),
    ];
    const edges = ["manual_1", "set_1", "set_2", "set_3", "set_4"].slice(0, 4).map((s, i) => ({
      id: `e${i}`,
      source: s,
      sourceHandle: "out",
      target: `set_${i + 1}`,
      targetHandle: "in",
    }));
    const def = { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } };
    const [w] = await sql<{ id: string }[]>`insert into workflows (organization_id, name, definition)
                                            values (${org!.id}, 'Bench', ${sql.json(def)}) returning id`;
    const [v] = await sql<
      { id: string }[]
    >`insert into workflow_versions (organization_id, workflow_id, version, definition)
                                            values (${org!.id}, ${w!.id}, 1, ${sql.json(def)}) returning id`;
    await sql`update workflows set status = 'active', published_version_id = ${v!.id}, trigger_type = 'manual' where id = ${w!.id}`;

    // Under throughput (10 runs in flight per worker) a step's gap also holds the time the worker
    // spent on the other runs' steps; one run at a time shows the engine's own cost per step.
    const scenarios = [
      { workers: 1, concurrency: 1, limit: 1000, label: ", one run at a time" },
      { workers: 1, concurrency: 10, limit: 1000, label: "" },
      { workers: 2, concurrency: 10, limit: 1000, label: "" },
      { workers: 2, concurrency: 10, limit: 10, label: ", organization limit 10" },
    ];
    for (const { workers, concurrency, limit, label } of scenarios) {
      await sql`delete from executions where organization_id = ${org!.id}`;
      await sql`update organizations set settings = ${sql.json({ max_concurrent_executions: limit })}
                where id = ${org!.id}`;
      for (let i = 0; i < RUNS; i++) {
        await startExecution({
          organizationId: org!.id,
          workflowId: w!.id,
          triggerType: "manual",
          input: { input: { n: i } },
        });
      }
      const cpu = process.cpuUsage();
      const started = performance.now();
      const pool = await Promise.all(
        Array.from({ length: workers }, () =>
          startWorker({ connectionString: scratch.url, concurrency, schedules: false }),
        ),
      );
      for (;;) {
        const [{ n }] =
          (await sql`select count(*)::int as n from executions where organization_id = ${org!.id}
                                   and status = 'completed'`) as unknown as [{ n: number }];
        if (n >= RUNS) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const loadNow = load();
      await Promise.all(pool.map((p) => p.stop()));
      const gaps = await sql<{ ms: number }[]>`
        select extract(epoch from s.completed_at - coalesce(lag(s.completed_at) over w, e.started_at)) * 1000 as ms
        from execution_steps s join executions e on e.id = s.execution_id
        where e.organization_id = ${org!.id}
        window w as (partition by s.execution_id order by s.sequence)`;
      const s = summarize(gaps.map((g) => Number(g.ms)));
      console.log(
        `${workers} worker(s)${label}: ${(RUNS / seconds).toFixed(0)} runs/s (${seconds.toFixed(2)} s), ` +
          `per-step overhead p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)} (${s.n} steps); ` +
          `workers' CPU ${fmt((used.user + used.system) / 1000 / RUNS)} per run; ${loadNow}`,
      );
    }

    await sql`create table bench_plain (id uuid primary key, step int not null default 0, payload jsonb)`;
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const id = randomUUID();
      let t = performance.now();
      await sql`insert into bench_plain (id, payload) values (${id}, ${sql.json({ n: i })})`;
      samples.push(performance.now() - t);
      for (let k = 1; k <= 5; k++) {
        t = performance.now();
        await sql`update bench_plain set step = ${k}, payload = ${sql.json({ n: i, k })} where id = ${id}`;
        samples.push(performance.now() - t);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const b = summarize(samples);
    console.log(
      `baseline (insert + 5 updates, sequential): ${(RUNS / seconds).toFixed(0)} rows/s, per statement p50 ${fmt(b.p50)}, p95 ${fmt(b.p95)}; ${load()}`,
    );
  } finally {
    await sql.end();
    await scratch.drop();
    process.exit(0);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
