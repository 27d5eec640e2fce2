/**
 * `npm run bench:api`: the REST API's list and read under load, on a scratch database of its own.
 *
 * One organization with BENCH_API_ROWS contacts (default 100,000) and BENCH_API_KEYS API keys
 * (default 20). Each key is a client of its own, all at once: it lists contacts (a first page, and
 * the page after a random contact: `starting_after`) and reads a random contact, through the real
 * route handlers and wrapper (key lookup, rate-limit count, permission, RLS as the key's creator),
 * in this process. Prints p50/p95/max per kind and the requests per second, with the load average.
 * Runs with the react-server condition (as Next runs route handlers), so `server-only` imports.
 */
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { NextRequest } from "next/server";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { fmt, summarize } from "./stats";

const ROWS = Number(process.env.BENCH_API_ROWS ?? 100_000);
const KEYS = Number(process.env.BENCH_API_KEYS ?? 20);
const REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? 30); // per key and kind
const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`;

type Handler = (request: NextRequest, route: { params: Promise<never> }) => Promise<Response>;

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_api", process.env.DATABASE_URL);
  // The app's pool (lib/db) opens on first use: point it at the scratch database first.
  process.env.DATABASE_URL = scratch.url;
  process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
  const sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
  const { createApiKey } = await import("@/lib/api-keys/keys");
  const contacts = await import("@/app/api/v1/contacts/route");
  const contact = await import("@/app/api/v1/contacts/[id]/route");
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}); ${load()}`);
    const owner = randomUUID();
    await sql`
      insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
      values (${owner}, 'authenticated', 'authenticated', ${`${owner}@bench.test`}, '{}', '{}', now(), now())`;
    const [org] = await sql<
      { id: string }[]
    >`select organization_id as id from organization_members where user_id = ${owner}`;
    const t0 = performance.now();
    await sql`alter table contacts disable trigger contacts_audit`;
    await sql`
      insert into contacts (organization_id, first_name, email, tags, created_at)
      select ${org!.id}, 'First' || g, 'person' || g || '@example.test', array['tag' || (g % 20)],
             now() - (g % 365) * interval '1 day' - g * interval '1 millisecond'
      from generate_series(1, ${ROWS}) as g`;
    await sql`alter table contacts enable trigger contacts_audit`;
    await sql`analyze contacts`;
    const ids = (await sql<{ id: string }[]>`select id from contacts where organization_id = ${org!.id}`).map(
      (r) => r.id,
    );
    const claims = { sub: owner, role: "authenticated" };
    const keys: string[] = [];
    for (let i = 0; i < KEYS; i++)
      keys.push(
        (await createApiKey(claims, org!.id, { name: `Bench ${i}`, permissions: ["contacts:read"] })).secret,
      );
    console.log(
      `seeded ${ids.length} contacts and ${KEYS} keys in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
    const call = async (handler: Handler, key: string, path: string, params: Record<string, string> = {}) => {
      const request = new NextRequest(`http://localhost${path}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const start = performance.now();
      const response = await handler(request, { params: Promise.resolve(params as never) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return performance.now() - start;
    };
    const kinds: [string, (key: string) => Promise<number>][] = [
      ["list, first page (limit 20)", (key) => call(contacts.GET, key, "/api/v1/contacts?limit=20")],
      [
        "list, page after a random contact",
        (key) => call(contacts.GET, key, `/api/v1/contacts?limit=20&starting_after=${pick()}`),
      ],
      [
        "read a random contact",
        (key) => {
          const id = pick();
          return call(contact.GET, key, `/api/v1/contacts/${id}`, { id });
        },
      ],
    ];
    for (const [, run] of kinds) await run(keys[0]!); // warm the route modules and the pool
    console.log(`\n${KEYS} keys at once, each ${REQUESTS} requests per kind, one after another:`);
    for (const [name, run] of kinds) {
      const samples: number[] = [];
      const started = performance.now();
      await Promise.all(
        keys.map(async (key) => {
          for (let i = 0; i < REQUESTS; i++) samples.push(await run(key));
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const s = summarize(samples);
      console.log(
        `  ${name.padEnd(36)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}  ` +
          `${(s.n / seconds).toFixed(0)} req/s (n=${s.n})`,
      );
    }
    console.log(`\n${load()}`);
  } finally {
    await sql.end();
    const { sql: appSql } = await import("@/lib/db/client");
    await appSql().end();
    await scratch.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
