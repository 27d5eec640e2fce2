/**
 * `npm run bench:live`: what a live run page costs and how fast it hears of a change, through the
 * path the app uses (a step checkpoint → NOTIFY → the process's one LISTEN connection → each open
 * event stream re-reads the run as its user, RLS deciding → an SSE `update`), with 1, 25 and 100
 * people watching the same run. The figures behind "Live updates" in the README: whether Supabase
 * Realtime (Postgres Changes or Broadcast, over a WebSocket per browser) would buy anything here.
 *
 * Prints the cost of one watcher's re-read, then per number of watchers: commit → `update`
 * received by every watcher (p50/p95, with the streams' default 100 ms debounce and without it).
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { withUser, type UserClaims } from "@/lib/db/client";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize } from "./stats";

const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);

type Watcher = { next(): Promise<void>; close(): void };

/** Reads SSE bytes until the next `update` event. */
function watch(stream: ReadableStream<Uint8Array>): Watcher {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next() {
      for (;;) {
        const at = buffer.indexOf("\n\n");
        if (at >= 0) {
          const chunk = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (chunk.startsWith("event: update")) return;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => void reader.cancel().catch(() => {}),
  };
}

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_live", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { executionEventStream } = await import("@/lib/executions/stream");
  const { readLiveState } = await import("@/lib/executions/executions");
  const { sql: pool } = await import("@/lib/db/client");
  const sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(
      `PostgreSQL ${server_version} (${scratch.server}); ${CHANGES} changes per row, Node ${process.version}\n`,
    );
    const userId = randomUUID();
    const email = `bench-${userId.slice(0, 8)}@example.test`;
    await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
              values (${userId}, 'authenticated', 'authenticated', ${email}, '', now(), now())`;
    const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    const [w] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name) values (${org!.id}, 'Bench') returning id`;
    const claims: UserClaims = { sub: userId, role: "authenticated", email };

    // One watcher's re-read of the run as its user (what every watcher does once per change).
    const [probe] = await sql<{ id: string }[]>`
      insert into executions (organization_id, workflow_id, trigger_type, status)
      values (${org!.id}, ${w!.id}, 'manual', 'running') returning id`;
    const reads: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await withUser(claims, (tx) => readLiveState(tx, probe!.id));
      reads.push(performance.now() - t);
    }
    const read = summarize(reads);
    console.log(
      `One re-read as the user (RLS): p50 ${fmt(read.p50)}, p95 ${fmt(read.p95)}; one per watcher per change\n`,
    );

    console.log("watchers  debounce   commit → update at every watcher");
    console.log("                     p50          p95");
    for (const watchers of [1, 25, 100]) {
      for (const debounceMs of [100, 0]) {
        const [run] = await sql<{ id: string }[]>`
          insert into executions (organization_id, workflow_id, trigger_type, status)
          values (${org!.id}, ${w!.id}, 'manual', 'running') returning id`;
        const streams = await Promise.all(
          Array.from({ length: watchers }, () =>
            executionEventStream(claims, run!.id, { debounceMs, pollMs: 60_000, pingMs: 60_000 }),
          ),
        );
        const readers = streams.map(watch);
        // Each stream starts with its snapshot: skip it by waiting for the first update only.
        const latencies: number[] = [];
        for (let i = 0; i < CHANGES; i++) {
          const arrived = Promise.all(readers.map((r) => r.next()));
          const t = performance.now();
          await sql`
            insert into execution_steps (organization_id, execution_id, step_key, node_id, node_type, status, sequence)
            values (${org!.id}, ${run!.id}, ${`step_${i}`}, ${`step_${i}`}, 'set', 'completed', ${i + 1})`;
          await arrived;
          latencies.push(performance.now() - t);
        }
        for (const r of readers) r.close();
        const s = summarize(latencies);
        console.log(
          `${String(watchers).padStart(8)}  ${String(debounceMs).padStart(5)} ms   ${fmt(s.p50).padStart(10)}   ${fmt(s.p95).padStart(10)}`,
        );
      }
    }
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
