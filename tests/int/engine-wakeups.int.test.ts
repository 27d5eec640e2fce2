import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as hook } from "@/app/api/hooks/[workflowId]/[token]/route";
import { sql as appSql, type Sql } from "@/lib/db/client";
import { Signal, subscribeToNotifications, watchedKeys } from "@/lib/db/notifications";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { watchedExecutions } from "@/lib/executions/live";
import { executionEventStream } from "@/lib/executions/stream";
import { testSql } from "@/tests/support/db";
import { createWorkflow, definition, startTestWorkers, webhookHook } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * No lost wake-ups under concurrency (issue 18): every waiter on a Postgres notification is woken,
 * however many wait at once and however the notification falls against the waiter's own reads.
 * A lost wake-up shows as a waiter that sleeps to its limit: `?wait=1` answers 202 after 30 s, a
 * run's event stream never sends `end` (its fallback poll is turned off here), a raw waiter times out.
 */

const WAKEUP_CHANNEL = "orgflow_test_wakeups";

describe("no lost wake-ups", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let workers: EngineWorker[] = [];

  beforeAll(async () => {
    sql = testSql(4);
    tenant = await createTenant(sql, "Wakeups");
    await sql`update organizations set max_executions_per_month = 100000,
                     settings = '{"max_concurrent_executions": 50}' where id = ${tenant.id}`;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  it("wakes 300 waiters whose notification comes while they read, over one LISTEN connection", async () => {
    const db = appSql();
    const keyOf = (payload: string) => payload;
    const waiters = Array.from({ length: 300 }, () => randomUUID());
    let notified = 0;
    const wait = async (key: string) => {
      const signal = new Signal();
      const stop = await subscribeToNotifications(WAKEUP_CHANNEL, key, signal.notify, { keyOf, db });
      try {
        // Read (a round trip that the notification may overtake), then wait for a notice since.
        const seen = signal.count;
        await db`select pg_sleep(${Math.random() / 50})`;
        const started = Date.now();
        await signal.wait(seen, 20_000);
        return { woken: signal.count > 0, waitedMs: Date.now() - started };
      } finally {
        stop();
      }
    };
    const results = waiters.map((key) => wait(key));
    await new Promise((r) => setTimeout(r, 500)); // every waiter subscribed; many are reading
    await Promise.all(
      waiters.map(async (key) => {
        await sql`select pg_notify(${WAKEUP_CHANNEL}, ${key})`;
        notified++;
      }),
    );
    const outcomes = await Promise.all(results);
    expect(notified).toBe(300);
    expect(outcomes.filter((o) => !o.woken)).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.waitedMs))).toBeLessThan(20_000);
    expect(watchedKeys(WAKEUP_CHANNEL, db)).toBe(0);
    // One listening connection for the process, not one per waiter.
    const [listening] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and query ilike ${`listen "${WAKEUP_CHANNEL}"`}`;
    expect(listening!.n).toBe(1);
  });

  it("ends 100 live run streams, woken by notifications alone", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "set_1", type: "set", config: { fields: [{ name: "n", value: "{{ trigger.n }}" }] } },
        ],
        [["manual_1", "set_1"]],
      ),
    );
    // The runs are queued before any worker runs, so every stream opens on a pending run.
    const ids: string[] = [];
    for (let n = 0; n < 100; n++) {
      const { executionId } = await startExecution({
        organizationId: tenant.id,
        workflowId,
        triggerType: "manual",
        input: { n },
        db: appSql(),
      });
      ids.push(executionId);
    }
    const decoder = new TextDecoder();
    const readToEnd = async (executionId: string) => {
      // No fallback poll: a lost notification would leave the stream open until the test times out.
      const stream = await executionEventStream(tenant.members.owner, executionId, { pollMs: 600_000 });
      const reader = stream.getReader();
      let text = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    };
    const streams = ids.map((id) => readToEnd(id));
    await new Promise((r) => setTimeout(r, 300));
    workers = await startTestWorkers(2);
    const texts = await Promise.all(streams);
    for (const text of texts) {
      expect(text).toContain("event: snapshot");
      expect(text).toContain(`event: end\ndata: {"status":"completed"}`);
    }
    expect(watchedExecutions()).toBe(0);
  }, 60_000);

  it("answers 200 concurrent ?wait=1 webhook calls with their results", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "webhook_1", type: "webhook", config: { method: "POST" } },
          {
            id: "if_1",
            type: "condition",
            config: {
              combinator: "all",
              rules: [{ left: "{{ trigger.body.n }}", operator: "greater_than", right: "-1" }],
            },
          },
          { id: "set_1", type: "set", config: { fields: [{ name: "n", value: "{{ trigger.body.n }}" }] } },
        ],
        [
          ["webhook_1", "if_1"],
          ["if_1", "set_1", "true"],
        ],
      ),
    );
    if (!workers.length) workers = await startTestWorkers(2);
    const { token } = await webhookHook(sql, tenant.id, workflowId);
    const call = async (n: number) => {
      const started = Date.now();
      const res = await hook(
        new NextRequest(`http://localhost/api/hooks/${workflowId}/${token}?wait=1`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ n }),
        }),
        { params: Promise.resolve({ workflowId, token }) },
      );
      const body = (await res.json()) as { status: string; output: unknown };
      return { n, status: res.status, body, ms: Date.now() - started };
    };
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => call(n)));
    const notAnswered = answers.filter((a) => a.status !== 200 || a.body.status !== "completed");
    expect(notAnswered).toEqual([]);
    for (const a of answers) expect(a.body.output).toEqual({ n: a.n });
    // A lost wake-up is answered only when the 30 s wait runs out (re-reading then): none may be.
    const stalled = answers.filter((a) => a.ms >= 20_000).map((a) => `${a.n}: ${a.ms} ms`);
    expect(stalled).toEqual([]);
    expect(watchedExecutions()).toBe(0);
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from executions where workflow_id = ${workflowId} and status = 'completed'`;
    expect(count!.n).toBe(200);
  }, 90_000);
});
