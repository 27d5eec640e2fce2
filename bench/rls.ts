/**
 * RLS cost: list 50 rows from a table of 100,000 rows spread over 1,000 organizations, as a
 * member (through RLS and the permission function) and as service_role with an explicit
 * organization filter. Target: the RLS path within 1.5× of the service path.
 *
 *   npm run bench:rls                      (embedded PostgreSQL 17)
 *   DATABASE_URL=postgres://… npm run bench:rls
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { withServiceRoleBypassingRls, withUser } from "@/lib/db/client";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize, timed } from "./stats";

const ORGS = 1_000;
const ROWS_PER_ORG = 100;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2_000);

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_rls", process.env.DATABASE_URL);
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server})`);
    const t0 = performance.now();
    // One user per organization; sign-up's trigger gives each a personal organization it owns.
    const users = Array.from({ length: ORGS }, () => randomUUID());
    await sql`
      insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
      select id, 'authenticated', 'authenticated', id || '@bench.test', '{}', '{}', now(), now()
      from unnest(${users}::uuid[]) as id`;
    const orgs = await sql<{ id: string; user_id: string }[]>`
      select organization_id as id, user_id from organization_members where user_id = any(${users}::uuid[])`;
    await sql`alter table team_members disable trigger team_members_audit`;
    await sql`
      insert into team_members (organization_id, full_name, email, external_id, member_type)
      select o.id, 'Rep ' || g, 'rep' || g || '@' || o.id || '.test', o.id || '-' || g, 'sales'
      from unnest(${orgs.map((o) => o.id)}::uuid[]) as o (id), generate_series(1, ${ROWS_PER_ORG}) as g`;
    await sql`alter table team_members enable trigger team_members_audit`;
    await sql`analyze`;
    const [{ n }] = (await sql`select count(*)::int as n from team_members`) as unknown as [{ n: number }];
    console.log(
      `seeded ${n} team_members over ${orgs.length} organizations in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const pick = () => orgs[Math.floor(Math.random() * orgs.length)]!;
    const asMember = (o: { id: string; user_id: string }) =>
      withUser(
        { sub: o.user_id, role: "authenticated" },
        (tx) =>
          tx`select id, full_name, email from team_members where organization_id = ${o.id} order by full_name limit 50`,
        sql,
      );
    const asService = (o: { id: string }) =>
      withServiceRoleBypassingRls(
        (tx) =>
          tx`select id, full_name, email from team_members where organization_id = ${o.id} order by full_name limit 50`,
        sql,
      );

    // Warm up both paths, then interleave them so both see the same cache and load.
    for (let i = 0; i < 200; i++) {
      await asMember(pick());
      await asService(pick());
    }
    const member: number[] = [];
    const service: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const o = pick();
      const [a, rowsA] = await timed(() => asMember(o));
      const [b, rowsB] = await timed(() => asService(o));
      if (rowsA.length !== 50 || rowsB.length !== 50) throw new Error("expected 50 rows on both paths");
      member.push(a);
      service.push(b);
    }
    const m = summarize(member);
    const s = summarize(service);
    console.log(
      `list 50 of ${n} rows, ${ITERATIONS} requests each (one transaction per request, as the app does):`,
    );
    console.log(`  member via RLS        p50 ${fmt(m.p50)}  p95 ${fmt(m.p95)}`);
    console.log(`  service_role + filter p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}`);
    console.log(
      `  ratio                 p50 ${(m.p50 / s.p50).toFixed(2)}×  p95 ${(m.p95 / s.p95).toFixed(2)}×  (target < 1.5×)`,
    );
  } finally {
    await sql.end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
