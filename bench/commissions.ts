/**
 * `npm run bench:commissions`: sales ingestion and commission recompute at scale, on a scratch
 * database of its own.
 *
 * 1. Ingest: 10,000 signed GoHighLevel InvoicePaid webhooks (Ed25519, keys made by the local GHL
 *    test server, so the app's real verification runs) sent over HTTP, 20 at a time, to the real
 *    route handler (POST /api/webhooks/ghl/:integrationId, served by a plain Node HTTP server in
 *    this process: no Next build needed), stored and queued, and processed by 2 queue workers
 *    (graphile-worker, concurrency 8 each): sale → team member by GHL user id → commissions.
 *    Printed: acceptance throughput and HTTP latency, and the time until the last one is processed.
 * 2. Recompute: a month of 20,000 transactions across 50 reps under a tiered rule with an
 *    accelerator and a cap (lib/commissions/recompute.ts recomputeMonth), timed 3 times.
 *
 * BENCH_WEBHOOKS / BENCH_RECOMPUTE_TRANSACTIONS / BENCH_REPS change the sizes.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { startGhlTestServer } from "@/tests/support/ghl-server";
import { fmt, summarize } from "./stats";

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 10_000);
const RECOMPUTE_TRANSACTIONS = Number(process.env.BENCH_RECOMPUTE_TRANSACTIONS ?? 20_000);
const REPS = Number(process.env.BENCH_REPS ?? 50);
const CONCURRENCY = 20;

const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`;

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_commissions", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  process.env.DATABASE_POOL_SIZE = "24";
  const ghl = await startGhlTestServer();
  Object.assign(process.env, ghl.env);
  const { ensureQueue } = await import("@/lib/queue/queue");
  const { startWorker } = await import("@/lib/engine/worker");
  const { encryptCredentials } = await import("@/lib/integrations/crypto");
  const { POST } = await import("@/app/api/webhooks/ghl/[integrationId]/route");
  const { recomputeMonth } = await import("@/lib/commissions/recompute");
  const { withServiceRoleBypassingRls } = await import("@/lib/db/client");
  const sql = postgres(scratch.url, { max: 8, onnotice: () => {} });
  let server: http.Server | undefined;
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version} (${scratch.server}); ${load()}\n`);
    await ensureQueue(scratch.url);

    // An organization (made by the sign-up trigger), its reps and a GHL integration.
    const userId = randomUUID();
    await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
              values (${userId}, 'authenticated', 'authenticated', ${`bench-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
    const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    const orgId = org!.id;
    await sql`update organizations set max_users = 1000 where id = ${orgId}`;
    const reps = await sql<{ id: string; external_id: string }[]>`
      insert into team_members (organization_id, full_name, external_id, member_type, commission_rate, commission_type)
      select ${orgId}, 'Rep ' || n, 'ghl-rep-' || n, 'sales', 10, 'percentage' from generate_series(1, ${REPS}) n
      returning id, external_id`;
    const [plan] = await sql<{ id: string }[]>`
      insert into commission_plans (organization_id, name) values (${orgId}, 'Bench plan') returning id`;
    await sql`
      insert into commission_rules (organization_id, plan_id, name, kind, quota_minor, tiers, accelerator_multiplier,
                                    cap_per_period_minor, currency)
      values (${orgId}, ${plan!.id}, 'Tiered', 'tiered', 5000000,
              ${sql.json([
                { fromPercent: "0", ratePercent: "5" },
                { fromPercent: "50", ratePercent: "8" },
                { fromPercent: "100", ratePercent: "10" },
              ])}, 1.5, 2000000, 'USD')`;
    const integrationId = randomUUID();
    const locationId = "benchLocation01";
    const { token } = ghl.addLocation(locationId);
    await sql`insert into integrations (id, organization_id, name, location_id, credentials_ciphertext, credentials_hint)
              values (${integrationId}, ${orgId}, 'Bench', ${locationId},
                      ${encryptCredentials({ kind: "private_token", token }, { organizationId: orgId, integrationId })}, 'bench')`;

    // The route handler behind a real HTTP server.
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const id = decodeURIComponent((req.url ?? "").split("/").pop() ?? "");
        const { NextRequest } = await import("next/server");
        const request = new NextRequest(`http://localhost${req.url}`, {
          method: "POST",
          body: Buffer.concat(chunks),
          headers: req.headers as Record<string, string>,
        });
        const response = await POST(request, { params: Promise.resolve({ integrationId: id }) });
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/ghl/${integrationId}`;

    // Signed deliveries, made before the clock starts (signing is GHL's work, not ours).
    const month = new Date();
    const deliveries = Array.from({ length: WEBHOOKS }, (_, i) =>
      ghl.signed(
        ghl.webhook("InvoicePaid", {
          _id: `inv_bench_${i}`,
          altId: locationId,
          altType: "location",
          status: "paid",
          currency: "USD",
          total: 100 + (i % 900),
          amountPaid: 100 + (i % 900),
          assignedTo: reps[i % reps.length]!.external_id,
          contactDetails: {
            id: `c_bench_${i % 2000}`,
            name: "Bench Buyer",
            email: `buyer${i % 2000}@example.test`,
          },
        }),
      ),
    );

    const workers = await Promise.all(
      [1, 2].map(() =>
        startWorker({ connectionString: scratch.url, concurrency: 8, pollInterval: 200, schedules: false }),
      ),
    );
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < deliveries.length) {
          const d = deliveries[next++]!;
          const t = performance.now();
          const res = await fetch(url, { method: "POST", body: d.body, headers: d.headers });
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const acceptedSeconds = (performance.now() - started) / 1000;
    const lat = summarize(latencies);
    console.log(
      `ingest: ${WEBHOOKS} signed webhooks accepted in ${acceptedSeconds.toFixed(2)} s ` +
        `(${(WEBHOOKS / acceptedSeconds).toFixed(0)}/s over HTTP, ${CONCURRENCY} at a time); ` +
        `HTTP latency p50 ${fmt(lat.p50)}, p95 ${fmt(lat.p95)}, max ${fmt(lat.max)}; ` +
        `statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    for (;;) {
      const [{ waiting }] = (await sql`select count(*)::int as waiting from webhook_events
                                       where integration_id = ${integrationId} and status = 'received'`) as unknown as [
        { waiting: number },
      ];
      if (waiting === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const processedSeconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((w) => w.stop()));
    const [counts] = await sql<{ processed: number; failed: number; sales: number; lines: number }[]>`
      select (select count(*)::int from webhook_events where integration_id = ${integrationId} and status = 'processed') as processed,
             (select count(*)::int from webhook_events where integration_id = ${integrationId} and status = 'failed') as failed,
             (select count(*)::int from sales_transactions where organization_id = ${orgId}) as sales,
             (select count(*)::int from commission_calculations where organization_id = ${orgId}) as lines`;
    console.log(
      `ingest end to end: all ${WEBHOOKS} processed ${processedSeconds.toFixed(2)} s after the first was sent ` +
        `(${(WEBHOOKS / processedSeconds).toFixed(0)} webhooks/s; 2 workers × 8); ` +
        `${counts!.processed} processed, ${counts!.failed} failed, ${counts!.sales} transactions, ${counts!.lines} commission lines\n`,
    );

    // Recompute: a month (last year's, so nothing else lands in it) of RECOMPUTE_TRANSACTIONS deals.
    const monthStart = `${month.getUTCFullYear() - 1}-03-01`;
    await sql`
      insert into sales_transactions (organization_id, source, external_id, team_member_id, amount_minor, currency, paid_at)
      select ${orgId}, 'csv', 'bench-' || n, (${sql.array(reps.map((r) => r.id))}::uuid[])[1 + n % ${reps.length}],
             10000 + (n * 7919) % 990000, 'USD',
             ${monthStart}::timestamptz + make_interval(secs => (n * 133) % (28 * 86400))
      from generate_series(1, ${RECOMPUTE_TRANSACTIONS}) n`;
    for (let round = 1; round <= 3; round++) {
      const t = performance.now();
      const result = await withServiceRoleBypassingRls((tx) => recomputeMonth(tx, orgId, monthStart));
      const ms = performance.now() - t;
      console.log(
        `recompute ${monthStart.slice(0, 7)} (${REPS} reps, ${result.transactions} transactions, tiered + accelerator + cap), ` +
          `round ${round}: ${(ms / 1000).toFixed(2)} s (${result.lines} lines written, ${result.removed} removed)`,
      );
    }
    console.log(`\n${load()}`);
  } finally {
    server?.close();
    await ghl.close();
    await sql.end();
    await scratch.drop();
    process.exit(0);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
