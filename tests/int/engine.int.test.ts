import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as hook } from "@/app/api/hooks/[workflowId]/[token]/route";
import { GET as getExecution } from "@/app/api/v1/executions/[id]/route";
import { POST as postRun } from "@/app/api/v1/workflows/[id]/runs/route";
import { createApiKey } from "@/lib/api-keys/keys";
import type { Sql } from "@/lib/db/client";
import { emitAppEvent } from "@/lib/engine/events";
import { startExecution } from "@/lib/engine/start";
import { fireDueSchedules } from "@/lib/engine/triggers";
import type { EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  startTestWorkers,
  webhookHook,
  type TestServer,
} from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** The engine end to end: triggers → queue → worker → executors → checkpoints, on real Postgres. */

describe("workflow engine", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let workers: EngineWorker[] = [];
  let target: TestServer;
  let llm: TestServer;

  beforeAll(async () => {
    sql = testSql(6);
    a = await createTenant(sql, "EngineA");
    b = await createTenant(sql, "EngineB");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id in (${a.id}, ${b.id})`;
    target = await startServer((req, body, res) => {
      if (req.url?.startsWith("/flaky")) {
        const n = target.requests.filter((r) => r.url.startsWith("/flaky")).length;
        res.statusCode = n < 3 ? 503 : 200;
      }
      if (req.url?.startsWith("/broken")) res.statusCode = 500;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ echo: body ? JSON.parse(body) : null }));
    });
    llm = await startServer((_req, body, res) => {
      const request = JSON.parse(body) as { model: string };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          id: "chatcmpl-1",
          object: "chat.completion",
          model: request.model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: '{"sentiment":"positive","score":0.9}' },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
        }),
      );
    });
    process.env.LLM_BASE_URL = `${llm.url}/v1`;
    process.env.LLM_MODEL = "gpt-4o-mini";
    workers = await startTestWorkers(2);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    await target?.close();
    await llm?.close();
    delete process.env.LLM_BASE_URL;
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("runs webhook → condition → HTTP request → notify, checkpointing every step", async () => {
    const workflowId = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          {
            id: "webhook_1",
            type: "webhook",
            config: { method: "POST", require_secret: false, sample_body: "" },
          },
          {
            id: "condition_1",
            type: "condition",
            config: {
              combinator: "all",
              rules: [{ left: "{{ trigger.body.amount }}", operator: "greater_than", right: "100" }],
            },
          },
          {
            id: "http_request_1",
            type: "http_request",
            config: {
              method: "POST",
              url: `${target.url}/orders`,
              headers: [],
              body: '{"order":"{{ trigger.body.id }}"}',
              timeout_seconds: 5,
              fail_on_error_status: true,
            },
          },
          {
            id: "notify_1",
            type: "notify",
            config: {
              audience: "owners",
              title: "Big order {{ trigger.body.id }}",
              message: "Echo: {{ steps.http_request_1.output.body.echo.order }}",
              link: "",
            },
          },
        ],
        [
          ["webhook_1", "condition_1"],
          ["condition_1", "http_request_1", "true"],
          ["http_request_1", "notify_1"],
        ],
      ),
    );
    const { path, token } = await webhookHook(sql, a.id, workflowId);
    const res = await hook(
      new NextRequest(`http://localhost${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: "ord_1", amount: 250 }),
      }),
      { params: Promise.resolve({ workflowId, token }) },
    );
    expect(res.status).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    const { execution, steps } = await awaitExecution(sql, execution_id);
    expect(execution.status).toBe("completed");
    expect(steps.map((s) => [s.node_id, s.status, s.attempt])).toEqual([
      ["webhook_1", "completed", 1],
      ["condition_1", "completed", 1],
      ["http_request_1", "completed", 1],
      ["notify_1", "completed", 1],
    ]);
    expect(target.requests.find((r) => r.url === "/orders")?.body).toBe('{"order":"ord_1"}');
    const notes =
      await sql`select title, message, recipient_user_id from notifications where execution_id = ${execution_id}`;
    expect(notes).toEqual([
      { title: "Big order ord_1", message: "Echo: ord_1", recipient_user_id: a.members.owner.sub },
    ]);
    const [usage] = await sql`select executions_this_month from organizations where id = ${a.id}`;
    expect(usage!.executions_this_month).toBeGreaterThan(0);
  });

  it("records a test payload without running, and refuses a wrong token", async () => {
    const workflowId = await createWorkflow(
      sql,
      a.id,
      definition([{ id: "webhook_1", type: "webhook" }], []),
    );
    const { path, token } = await webhookHook(sql, a.id, workflowId);
    const sample = await hook(
      new NextRequest(`http://localhost${path}?test=1`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "name=Ana&plan=pro",
      }),
      { params: Promise.resolve({ workflowId, token }) },
    );
    expect(sample.status).toBe(200);
    const [row] = await sql`select body from webhook_samples where workflow_id = ${workflowId}`;
    expect(row!.body).toEqual({ name: "Ana", plan: "pro" });
    expect((await sql`select 1 from executions where workflow_id = ${workflowId}`).length).toBe(0);
    const bad = await hook(new NextRequest("http://localhost/x", { method: "POST", body: "{}" }), {
      params: Promise.resolve({ workflowId, token: "x".repeat(32) }),
    });
    expect(bad.status).toBe(404);
  });

  it("retries a failing step with backoff, then takes the error handle when attempts run out", async () => {
    const flaky = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "http_request_1",
            type: "http_request",
            config: { method: "GET", url: `${target.url}/flaky`, retry: { max_attempts: 4, backoff_ms: 20 } },
          },
        ],
        [["manual_1", "http_request_1"]],
      ),
    );
    const broken = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "http_request_1",
            type: "http_request",
            config: {
              method: "GET",
              url: `${target.url}/broken`,
              retry: { max_attempts: 2, backoff_ms: 10 },
            },
          },
          { id: "set_ok", type: "set", config: { fields: [{ name: "ok", value: "yes" }] } },
          {
            id: "set_err",
            type: "set",
            config: { fields: [{ name: "why", value: "{{ steps.http_request_1.output.error }}" }] },
          },
        ],
        [
          ["manual_1", "http_request_1"],
          ["http_request_1", "set_ok"],
          ["http_request_1", "set_err", "error"],
        ],
      ),
    );
    const one = await startExecution({
      organizationId: a.id,
      workflowId: flaky,
      triggerType: "manual",
      input: {},
    });
    const two = await startExecution({
      organizationId: a.id,
      workflowId: broken,
      triggerType: "manual",
      input: {},
    });
    const r1 = await awaitExecution(sql, one.executionId);
    expect(r1.execution.status).toBe("completed");
    const step = r1.steps.find((s) => s.node_id === "http_request_1")!;
    expect(step.attempt).toBe(3);
    expect((step.retries as unknown[]).length).toBe(2);
    const r2 = await awaitExecution(sql, two.executionId);
    expect(r2.execution.status).toBe("completed");
    expect(r2.steps.map((s) => [s.node_id, s.status])).toEqual([
      ["manual_1", "completed"],
      ["http_request_1", "failed"],
      ["set_err", "completed"],
    ]);
    expect(r2.steps[1]!.attempt).toBe(2);
    expect(r2.steps[2]!.output).toEqual({ why: "The server answered 500." });
  });

  it("records tokens and cost of an AI step against an OpenAI-protocol server", async () => {
    const workflowId = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          {
            id: "ai_agent_1",
            type: "ai_agent",
            config: {
              model: "gpt-4o-mini",
              prompt: "Rate: {{ trigger.input.text }}",
              output_format: "json",
              output_schema: [
                { name: "sentiment", type: "string" },
                { name: "score", type: "number" },
              ],
            },
          },
        ],
        [["manual_1", "ai_agent_1"]],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: a.id,
      workflowId,
      triggerType: "manual",
      input: { input: { text: "great" } },
    });
    const { execution, steps } = await awaitExecution(sql, executionId);
    expect(execution.status).toBe("completed");
    expect((steps[1]!.output as { data: unknown }).data).toEqual({ sentiment: "positive", score: 0.9 });
    const [run] =
      await sql`select tokens_in, tokens_out, cost_usd::float as cost from agent_executions where execution_id = ${executionId}`;
    expect(run).toMatchObject({ tokens_in: 42, tokens_out: 7 });
    expect(run!.cost).toBeCloseTo((42 * 0.15 + 7 * 0.6) / 1e6, 6);
    const sent = JSON.parse(llm.requests.at(-1)!.body) as { messages: { content: string }[] };
    expect(sent.messages.at(-1)!.content).toBe("Rate: great");
  });

  it("starts event workflows of the event's organization only", async () => {
    const def = definition(
      [
        { id: "event_1", type: "event", config: { event: "contact.created", status: "any" } },
        {
          id: "set_1",
          type: "set",
          config: { fields: [{ name: "email", value: "{{ trigger.contact.email }}" }] },
        },
      ],
      [["event_1", "set_1"]],
    );
    const inA = await createWorkflow(sql, a.id, def);
    const inB = await createWorkflow(sql, b.id, def);
    const started = await emitAppEvent(a.id, "contact.created", { contact: { email: "x@example.test" } });
    expect(started.length).toBe(1);
    const { execution, steps } = await awaitExecution(sql, started[0]!);
    expect(execution.workflow_id).toBe(inA);
    expect(steps[1]!.output).toEqual({ email: "x@example.test" });
    expect((await sql`select 1 from executions where workflow_id = ${inB}`).length).toBe(0);
  });

  it("fires a schedule slot once however many schedulers look at it", async () => {
    const workflowId = await createWorkflow(
      sql,
      b.id,
      definition(
        [{ id: "schedule_1", type: "schedule", config: { cron: "*/5 * * * *", timezone: "UTC" } }],
        [],
      ),
    );
    const slot = new Date("2030-01-01T10:05:00Z");
    // Both workers' schedulers (their own pools) and the test race for the same minute.
    const fired = await Promise.all([
      fireDueSchedules(slot, workers[0]!.db),
      fireDueSchedules(slot, workers[1]!.db),
      fireDueSchedules(slot, sql),
    ]);
    const mine = fired.flat();
    const rows = await sql`select id from executions where workflow_id = ${workflowId}`;
    expect(rows.length).toBe(1);
    expect(mine.filter((id) => id === rows[0]!.id).length).toBe(1);
    expect((await fireDueSchedules(new Date("2030-01-01T10:06:00Z"), sql)).includes(rows[0]!.id)).toBe(false);
    const { execution } = await awaitExecution(sql, rows[0]!.id as string);
    expect(execution.trigger_input).toEqual({ scheduled_at: "2030-01-01T10:05:00.000Z", timezone: "UTC" });
  });

  it("refuses runs over the monthly quota with the reason, telling the owner once", async () => {
    const workflowId = await createWorkflow(sql, b.id, definition([{ id: "manual_1", type: "manual" }], []));
    await sql`update organizations set max_executions_per_month = executions_this_month where id = ${b.id}`;
    try {
      for (let i = 0; i < 2; i++) {
        await expect(
          startExecution({ organizationId: b.id, workflowId, triggerType: "manual", input: {} }),
        ).rejects.toMatchObject({
          code: "limit_reached",
          message: expect.stringContaining("has used all"),
        });
      }
      const notes = await sql`select 1 from notifications where organization_id = ${b.id} and kind = 'quota'`;
      expect(notes.length).toBe(1);
    } finally {
      await sql`update organizations set max_executions_per_month = 1000 where id = ${b.id}`;
    }
  });

  it("starts a run and reads it back through the REST API with an executions key", async () => {
    const workflowId = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "set_1", type: "set", config: { fields: [{ name: "n", value: "{{ trigger.n }}" }] } },
        ],
        [["manual_1", "set_1"]],
      ),
    );
    const { secret } = await createApiKey(a.members.owner, a.id, {
      name: "Runs",
      permissions: ["executions:create", "executions:read"],
    });
    const auth = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const res = await postRun(
      new NextRequest(`http://localhost/api/v1/workflows/${workflowId}/runs`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ input: { n: 7 } }),
      }),
      { params: Promise.resolve({ id: workflowId }) },
    );
    expect(res.status).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    await awaitExecution(sql, execution_id);
    const got = await getExecution(
      new NextRequest(`http://localhost/api/v1/executions/${execution_id}`, { headers: auth }),
      {
        params: Promise.resolve({ id: execution_id }),
      },
    );
    expect(got.status).toBe(200);
    const body = (await got.json()) as {
      status: string;
      trigger_type: string;
      steps: { node_id: string; output: unknown }[];
    };
    expect(body).toMatchObject({ status: "completed", trigger_type: "api" });
    expect(body.steps.map((s) => s.node_id)).toEqual(["manual_1", "set_1"]);
    expect(body.steps[1]!.output).toEqual({ n: 7 });
  });
});
