import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { ensureQueue } from "@/lib/queue/queue";
import { testSql } from "@/tests/support/db";
import { createWorkflow, definition } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Fair scheduling at start (no worker here): an organization's runs beyond its room wait for a
 * slot, with a later, lower-priority fallback job; a queued run that ends without running hands
 * its slot to the run waiting longest; the counters stay exact.
 */

let sql: Sql;
let tenant: TestTenant;
let workflowId: string;

beforeAll(async () => {
  sql = testSql();
  await ensureQueue(inject("databaseUrl"));
  tenant = await createTenant(sql, "FairStart");
  await sql`update organizations set settings = '{"max_concurrent_executions": 1}' where id = ${tenant.id}`;
  workflowId = await createWorkflow(sql, tenant.id, definition([{ id: "manual_1", type: "manual" }], []));
});
afterAll(async () => {
  await sql`delete from graphile_worker._private_jobs where key like 'exec:%'
            and (payload->>'executionId')::uuid in (select id from executions where organization_id = ${tenant.id})`;
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

const job = async (id: string) => {
  const [row] = await sql<{ priority: number; due: boolean }[]>`
    select priority, run_at <= now() as due from graphile_worker.jobs where key = ${`exec:${id}`}`;
  return row;
};
const counters = async () => {
  const [row] = await sql`select running, queued, deferred from private.engine_org_running
                          where organization_id = ${tenant.id}`;
  return row;
};

describe("starting runs at an organization's limit", () => {
  it("queues the first to run now, lines up the rest, and hands a cancelled queued run's slot on", async () => {
    const start = async () =>
      (
        await startExecution({
          organizationId: tenant.id,
          workflowId,
          triggerType: "manual",
          input: {},
          db: sql,
        })
      ).executionId;
    const first = await start();
    const second = await start();
    const third = await start();
    expect(await job(first)).toEqual({ priority: 0, due: true });
    expect(await job(second)).toEqual({ priority: 1, due: false });
    expect(await job(third)).toEqual({ priority: 1, due: false });
    expect(await counters()).toEqual({ running: 0, queued: 1, deferred: 2 });

    // Cancelled while queued: the slot goes to the run waiting longest, queued to run now.
    await withUser(tenant.members.owner, (tx) => tx`select public.cancel_execution(${first})`, sql);
    expect(await job(second)).toEqual({ priority: 0, due: true });
    expect(await job(third)).toEqual({ priority: 1, due: false });
    expect(await counters()).toEqual({ running: 0, queued: 1, deferred: 1 });

    // A waiting run cancelled holds no slot: nothing moves.
    await withUser(tenant.members.owner, (tx) => tx`select public.cancel_execution(${third})`, sql);
    expect(await counters()).toEqual({ running: 0, queued: 1, deferred: 0 });
    await withUser(tenant.members.owner, (tx) => tx`select public.cancel_execution(${second})`, sql);
    expect(await counters()).toEqual({ running: 0, queued: 0, deferred: 0 });
  });

  it("skips runs cancelled while they waited when it hands a slot on", async () => {
    const start = async () =>
      (
        await startExecution({
          organizationId: tenant.id,
          workflowId,
          triggerType: "manual",
          input: {},
          db: sql,
        })
      ).executionId;
    const first = await start();
    const second = await start();
    const third = await start();
    const cancel = (id: string) =>
      withUser(tenant.members.owner, (tx) => tx`select public.cancel_execution(${id})`, sql);
    // The oldest waiting run is cancelled first; then the queued one ends: the slot goes to the third.
    await cancel(second);
    const [left] = await sql`select admission_deferred_at from executions where id = ${second}`;
    expect(left!.admission_deferred_at).toBeNull();
    await cancel(first);
    expect(await job(third)).toEqual({ priority: 0, due: true });
    await cancel(third);
    expect(await counters()).toEqual({ running: 0, queued: 0, deferred: 0 });
  });
});
