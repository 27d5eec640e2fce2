import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import { awaitExecution, createWorkflow, definition, startTestWorkers } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** A delay is waiting time, recorded as such: its step lasts the wait, and says when it ended. */

let sql: Sql;
let tenant: TestTenant;
let workers: EngineWorker[] = [];

beforeAll(async () => {
  sql = testSql(2);
  tenant = await createTenant(sql, "Delay");
  workers = await startTestWorkers(1);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

describe("a delay step", () => {
  it("lasts from when it began to wait until it resumed, and outputs resumed_at", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "delay_1", type: "delay", config: { amount: 1, unit: "minutes" } },
          {
            id: "set_1",
            type: "set",
            config: { fields: [{ name: "after", value: "{{ steps.delay_1.output.resumed_at }}" }] },
          },
        ],
        [
          ["manual_1", "delay_1"],
          ["delay_1", "set_1"],
        ],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: { input: {} },
    });
    // Wait for the run to sleep, then bring the wake-up forward by the minute (as time passing would).
    for (let i = 0; i < 100; i++) {
      const [row] = await sql`select status from executions where id = ${executionId}`;
      if (row?.status === "waiting") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await sql`update execution_steps set wake_at = now(), started_at = started_at - interval '1 minute'
              where execution_id = ${executionId} and node_id = 'delay_1'`;
    const [waiting] = await sql<{ output: { waiting_since: string } }[]>`
      select output from execution_steps where execution_id = ${executionId} and node_id = 'delay_1'`;
    const since = new Date(Date.parse(waiting!.output.waiting_since) - 60_000).toISOString();
    await sql`update execution_steps set output = output || ${sql.json({ waiting_since: since })}::jsonb
              where execution_id = ${executionId} and node_id = 'delay_1'`;
    await sql`update graphile_worker._private_jobs set run_at = now()
              where payload::jsonb ->> 'executionId' = ${executionId}`;

    const { execution, steps } = await awaitExecution(sql, executionId, 30_000);
    expect(execution.status, JSON.stringify(steps.map((s) => s.error))).toBe("completed");
    const delayStep = steps.find((s) => s.node_id === "delay_1")!;
    expect(delayStep.attempt).toBe(1);
    expect(delayStep.duration_ms).toBeGreaterThanOrEqual(59_000);
    const resumedAt = (delayStep.output as { resumed_at: string }).resumed_at;
    expect(Date.parse(resumedAt)).toBeGreaterThan(Date.parse(String(delayStep.started_at)));
    const set = steps.find((s) => s.node_id === "set_1")!;
    expect((set.output as Record<string, unknown>).after).toBe(resumedAt);
  });
});
