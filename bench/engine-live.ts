/**
 * `npm run bench:engine-live`: what live run history costs the engine, and how fast it is.
 *
 * 1. Checkpoint cost: the engine's checkpoint statement (an upsert of a step into execution_steps,
 *    as lib/engine/engine.ts flushes it) timed with the "orgflow_execution_steps" NOTIFY triggers
 *    (20261122000500_engine_live.sql) on and off, in alternating rounds on the same database.
 * 2. Wake-up latency: from a checkpoint's commit to the shared listener (lib/executions/live.ts)
 *    calling the subscriber of that run, which is when an open run page re-reads it.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const STEPS = 5;

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_engine_live", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { subscribeToExecution } = await import("@/lib/executions/live");
  const { sql: pool } = await import("@/lib/db/client");
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}); ${RUNS} runs × ${STEPS} checkpoints\n`);
    const userId = randomUUID();
    await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
              values (${userId}, 'authenticated', 'authenticated', ${`bench-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
    const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    const [w] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name) values (${org!.id}, 'Bench') returning id`;

    const newRuns = async (n: number) =>
      (
        await sql<{ id: string }[]>`
          insert into executions (organization_id, workflow_id, trigger_type, status)
          select ${org!.id}, ${w!.id}, 'manual', 'running' from generate_series(1, ${n}) returning id`
      ).map((r) => r.id);

    /** One checkpoint as the engine writes it: running, then completed (an upsert each). */
    const checkpoint = (executionId: string, key: string, status: string) => sql`
      insert into execution_steps (organization_id, execution_id, step_key, node_id, node_type, status, output, sequence)
      values (${org!.id}, ${executionId}, ${key}, ${key}, 'set', ${status}, ${sql.json({ v: key })}, 1)
      on conflict (execution_id, step_key) do update
      set status = excluded.status, output = excluded.output, completed_at = now()`;

    const timings: Record<"on" | "off", number[]> = { on: [], off: [] };
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      for (const mode of round % 2 ? (["off", "on"] as const) : (["on", "off"] as const)) {
        const action = mode === "on" ? "enable" : "disable";
        await sql.unsafe(
          `alter table public.execution_steps ${action} trigger execution_steps_notify_insert`,
        );
        await sql.unsafe(
          `alter table public.execution_steps ${action} trigger execution_steps_notify_update`,
        );
        for (const id of await newRuns(Math.ceil(RUNS / rounds))) {
          for (let s = 1; s <= STEPS; s++) {
            for (const status of ["running", "completed"]) {
              const t = performance.now();
              await checkpoint(id, `set_${s}`, status);
              timings[mode].push(performance.now() - t);
            }
          }
        }
      }
    }
    await sql`alter table public.execution_steps enable trigger all`;
    const on = summarize(timings.on);
    const off = summarize(timings.off);
    console.log(`Checkpoint statement (${on.n} each)   p50        p95`);
    console.log(`  without the NOTIFY triggers   ${fmt(off.p50)}    ${fmt(off.p95)}`);
    console.log(`  with the NOTIFY triggers      ${fmt(on.p50)}    ${fmt(on.p95)}`);
    console.log(`  added per checkpoint (p50)    ${fmt(on.p50 - off.p50)}\n`);

    // Wake-up latency through the shared listener.
    const [run] = await newRuns(1);
    const latencies: number[] = [];
    let resolveWake: (() => void) | null = null;
    const unsubscribe = await subscribeToExecution(run!, () => resolveWake?.());
    for (let i = 0; i < 200; i++) {
      const woke = new Promise<void>((r) => (resolveWake = r));
      const t = performance.now();
      await checkpoint(run!, `step_${i}`, "completed");
      await woke;
      latencies.push(performance.now() - t);
    }
    unsubscribe();
    const wake = summarize(latencies);
    console.log("Checkpoint → subscriber woken (includes the write)");
    console.log(`  p50 ${fmt(wake.p50)}   p95 ${fmt(wake.p95)}   max ${fmt(wake.max)}`);
  } finally {
    await sql.end();
    await pool().end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
