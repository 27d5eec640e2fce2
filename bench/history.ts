/**
 * `npm run bench:history`: run history that keeps its speed. 1,000,000 executions (BENCH_ROWS) in
 * one table, over 5 organizations (the measured one holds 60%), each with two steps for one run in
 * ten; then the runs list as the app reads it (lib/executions/executions.ts listExecutions: a
 * member's transaction, RLS, keyset page of 25 plus the capped count), p50/p95 over 200 requests
 * per case: the first page, a page deep in the history (cursor), a status filter and a workflow
 * filter. Then retention pruning (private.prune_run_history, the hourly job's batches) runs
 * while writers insert runs: their insert latency is printed beside the list's.
 *
 * Target (issue 18): list page p95 under 50 ms. What was chosen: no partitioning; the list reads
 * (organization_id[, status | workflow_id], created_at desc, id desc) indexes by keyset, so a page costs the same at
 * any depth and any table size, and pruning deletes in batches that skip locked rows.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:history
 */
import postgres from "postgres";
import type { UserClaims } from "@/lib/db/client";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { load } from "./app-server";
import { fmt, summarize, timed } from "./stats";
import { benchOrganization, publishChain } from "./workflow-fixtures";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const CHUNK = 100_000;

async function seed(sql: postgres.Sql) {
  const orgs: { id: string; workflows: string[]; share: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const id = await benchOrganization(sql, `history${i}`);
    const workflows = [];
    for (let w = 0; w < 3; w++)
      workflows.push(await publishChain(sql, id, [{ id: "manual_1", type: "manual" }]));
    orgs.push({ id, workflows, share: i === 0 ? 0.6 : 0.1 });
  }
  // Enterprise, keeping everything: only the organization of the pruning case loses history.
  await sql`update organizations set subscription_plan = 'enterprise',
              settings = settings || '{"run_retention_days": "forever"}'
            where id = any(${orgs.map((o) => o.id)}::uuid[])`;
  // Bulk load without the row triggers (counters, notifications): history, not live runs.
  await sql`set session_replication_role = replica`;
  for (const org of orgs) {
    const total = Math.round(ROWS * org.share);
    for (let done = 0; done < total; done += CHUNK) {
      const n = Math.min(CHUNK, total - done);
      // Spread over the last 400 days; 1 in 20 failed; workflows in turn.
      await sql`
        insert into executions (organization_id, workflow_id, status, trigger_type, error, attempt,
                                started_at, completed_at, duration_ms, created_at)
        select ${org.id}, (${org.workflows}::uuid[])[1 + g % 3],
               case when g % 20 = 0 then 'failed' else 'completed' end, 'manual',
               case when g % 20 = 0 then 'The server answered 500.' end, 1,
               t, t + interval '40 ms', 40, t
        from generate_series(1, ${n}) g,
             lateral (select now() - (random() * interval '400 days') - g * interval '0' as t) x`;
    }
  }
  await sql`
    insert into execution_steps (organization_id, execution_id, step_key, node_id, node_type, status,
                                 attempt, sequence, started_at, completed_at, duration_ms)
    select e.organization_id, e.id, s.k, s.k, 'manual', 'completed', 1, s.n, e.started_at, e.completed_at, 20
    from (select * from executions tablesample system (10)) e,
         (values ('manual_1', 1), ('set_1', 2)) s (k, n)`;
  await sql`set session_replication_role = origin`;
  // As autovacuum leaves a table that is mostly history: statistics and the visibility map.
  await sql`vacuum analyze executions`;
  await sql`vacuum analyze execution_steps`;
  return orgs;
}

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_history", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.appUrl; // the app's pool, as the app logs in
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}), ${load()}`);
    const t0 = performance.now();
    const orgs = await seed(sql);
    const [{ n, steps }] = (await sql`select (select count(*) from executions)::int as n,
                                             (select count(*) from execution_steps)::int as steps`) as unknown as [
      { n: number; steps: number },
    ];
    const [{ size }] =
      (await sql`select pg_size_pretty(pg_total_relation_size('executions')) as size`) as unknown as [
        { size: string },
      ];
    console.log(
      `seeded ${n} executions (${size} with indexes) and ${steps} steps in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${load()}`,
    );
    const org = orgs[0]!;
    const [owner] = await sql<{ user_id: string }[]>`
      select user_id from organization_members where organization_id = ${org.id} and role = 'owner'`;
    const claims = { sub: owner!.user_id, role: "authenticated" } as UserClaims;
    const { listExecutions } = await import("@/lib/executions/executions");
    const { withUser } = await import("@/lib/db/client");
    const { encodeCursor, executionFilterSchema } = await import("@/lib/executions/format");
    const filter = (f: Record<string, string>) => executionFilterSchema.parse(f);

    // A cursor deep in the history: the 300,000th run of the organization.
    const [deep] = await sql<{ id: string; created_at: Date }[]>`
      select id, created_at from executions where organization_id = ${org.id}
      order by created_at desc, id desc offset 300000 limit 1`;
    const cases: [string, Record<string, string>][] = [
      ["first page", {}],
      ["page 12,000 (cursor)", { before: encodeCursor(deep!) }],
      ["status = failed", { status: "failed" }],
      ["one workflow", { workflow: org.workflows[1]! }],
    ];
    for (let i = 0; i < 20; i++)
      for (const [, f] of cases) await withUser(claims, (tx) => listExecutions(tx, org.id, filter(f)));
    console.log(
      `\nruns list (25 a page + capped count, as a member through RLS), ${ITERATIONS} requests each:`,
    );
    for (const [label, f] of cases) {
      const samples: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const [ms, page] = await timed(() => withUser(claims, (tx) => listExecutions(tx, org.id, filter(f))));
        if (page.executions.length !== 25) throw new Error(`${label}: ${page.executions.length} rows`);
        samples.push(ms);
      }
      const s = summarize(samples);
      console.log(
        `  ${label.padEnd(22)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}  (${load()})`,
      );
    }
    await prune(sql, orgs);
  } finally {
    await sql.end();
    const { sql: appSql } = await import("@/lib/db/client");
    await appSql().end();
    await scratch.drop();
  }
}

/** Retention pruning batches beside writers: how many runs went, and what the writers waited. */
async function prune(sql: postgres.Sql, orgs: { id: string; workflows: string[] }[]) {
  const target = orgs[1]!;
  // Professional (90 days by default) that chose 30 days.
  await sql`update organizations set subscription_plan = 'professional',
              settings = settings || '{"run_retention_days": 30}' where id = ${target.id}`;
  const { pruneRunHistory } = await import("@/lib/executions/retention");
  const inserts: number[] = [];
  let pruning = true;
  const writer = async () => {
    while (pruning) {
      const [ms] = await timed(
        () => sql`insert into executions (organization_id, workflow_id, status, trigger_type)
                  values (${target.id}, ${target.workflows[0]!}, 'completed', 'manual')`,
      );
      inserts.push(ms);
    }
  };
  const writers = [writer(), writer()];
  const started = performance.now();
  let deleted = 0;
  for (;;) {
    const n = await pruneRunHistory(sql);
    deleted += n;
    if (n === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  pruning = false;
  await Promise.all(writers);
  const s = summarize(inserts);
  console.log(
    `\nretention 30 days on an organization of ${ROWS / 10} runs: pruned ${deleted} runs (and their steps) in ${seconds.toFixed(1)} s ` +
      `(batches of 1,000); meanwhile ${inserts.length} inserts into executions by 2 writers: ` +
      `p50 ${fmt(s.p50)} p95 ${fmt(s.p95)} max ${fmt(s.max)} (${load()})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
