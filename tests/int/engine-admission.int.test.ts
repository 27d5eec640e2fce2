import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { startWorker, type EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  type TestServer,
} from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The per-organization concurrency limit, enforced between several workers: an organization's
 * burst runs at most `max_concurrent_executions` at a time (the others wait in the queue and start
 * as running ones hand over their slots), another organization's runs are not held up behind it,
 * and the running-runs counter admission reads (private.engine_org_running) comes back to zero.
 */

describe("per-organization admission", () => {
  let sql: Sql;
  let busy: TestTenant;
  let other: TestTenant;
  let server: TestServer;
  let workers: EngineWorker[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let holding = true;
  const held: (() => void)[] = [];

  beforeAll(async () => {
    sql = testSql(4);
    busy = await createTenant(sql, "Busy");
    other = await createTenant(sql, "Other");
    await sql`update organizations set settings = '{"allow_private_network": true, "max_concurrent_executions": 2}'
              where id = ${busy.id}`;
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${other.id}`;
    server = await startServer((req, _body, res) => {
      res.setHeader("content-type", "application/json");
      const answer = () => {
        inFlight--;
        res.end(JSON.stringify({ path: req.url }));
      };
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (req.url === "/hold" && holding) held.push(answer);
      else answer();
    });
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startWorker({
          connectionString: inject("appDatabaseUrl"),
          concurrency: 4,
          pollInterval: 100,
          schedules: false,
          // The fallback timer is out of reach: runs refused admission start only when a running
          // run hands them its slot.
          engine: { admissionRetryMs: 60_000 },
        }),
      );
    }
  });

  afterAll(async () => {
    holding = false;
    held.splice(0).forEach((answer) => answer());
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    await server?.close();
    await deleteTenants(sql, [busy, other]);
    await sql.end();
  });

  const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it("runs at most the limit at once across workers, without holding up other organizations", async () => {
    const holdDef = definition(
      [
        { id: "manual_1", type: "manual" },
        { id: "http_request_1", type: "http_request", config: { method: "GET", url: `${server.url}/hold` } },
      ],
      [["manual_1", "http_request_1"]],
    );
    const burst = await createWorkflow(sql, busy.id, holdDef);
    const quick = await createWorkflow(
      sql,
      other.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "http_request_1",
            type: "http_request",
            config: { method: "GET", url: `${server.url}/quick` },
          },
        ],
        [["manual_1", "http_request_1"]],
      ),
    );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { executionId } = await startExecution({
        organizationId: busy.id,
        workflowId: burst,
        triggerType: "manual",
        input: {},
      });
      ids.push(executionId);
    }
    await waitFor("two held requests", () => held.length === 2);
    // Eight job slots across two workers, five runs queued: admission keeps the other three
    // waiting, so nothing more reaches the server.
    await new Promise((r) => setTimeout(r, 500));
    expect(held.length).toBe(2);
    const running = await sql`select status, count(*)::int as n from executions
                              where id = any(${ids}::uuid[]) group by status order by status`;
    expect(running.find((r) => r.status === "running")?.n).toBe(2);
    const [slots] =
      await sql`select running from private.engine_org_running where organization_id = ${busy.id}`;
    expect(slots!.running).toBe(2);

    // The other organization is not behind the busy one's queue.
    const { executionId: otherRun } = await startExecution({
      organizationId: other.id,
      workflowId: quick,
      triggerType: "manual",
      input: {},
    });
    const quickRun = await awaitExecution(sql, otherRun, 10_000);
    expect(quickRun.execution.status).toBe("completed");
    expect(held.length).toBe(2);

    const deferred = await sql`select 1 from executions
                               where id = any(${ids}::uuid[]) and admission_deferred_at is not null`;
    expect(deferred.length).toBe(3);

    // Freeing slots hands them to the waiting runs, never more than two at a time.
    holding = false;
    held.splice(0).forEach((answer) => answer());
    for (const id of ids) expect((await awaitExecution(sql, id, 15_000)).execution.status).toBe("completed");
    expect(server.requests.filter((r) => r.url === "/hold").length).toBe(5);
    expect(maxInFlight).toBeLessThanOrEqual(3); // two of the busy organization, one of the other
    await waitFor("the counter to drain", async () => {
      const [row] =
        await sql`select running from private.engine_org_running where organization_id = ${busy.id}`;
      return row!.running === 0;
    });
  }, 40_000);

  it("queues only the runs an organization has room for; the rest wait in line behind other organizations", async () => {
    await sql`update organizations set settings = '{"allow_private_network": true, "max_concurrent_executions": 2}'
              where id = ${busy.id}`;
    holding = true;
    const [w] = await sql<
      { id: string }[]
    >`select id from workflows where organization_id = ${busy.id} and status = 'active' limit 1`;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { executionId } = await startExecution({
        organizationId: busy.id,
        workflowId: w!.id,
        triggerType: "manual",
        input: {},
      });
      ids.push(executionId);
    }
    const jobs = await sql<{ priority: number; due: boolean; n: number }[]>`
      select priority, run_at <= now() as due, count(*)::int as n from graphile_worker.jobs
      where key = any(${ids.map((id) => `exec:${id}`)}::text[]) group by 1, 2 order by 1, 2`;
    // Two to run now; 28 with a later fallback, fetched after any organization's runs with room.
    expect(jobs).toEqual([
      { priority: 0, due: true, n: 2 },
      { priority: 1, due: false, n: 28 },
    ]);
    const [counts] = await sql`select running + queued as slots, deferred from private.engine_org_running
                               where organization_id = ${busy.id}`;
    expect(counts).toEqual({ slots: 2, deferred: 28 });
    await waitFor("two held requests", () => held.length === 2);
    holding = false;
    held.splice(0).forEach((answer) => answer());
    for (const id of ids) expect((await awaitExecution(sql, id, 20_000)).execution.status).toBe("completed");
    // The two with room ran first; then each freed slot went to the run waiting longest (two slots
    // hand over side by side, so neighbours may swap).
    const order = (
      await sql<
        { id: string }[]
      >`select id from executions where id = any(${ids}::uuid[]) order by started_at, id`
    ).map((r) => r.id);
    expect(order.slice(0, 2).sort()).toEqual(ids.slice(0, 2).sort());
    for (const [i, id] of ids.entries()) expect(Math.abs(order.indexOf(id) - i)).toBeLessThanOrEqual(2);
    await waitFor("the counters to drain", async () => {
      const [row] = await sql`select running, queued, deferred from private.engine_org_running
                              where organization_id = ${busy.id}`;
      return row!.running === 0 && row!.queued === 0 && row!.deferred === 0;
    });
  }, 60_000);

  it("hands a cancelled run's slot to the waiting run, keeping the cancelled run's finished step", async () => {
    await sql`update organizations set settings = '{"allow_private_network": true, "max_concurrent_executions": 1}'
              where id = ${busy.id}`;
    holding = true;
    // The published "burst" workflow of the first test, not the tenant's fixture workflow (empty,
    // a draft): `limit 1` alone returned either, by heap order.
    const [w] = await sql<
      { id: string }[]
    >`select id from workflows where organization_id = ${busy.id} and status = 'active' limit 1`;
    const start = () =>
      startExecution({ organizationId: busy.id, workflowId: w!.id, triggerType: "manual", input: {} });
    const { executionId: first } = await start();
    await waitFor("the first run's request", () => held.length === 1);
    const { executionId: second } = await start();
    await waitFor("the second run to wait for a slot", async () => {
      const [row] = await sql`select admission_deferred_at from executions where id = ${second}`;
      return row!.admission_deferred_at !== null;
    });
    expect(
      await withUser(busy.members.owner, (tx) => tx`select public.cancel_execution(${first}) as r`, sql),
    ).toEqual([{ r: "cancelling" }]);
    held.shift()!(); // the first run's step finishes; its checkpoint sees the cancellation
    const cancelled = await awaitExecution(sql, first, 10_000);
    expect(cancelled.execution.status).toBe("cancelled");
    expect(cancelled.steps.map((s) => [s.node_id, s.status])).toEqual([
      ["manual_1", "completed"],
      ["http_request_1", "completed"],
    ]);
    await waitFor("the second run's request", () => held.length === 1);
    holding = false;
    held.shift()!();
    expect((await awaitExecution(sql, second, 10_000)).execution.status).toBe("completed");
  }, 30_000);

  it("keeps the running counter exact through cancellation and deletion", async () => {
    const [w] = await sql<
      { id: string }[]
    >`select id from workflows where organization_id = ${busy.id} limit 1`;
    const [e1, e2] = await sql<{ id: string }[]>`
      insert into executions (organization_id, workflow_id, trigger_type, status, started_at)
      values (${busy.id}, ${w!.id}, 'manual', 'running', now()), (${busy.id}, ${w!.id}, 'manual', 'running', now())
      returning id`;
    const count = async () =>
      (await sql`select running from private.engine_org_running where organization_id = ${busy.id}`)[0]!
        .running as number;
    expect(await count()).toBe(2);
    await sql`update executions set status = 'cancelled', completed_at = now() where id = ${e1!.id}`;
    expect(await count()).toBe(1);
    await sql`update executions set error = 'unchanged status' where id = ${e2!.id}`;
    expect(await count()).toBe(1);
    await sql`delete from executions where id = ${e2!.id}`;
    expect(await count()).toBe(0);
  });
});
