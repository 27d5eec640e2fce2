import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  startTestWorkers,
  type TestServer,
} from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Parallel branches: the steps after a step with several connections run side by side (at most
 * four steps of one run at once), and a Merge step waits for the branches that can still reach it
 * and sees their outputs.
 */

describe("parallel branches", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let workers: EngineWorker[] = [];
  let server: TestServer;
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    sql = testSql(4);
    tenant = await createTenant(sql, "Parallel");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${tenant.id}`;
    server = await startServer((req, _body, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ path: req.url }));
      }, 400);
    });
    workers = await startTestWorkers(1);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await server?.close();
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  const http = (id: string) => ({
    id,
    type: "http_request",
    config: { method: "GET", url: `${server.url}/${id}` },
  });

  it("runs independent branches side by side, four at a time, and merges all their outputs", async () => {
    const branches = ["b1", "b2", "b3", "b4", "b5", "b6"];
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          ...branches.map(http),
          { id: "merge_1", type: "merge" },
          {
            id: "set_1",
            type: "set",
            config: {
              fields: [
                { name: "count", value: "{{ steps.merge_1.output.count }}" },
                { name: "b6", value: "{{ steps.merge_1.output.branches.b6.body.path }}" },
              ],
            },
          },
        ],
        [
          ...branches.map((b) => ["manual_1", b] as [string, string]),
          ...branches.map((b) => [b, "merge_1"] as [string, string]),
          ["merge_1", "set_1"],
        ],
      ),
    );
    maxInFlight = 0;
    const started = performance.now();
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    const { execution, steps } = await awaitExecution(sql, executionId, 20_000);
    const elapsed = performance.now() - started;

    expect(execution.status).toBe("completed");
    expect(maxInFlight).toBe(4); // bounded per run
    expect(elapsed).toBeLessThan(6 * 400); // one after another would take 2.4 s at least
    const byNode = new Map(steps.map((s) => [s.node_id as string, s]));
    for (const b of branches) expect(byNode.get(b)!.status).toBe("completed");
    const firstFour = branches.slice(0, 4).map((b) => byNode.get(b)!);
    const lastStart = Math.max(...firstFour.map((s) => (s.started_at as Date).getTime()));
    const firstEnd = Math.min(...firstFour.map((s) => (s.completed_at as Date).getTime()));
    expect(lastStart).toBeLessThan(firstEnd); // they overlapped
    const merge = byNode.get("merge_1")!;
    expect(merge.status).toBe("completed");
    expect(Object.keys((merge.output as { branches: object }).branches).sort()).toEqual(branches);
    const mergeStart = (merge.started_at as Date).getTime();
    for (const b of branches)
      expect(mergeStart).toBeGreaterThanOrEqual((byNode.get(b)!.completed_at as Date).getTime());
    expect(byNode.get("set_1")!.output).toEqual({ count: 6, b6: "/b6" });
    expect(steps.filter((s) => s.node_id === "merge_1")).toHaveLength(1);
  });

  it("does not wait for a branch a condition did not take", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "condition_1",
            type: "condition",
            config: { rules: [{ left: "a", operator: "equals", right: "b" }], combinator: "all" },
          },
          { id: "set_no", type: "set", config: { fields: [{ name: "x", value: "never" }] } },
          http("fast"),
          { id: "merge_1", type: "merge" },
        ],
        [
          ["manual_1", "condition_1"],
          ["condition_1", "set_no", "true"],
          ["manual_1", "fast"],
          ["set_no", "merge_1"],
          ["fast", "merge_1"],
        ],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    const { execution, steps } = await awaitExecution(sql, executionId, 20_000);
    expect(execution.status).toBe("completed");
    expect(steps.map((s) => s.node_id)).not.toContain("set_no");
    const merge = steps.find((s) => s.node_id === "merge_1")!;
    expect(merge.output).toEqual({ branches: { fast: expect.objectContaining({ status: 200 }) }, count: 1 });
  });
});
