/**
 * `npm run bench:notify`: BENCH_NOTIFICATIONS notifications (default 10,000) fanned out over 3
 * channels each (the bell, email to a local SMTP capture server, Slack to a local incoming-webhook
 * server) among 50 members of one organization, written by private.notify() in batches of 200 per
 * transaction, delivered by BENCH_WORKERS in-process queue workers (default 2, 10 jobs at a time
 * each). Prints the throughput (deliveries per second from the first write to the last delivery)
 * and the delivery delay (created → sent/delivered) p50 / p95 / max of the email and Slack
 * deliveries, with the machine's load (`uptime`).
 */
import { execSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { startSmtpTestServer } from "@/tests/support/smtp-server";
import { benchOrganization } from "./workflow-fixtures";
import { summarize } from "./stats";

const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const MEMBERS = 50;
const BATCH = 200;

async function chatServer(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_notify", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  const { stackConfig } = await import("@/lib/config/stack");
  stackConfig(); // read as development before the mail goes through SMTP below
  const smtp = await startSmtpTestServer();
  const slack = await chatServer();
  Object.assign(process.env, {
    NODE_ENV: "production",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const { ensureQueue } = await import("@/lib/queue/queue");
  const { startWorker } = await import("@/lib/engine/worker");
  const { withUser } = await import("@/lib/db/client");
  const { saveNotificationTarget, setNotificationPreference } = await import("@/lib/notifications/targets");
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  const workers: { stop: () => Promise<void> }[] = [];
  try {
    await ensureQueue(scratch.url);
    const organizationId = await benchOrganization(sql, "notify");
    await sql`update organizations set settings = settings || '{"allow_private_network": true}' where id = ${organizationId}`;
    const members: string[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const id = randomUUID();
      await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
                values (${id}, 'authenticated', 'authenticated', ${`member-${i}-${id.slice(0, 6)}@example.test`}, '', now(), now())`;
      await sql`insert into organization_members (organization_id, user_id, role) values (${organizationId}, ${id}, 'sales')`;
      const claims = { sub: id, role: "authenticated", aud: "authenticated" };
      await withUser(claims, async (tx) => {
        await saveNotificationTarget(tx, id, { channel: "slack", value: `${slack.url}/services/${i}` });
        await setNotificationPreference(tx, id, { kind: "workflow", channel: "email", mode: "on" });
      });
      members.push(id);
    }
    for (let i = 0; i < WORKERS; i++)
      workers.push(await startWorker({ connectionString: scratch.url, concurrency: 10, schedules: false }));

    const started = performance.now();
    for (let sent = 0; sent < NOTIFICATIONS; sent += BATCH) {
      const n = Math.min(BATCH, NOTIFICATIONS - sent);
      await sql.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`
          select private.notify(${organizationId}, array[m.id], 'workflow', 'Bench notification ' || g,
                                'A message to deliver.', 'medium', '/o/bench/workflows')
          from generate_series(1, ${n}) g
          cross join lateral (select (${members}::uuid[])[1 + (g + ${sent}) % ${MEMBERS}] as id) m`;
      });
    }
    const writtenMs = performance.now() - started;
    for (;;) {
      const [left] = await sql<{ n: number }[]>`
        select count(*)::int as n from notification_deliveries where status in ('pending', 'sending', 'retrying')`;
      if (left!.n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const elapsedMs = performance.now() - started;
    const rows = await sql<{ channel: string; status: string; n: number }[]>`
      select channel, status, count(*)::int as n from notification_deliveries group by 1, 2 order by 1, 2`;
    const delays = await sql<{ ms: number }[]>`
      select (extract(epoch from coalesce(d.delivered_at, d.sent_at) - n.created_at) * 1000)::float8 as ms
      from notification_deliveries d join notifications n on n.id = d.notification_id
      where d.channel <> 'in_app' and d.status in ('sent', 'delivered')`;
    const total = rows.reduce((s, r) => s + r.n, 0);
    const d = summarize(delays.map((r) => r.ms));
    console.log(
      `PostgreSQL on ${scratch.server}; ${NOTIFICATIONS} notifications to ${MEMBERS} members, 3 channels each`,
    );
    console.log(
      `deliveries by channel and status: ${rows.map((r) => `${r.channel}/${r.status} ${r.n}`).join(", ")}`,
    );
    console.log(
      `written in ${(writtenMs / 1000).toFixed(1)} s (${Math.round(NOTIFICATIONS / (writtenMs / 1000))} notifications/s)`,
    );
    console.log(
      `all ${total} deliveries done in ${(elapsedMs / 1000).toFixed(1)} s: ${Math.round(total / (elapsedMs / 1000))} deliveries/s, ` +
        `${Math.round(NOTIFICATIONS / (elapsedMs / 1000))} notifications/s (${WORKERS} workers × 10)`,
    );
    console.log(
      `delivery delay (email + Slack, created → sent): p50 ${(d.p50 / 1000).toFixed(2)} s, p95 ${(d.p95 / 1000).toFixed(2)} s, max ${(d.max / 1000).toFixed(2)} s`,
    );
    console.log(
      `SMTP server received ${smtp.messages.length} emails, Slack server ${slack.received()} posts`,
    );
    console.log(`load: ${execSync("uptime").toString().trim()}`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await sql.end();
    await smtp.close();
    await slack.close();
    await scratch.drop();
  }
  process.exit(0);
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
