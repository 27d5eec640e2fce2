import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { deliverAppEvent } from "@/lib/engine/app-events";
import { queueAppEventTx } from "@/lib/queue/app-events";
import { ensureQueue } from "@/lib/queue/queue";
import { createWorkflow, definition } from "@/tests/support/engine";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The outbox of app events: an event is queued in the transaction of the change it reports, so it
 * is there exactly when the change is, and its delivery starts the organization's workflows.
 */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql();
  await ensureQueue(inject("databaseUrl"));
  tenant = await createTenant(sql, "Outbox");
});
afterAll(async () => {
  await sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
            where t.id = j.task_id and t.identifier = 'app_event' and j.payload->>'organizationId' = ${tenant.id}`;
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

const queued = async (marker: string) =>
  sql<{ payload: Record<string, unknown> }[]>`
    select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'app_event' and j.payload->>'organizationId' = ${tenant.id}
      and j.payload->'payload'->>'marker' = ${marker}`;

describe("queueAppEventTx", () => {
  it("queues the event with the transaction that commits, and not with one that rolls back", async () => {
    const kept = randomUUID();
    await withServiceRoleBypassingRls(
      (tx) =>
        queueAppEventTx(tx, {
          kind: "event",
          organizationId: tenant.id,
          event: "contact.created",
          payload: { marker: kept },
        }),
      sql,
    );
    const [job] = await queued(kept);
    expect(job!.payload).toMatchObject({
      kind: "event",
      event: "contact.created",
      organizationId: tenant.id,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    // Stamped by the database (the transaction's time), on the clock publication times use.
    expect(Math.abs(Date.parse(job!.payload.occurredAt as string) - Date.now())).toBeLessThan(60_000);

    const dropped = randomUUID();
    await expect(
      withServiceRoleBypassingRls(async (tx) => {
        await queueAppEventTx(tx, {
          kind: "event",
          organizationId: tenant.id,
          event: "contact.created",
          payload: { marker: dropped },
        });
        throw new Error("the change failed");
      }, sql),
    ).rejects.toThrow("the change failed");
    expect(await queued(dropped)).toEqual([]);
  });

  it("is not open to signed-in users", async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true)`;
        await tx`select private.enqueue_app_event('{}'::jsonb)`;
      }),
    ).rejects.toMatchObject({ code: "42501" });
  });
});

describe("deliverAppEvent", () => {
  it("starts the organization's workflows listening for the event, with the time it happened", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition([{ id: "event_1", type: "event", config: { event: "payment.received" } }], []),
    );
    const [{ now: occurredAt }] = (await sql`select to_json(now())#>>'{}' as now`) as unknown as [
      { now: string },
    ];
    // An event from before the workflow was first published is not its business.
    const before = await deliverAppEvent(
      {
        kind: "event",
        organizationId: tenant.id,
        event: "payment.received",
        payload: {},
        occurredAt: "2020-01-01T00:00:00.000Z",
      },
      sql,
    );
    expect(before).toEqual([]);
    const started = await deliverAppEvent(
      {
        kind: "event",
        organizationId: tenant.id,
        event: "payment.received",
        payload: { amount: 5 },
        occurredAt,
      },
      sql,
    );
    expect(started).toHaveLength(1);
    const [run] = await sql<{ workflow_id: string; trigger_input: Record<string, unknown> }[]>`
      select workflow_id, trigger_input from executions where id = ${started[0]!}`;
    expect(run).toMatchObject({
      workflow_id: workflowId,
      trigger_input: { event: "payment.received", occurred_at: occurredAt, amount: 5 },
    });
    // Another organization's event of the same name starts nothing here.
    const other = await deliverAppEvent(
      { kind: "event", organizationId: randomUUID(), event: "payment.received", payload: {}, occurredAt },
      sql,
    );
    expect(other).toEqual([]);
  });

  it("drops a malformed job and a run of a workflow that is gone, instead of retrying them", async () => {
    expect(await deliverAppEvent({ kind: "event", organizationId: "nope" }, sql)).toEqual([]);
    expect(
      await deliverAppEvent(
        {
          kind: "workflow",
          organizationId: tenant.id,
          workflowId: randomUUID(),
          input: {},
          occurredAt: new Date().toISOString(),
        },
        sql,
      ),
    ).toEqual([]);
  });
});
