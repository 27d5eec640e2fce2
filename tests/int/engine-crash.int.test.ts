import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  type TestServer,
} from "@/tests/support/engine";
import { ready, spawnWorker, stopAll } from "@/tests/support/processes";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Crash recovery: a worker (a child process running `scripts/worker.ts`) is SIGKILLed while step 3
 * of a 5-step run is in flight; a new worker takes the run over (dead-worker sweep) and finishes it
 * from its checkpoints: steps 1–2 are not run again, step 3 runs again and is marked retried.
 */

describe("crash recovery", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let server: TestServer;
  const children: ChildProcess[] = [];
  let slowArrived!: () => void;
  const slowSeen = new Promise<void>((r) => (slowArrived = r));
  let hangArrived!: () => void;
  const hangSeen = new Promise<void>((r) => (hangArrived = r));

  beforeAll(async () => {
    sql = testSql(4);
    tenant = await createTenant(sql, "Crash");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${tenant.id}`;
    let slowCalls = 0;
    let hangCalls = 0;
    server = await startServer((req, _body, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url === "/slow" && ++slowCalls === 1) {
        slowArrived(); // the first worker is now inside step 3: never answer it
        return;
      }
      if (req.url === "/hang" && ++hangCalls === 1) {
        hangArrived(); // a parallel branch's step that never answers the first worker
        return;
      }
      res.end(JSON.stringify({ path: req.url }));
    });
  });

  afterAll(async () => {
    stopAll(children);
    await server?.close();
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  it("finishes a run after its worker is SIGKILLed mid-step, each step completed once or marked retried", async () => {
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "http_request_1",
            type: "http_request",
            config: { method: "GET", url: `${server.url}/first` },
          },
          {
            id: "http_request_2",
            type: "http_request",
            config: { method: "GET", url: `${server.url}/slow`, timeout_seconds: 60 },
          },
          {
            id: "set_1",
            type: "set",
            config: { fields: [{ name: "path", value: "{{ steps.http_request_2.output.body.path }}" }] },
          },
          {
            id: "notify_1",
            type: "notify",
            config: { audience: "owners", title: "Done", message: "{{ steps.set_1.output.path }}" },
          },
        ],
        [
          ["manual_1", "http_request_1"],
          ["http_request_1", "http_request_2"],
          ["http_request_2", "set_1"],
          ["set_1", "notify_1"],
        ],
      ),
    );
    const first = spawnWorker();
    children.push(first);
    await ready(first);
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    await slowSeen;
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const second = spawnWorker();
    children.push(second);
    await ready(second);
    const { execution, steps } = await awaitExecution(sql, executionId, 30_000);
    second.kill("SIGTERM");

    expect(execution.status).toBe("completed");
    expect(execution.attempt).toBe(2);
    expect(steps.map((s) => [s.node_id, s.status, s.attempt])).toEqual([
      ["manual_1", "completed", 1],
      ["http_request_1", "completed", 1],
      ["http_request_2", "completed", 2],
      ["set_1", "completed", 1],
      ["notify_1", "completed", 1],
    ]);
    expect((steps[2]!.retries as { error: string }[])[0]!.error).toMatch(/worker running this step stopped/);
    expect(server.requests.filter((r) => r.url === "/first").length).toBe(1);
    expect(steps[3]!.output).toEqual({ path: "/slow" });
    expect((await sql`select 1 from notifications where execution_id = ${executionId}`).length).toBe(1);
  }, 60_000);

  it("finishes a run with parallel branches after a SIGKILL: checkpointed steps run once, the merge once", async () => {
    const http = (id: string, path: string) => ({
      id,
      type: "http_request",
      config: { method: "GET", url: `${server.url}/${path}`, timeout_seconds: 60 },
    });
    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          http("http_a", "a"),
          {
            id: "set_a",
            type: "set",
            config: { fields: [{ name: "a", value: "{{ steps.http_a.output.body.path }}" }] },
          },
          http("http_b", "b"),
          http("http_hang", "hang"),
          { id: "merge_1", type: "merge" },
          {
            id: "notify_1",
            type: "notify",
            config: { audience: "owners", title: "Merged", message: "{{ steps.merge_1.output.count }}" },
          },
        ],
        [
          ["manual_1", "http_a"],
          ["http_a", "set_a"],
          ["manual_1", "http_b"],
          ["manual_1", "http_hang"],
          ["set_a", "merge_1"],
          ["http_b", "merge_1"],
          ["http_hang", "merge_1"],
          ["merge_1", "notify_1"],
        ],
      ),
    );
    const first = spawnWorker();
    children.push(first);
    await ready(first);
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    await hangSeen;
    // The other branches finish while http_hang is in flight; their checkpoints are stored then.
    for (let i = 0; i < 100; i++) {
      const done = await sql`select node_id from execution_steps
                             where execution_id = ${executionId} and status = 'completed'
                               and node_id in ('http_a', 'set_a', 'http_b')`;
      if (done.length === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = await sql`select node_id, status from execution_steps where execution_id = ${executionId}`;
    expect(Object.fromEntries(before.map((s) => [s.node_id, s.status]))).toMatchObject({
      http_a: "completed",
      set_a: "completed",
      http_b: "completed",
      http_hang: "running",
    });
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const second = spawnWorker();
    children.push(second);
    await ready(second);
    const { execution, steps } = await awaitExecution(sql, executionId, 30_000);
    second.kill("SIGTERM");

    expect(execution.status).toBe("completed");
    const byNode = Object.fromEntries(steps.map((s) => [s.node_id, [s.status, s.attempt]]));
    expect(byNode).toEqual({
      manual_1: ["completed", 1],
      http_a: ["completed", 1],
      set_a: ["completed", 1],
      http_b: ["completed", 1],
      http_hang: ["completed", 2],
      merge_1: ["completed", 1],
      notify_1: ["completed", 1],
    });
    expect(steps).toHaveLength(7);
    expect(server.requests.filter((r) => r.url === "/a").length).toBe(1);
    expect(server.requests.filter((r) => r.url === "/b").length).toBe(1);
    expect(server.requests.filter((r) => r.url === "/hang").length).toBe(2);
    const merge = steps.find((s) => s.node_id === "merge_1")!;
    expect(Object.keys((merge.output as { branches: object }).branches).sort()).toEqual([
      "http_b",
      "http_hang",
      "set_a",
    ]);
    const notes = await sql`select message from notifications where execution_id = ${executionId}`;
    expect(notes.length).toBe(1);
  }, 60_000);
});
