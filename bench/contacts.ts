/**
 * `npm run bench:contacts`: the contacts page's reads on a large organization, on a scratch
 * database of its own, each as a member through RLS in one transaction as the app runs them.
 *
 * One organization with BENCH_CONTACTS contacts (default 100,000; 20 tags, 5 sources, a year of
 * dates) beside 200 small ones. Timed: the first page of the list (with its count), a search for
 * part of a name / an email / a phone (the trigram index), a tag filter, a date range, a contact's
 * page (details and activity), the export of one tag, and one merge of 3 duplicates.
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { mergeContacts } from "@/lib/contacts/contacts";
import { contactActivity, exportContacts, getContact, listContacts } from "@/lib/contacts/queries";
import type { ContactFilters } from "@/lib/contacts/schemas";
import { withUser } from "@/lib/db/client";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize, timed } from "./stats";

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`;

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_contacts", process.env.DATABASE_URL);
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}); ${load()}`);
    const users = Array.from({ length: 201 }, () => randomUUID());
    await sql`
      insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
      select id, 'authenticated', 'authenticated', id || '@bench.test', '{}', '{}', now(), now()
      from unnest(${users}::uuid[]) as id`;
    const orgs = await sql<{ id: string; user_id: string }[]>`
      select organization_id as id, user_id from organization_members where user_id = any(${users}::uuid[])`;
    const big = orgs.find((o) => o.user_id === users[0])!;
    const t0 = performance.now();
    await sql`alter table contacts disable trigger contacts_audit`;
    await sql`
      insert into contacts (organization_id, first_name, last_name, email, phone, company_name, tags, source, created_at)
      select ${big.id}, 'First' || g, 'Last' || (g % 5000), 'person' || g || '@example' || (g % 97) || '.test',
             '+1 555 ' || lpad(g::text, 7, '0'), 'Company ' || (g % 3000),
             array['tag' || (g % 20), 'group' || (g % 7)],
             (array['manual', 'csv', 'chatbot', 'ghl', 'api'])[1 + g % 5],
             now() - (g % 365) * interval '1 day'
      from generate_series(1, ${CONTACTS}) as g`;
    await sql`
      insert into contacts (organization_id, first_name, email, source)
      select o.id, 'Other' || g, 'other' || g || '@' || o.id || '.test', 'manual'
      from unnest(${orgs.filter((o) => o !== big).map((o) => o.id)}::uuid[]) as o (id), generate_series(1, 50) as g`;
    await sql`alter table contacts enable trigger contacts_audit`;
    await sql`analyze contacts`;
    console.log(
      `seeded ${CONTACTS} contacts in one organization (+ 10,000 in 200 others) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );

    const member = { sub: big.user_id, role: "authenticated" };
    const page = (f: ContactFilters) =>
      withUser(member, (tx) => listContacts(tx, big.id, { ...f, limit: 25, offset: 0 }), sql);
    const [someone] = await sql<{ id: string }[]>`
      select id from contacts where organization_id = ${big.id} order by created_at desc limit 1`;
    const cases: [string, () => Promise<unknown>][] = [
      ["list, first page + count", () => page({})],
      ["search a name part (first4242)", () => page({ query: "first4242" })],
      ["search an email part (person12345@)", () => page({ query: "person12345@" })],
      ["search a phone part (555 0099)", () => page({ query: "555 0099" })],
      ["filter by tag (1 in 20)", () => page({ tag: "tag7" })],
      ["filter by source and a month", () => page({ source: "csv", from: "2026-06-01", to: "2026-06-30" })],
      [
        "a contact's page (details + activity)",
        () =>
          withUser(
            member,
            async (tx) => {
              const c = await getContact(tx, big.id, someone!.id);
              return contactActivity(tx, big.id, c!, { conversations: true, sales: true, runs: true });
            },
            sql,
          ),
      ],
      [
        `export one tag (${CONTACTS / 20} rows)`,
        () => withUser(member, (tx) => exportContacts(tx, big.id, { tag: "tag3" }, 50_000), sql),
      ],
    ];
    console.log(`each ${ITERATIONS} times, as the member through RLS:`);
    for (const [name, run] of cases) {
      await run(); // warm
      const samples: number[] = [];
      for (let i = 0; i < (name.startsWith("export") ? Math.min(ITERATIONS, 5) : ITERATIONS); i++)
        samples.push((await timed(run))[0]);
      const s = summarize(samples);
      console.log(`  ${name.padEnd(40)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  (n=${s.n})`);
    }

    const ids = (
      await sql<
        { id: string }[]
      >`select id from contacts where organization_id = ${big.id} order by id limit 3`
    ).map((r) => r.id);
    const [mergeMs] = await timed(() =>
      withUser(
        member,
        (tx) => mergeContacts(tx, big.id, { primaryId: ids[0]!, duplicateIds: ids.slice(1) }),
        sql,
      ),
    );
    console.log(`  merge 3 contacts into one (one transaction)  ${fmt(mergeMs)}`);
    console.log(`\n${load()}`);
  } finally {
    await sql.end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
