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
 * The step panel's "When it fails" settings (retry_attempts, retry_wait_seconds, retry_on,
 * step_timeout_seconds, on_error) through the engine: the worker, the executors and the steps'
 * checkpoints on real Postgres.
 */

describe("step settings in the engine", () => {
  let sql: Sql;
  let org: TestTenant;
  let workers: EngineWorker[] = [];
  let target: TestServer;

  beforeAll(async () => {
    sql = testSql(4);
    org = await createTenant(sql, "StepSettings");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${org.id}`;
    target = await startServer((req, _body, res) => {
      const n = target.requests.filter((r) => r.url === req.url).length;
      if (req.url === "/flaky") res.statusCode = n < 3 ? 503 : 200;
      if (req.url === "/broken") res.statusCode = 500;
      if (req.url === "/gone") res.statusCode = 404;
      const end = () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ n }));
      };
      if (req.url === "/slow") setTimeout(end, 3000);
      else end();
    });
    workers = await startTestWorkers(1);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await target?.close();
    await deleteTenants(sql, [org]);
    await sql.end();
  });

  const http = (path: string, settings: Record<string, unknown>) => ({
    id: "http_request_1",
    type: "http_request",
    config: { method: "GET", url: `${target.url}${path}`, headers: [], ...settings },
  });
  const set = (id: string, value = "yes") => ({
    id,
    type: "set",
    config: { fields: [{ name: "v", value }] },
  });

  async function run(nodes: Parameters<typeof definition>[0], edges: Parameters<typeof definition>[1]) {
    const workflowId = await createWorkflow(sql, org.id, definition(nodes, edges));
    const { executionId } = await startExecution({
      organizationId: org.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    return awaitExecution(sql, executionId);
  }

  it("tries a step as often as set, recording each try's error and duration", async () => {
    const { execution, steps } = await run(
      [{ id: "manual_1", type: "manual" }, http("/flaky", { retry_attempts: 4, retry_wait_seconds: 0 })],
      [["manual_1", "http_request_1"]],
    );
    expect(execution.status).toBe("completed");
    const step = steps.find((s) => s.node_id === "http_request_1")!;
    expect(step.status).toBe("completed");
    expect(step.attempt).toBe(3);
    const retries = step.retries as { attempt: number; error: string; duration_ms: number }[];
    expect(retries.map((r) => [r.attempt, r.error])).toEqual([
      [1, "The server answered 503."],
      [2, "The server answered 503."],
    ]);
    for (const r of retries) expect(r.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("does not retry a permanent error unless told to retry any error", async () => {
    const once = await run(
      [{ id: "manual_1", type: "manual" }, http("/gone", { retry_attempts: 3, retry_wait_seconds: 0 })],
      [["manual_1", "http_request_1"]],
    );
    expect(once.execution.status).toBe("failed");
    expect(once.steps[1]!.attempt).toBe(1);
    const any = await run(
      [
        { id: "manual_1", type: "manual" },
        http("/gone", { retry_attempts: 3, retry_wait_seconds: 0, retry_on: "any" }),
      ],
      [["manual_1", "http_request_1"]],
    );
    expect(any.execution.status).toBe("failed");
    expect(any.steps[1]!.attempt).toBe(3);
    expect(any.execution.error).toBe("http_request_1: The server answered 404.");
  });

  it("fails a try that passes its time limit", async () => {
    const { execution, steps } = await run(
      [{ id: "manual_1", type: "manual" }, http("/slow", { step_timeout_seconds: 1 })],
      [["manual_1", "http_request_1"]],
    );
    expect(execution.status).toBe("failed");
    expect(steps[1]!.error).toBe("The step timed out after 1000 ms.");
    expect(steps[1]!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(steps[1]!.duration_ms).toBeLessThan(2900);
  });

  it("goes on with the next steps when set to continue on error", async () => {
    const { execution, steps } = await run(
      [{ id: "manual_1", type: "manual" }, http("/broken", { on_error: "continue" }), set("set_1")],
      [
        ["manual_1", "http_request_1"],
        ["http_request_1", "set_1"],
      ],
    );
    expect(execution.status).toBe("completed");
    expect(steps.map((s) => [s.node_id, s.status])).toEqual([
      ["manual_1", "completed"],
      ["http_request_1", "failed"],
      ["set_1", "completed"],
    ]);
    expect(steps[1]!.output).toMatchObject({ error: "The server answered 500.", details: { status: 500 } });
  });

  it("takes the “On error” output, and only it, when the step still fails", async () => {
    const { execution, steps } = await run(
      [
        { id: "manual_1", type: "manual" },
        http("/broken", { on_error: "branch", retry_attempts: 2, retry_wait_seconds: 0 }),
        set("set_ok"),
        set("set_err", "{{ steps.http_request_1.output.error }}"),
      ],
      [
        ["manual_1", "http_request_1"],
        ["http_request_1", "set_ok"],
        ["http_request_1", "set_err", "error"],
      ],
    );
    expect(execution.status).toBe("completed");
    expect(steps.map((s) => [s.node_id, s.status, s.handle])).toEqual([
      ["manual_1", "completed", null],
      ["http_request_1", "failed", "error"],
      ["set_err", "completed", null],
    ]);
    expect(steps[1]!.attempt).toBe(2);
    expect(steps[2]!.output).toEqual({ v: "The server answered 500." });
  });
});
