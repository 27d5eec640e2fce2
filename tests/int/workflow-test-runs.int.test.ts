import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { rerunExecution } from "@/lib/executions/executions";
import { lastRunSample, startStepTest, startTestRun } from "@/lib/executions/test-runs";
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
 * Test runs from the builder: the draft runs without being published, steps that reach outside
 * Orgflow are skipped unless chosen (their would-be input recorded), the plan's quota is not
 * touched (test runs are counted apart), and "Test step" runs one step with the data given.
 */

describe("test runs of a draft", () => {
  let sql: Sql;
  let org: TestTenant;
  let workers: EngineWorker[] = [];
  let target: TestServer;
  let workflowId: string;

  beforeAll(async () => {
    sql = testSql(4);
    org = await createTenant(sql, "TestRuns");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${org.id}`;
    target = await startServer();
    workers = await startTestWorkers(1);
    const draft = definition(
      [
        { id: "manual_1", type: "manual" },
        {
          id: "set_1",
          type: "set",
          config: { fields: [{ name: "who", value: "{{ trigger.input.name }}" }] },
        },
        {
          id: "http_request_1",
          type: "http_request",
          config: {
            method: "POST",
            url: `${target.url}/hook`,
            headers: [],
            body: '{"who":"{{ steps.set_1.output.who }}"}',
          },
        },
        {
          id: "send_email_1",
          type: "send_email",
          config: { to: "ana@example.com", subject: "Hi {{ steps.set_1.output.who }}", body: "Hello" },
        },
      ],
      [
        ["manual_1", "set_1"],
        ["set_1", "http_request_1"],
        ["http_request_1", "send_email_1"],
      ],
    );
    // A draft that was never published: no version at all.
    const [w] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name, definition)
      values (${org.id}, 'Never published', ${sql.json(draft as never)}) returning id`;
    workflowId = w!.id;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await target?.close();
    await deleteTenants(sql, [org]);
    await sql.end();
  });

  const usage = async () => {
    const [o] = await sql`select executions_this_month from organizations where id = ${org.id}`;
    const [u] =
      await sql`select coalesce(sum(executions), 0)::int as runs, coalesce(sum(test_executions), 0)::int as tests
                          from tenant_usage where organization_id = ${org.id}`;
    return { quota: o!.executions_this_month as number, runs: u!.runs as number, tests: u!.tests as number };
  };

  it("runs the unpublished draft, skipping the steps that reach outside, quota untouched", async () => {
    const before = await usage();
    const notified = async () =>
      (await sql`select count(*)::int as n from notifications where organization_id = ${org.id}`)[0]!
        .n as number;
    const notifiedBefore = await notified();
    const { executionId } = await startTestRun(org.members.owner, org.id, workflowId, {
      input: { name: "Ana" },
      liveSteps: [],
    });
    const { execution, steps } = await awaitExecution(sql, executionId);
    expect(execution).toMatchObject({ status: "completed", is_test: true, workflow_version_id: null });
    expect(steps.map((s) => [s.node_id, s.status])).toEqual([
      ["manual_1", "completed"],
      ["set_1", "completed"],
      ["http_request_1", "skipped"],
      ["send_email_1", "skipped"],
    ]);
    // What the skipped steps would have done, rendered.
    expect(steps[2]!.input).toMatchObject({ method: "POST", body: '{"who":"Ana"}' });
    expect(steps[3]!.input).toMatchObject({ to: "ana@example.com", subject: "Hi Ana" });
    expect(String((steps[3]!.logs as string[])[0])).toMatch(/Skipped in test mode/);
    expect(target.requests).toHaveLength(0);
    expect(await notified()).toBe(notifiedBefore);
    expect(await usage()).toEqual({ ...before, tests: before.tests + 1 });
  });

  it("runs the outside-reaching steps the member chose, for real", async () => {
    const { executionId } = await startTestRun(org.members.owner, org.id, workflowId, {
      input: { name: "Bo" },
      liveSteps: ["http_request_1"],
    });
    const { steps } = await awaitExecution(sql, executionId);
    expect(steps.map((s) => [s.node_id, s.status])).toEqual([
      ["manual_1", "completed"],
      ["set_1", "completed"],
      ["http_request_1", "completed"],
      ["send_email_1", "skipped"],
    ]);
    expect(target.requests.map((r) => r.body)).toEqual(['{"who":"Bo"}']);
    // Run again: the same draft and choices, still a test run.
    const again = await rerunExecution(org.members.owner, org.id, executionId, "same");
    const rerun = await awaitExecution(sql, again.executionId);
    expect(rerun.execution).toMatchObject({ status: "completed", is_test: true, trigger_type: "rerun" });
    expect(target.requests).toHaveLength(2);
  });

  it("tests one step with the data given, and offers the last run's data", async () => {
    const { sample, from } = await lastRunSample(org.members.owner, org.id, workflowId, "send_email_1");
    expect(from).not.toBeNull();
    expect(sample.trigger).toMatchObject({ input: { name: "Bo" } });
    expect(sample.steps.set_1).toEqual({ output: { who: "Bo" } });
    const { executionId } = await startStepTest(org.members.owner, org.id, workflowId, {
      nodeId: "set_1",
      sample: { trigger: { input: { name: "Cy" } }, steps: {} },
    });
    const { execution, steps } = await awaitExecution(sql, executionId);
    expect(execution).toMatchObject({ status: "completed", is_test: true, output: { who: "Cy" } });
    expect(steps.map((s) => s.node_id)).toEqual(["set_1"]);
    // An outside-reaching step tested on its own runs for real, with the earlier steps' data given.
    const http = await startStepTest(org.members.owner, org.id, workflowId, {
      nodeId: "http_request_1",
      sample: { trigger: {}, steps: { set_1: { output: { who: "Di" } } } },
    });
    const done = await awaitExecution(sql, http.executionId);
    expect(done.steps.map((s) => [s.node_id, s.status])).toEqual([["http_request_1", "completed"]]);
    expect(target.requests.at(-1)!.body).toBe('{"who":"Di"}');
    // Step tests are not offered as "the last run".
    const still = await lastRunSample(org.members.owner, org.id, workflowId, "send_email_1");
    expect(still.from).toBe(from);
  });

  it("before any run, offers the trigger's sample data as a run would receive it", async () => {
    const hooked = await createWorkflow(
      sql,
      org.id,
      definition(
        [
          {
            id: "webhook_1",
            type: "webhook",
            config: { method: "POST", sample_body: '{"name":"Ana Silva"}' },
          },
          { id: "notify_1", type: "notify", config: { title: "Hi", message: "{{ trigger.body.name }}" } },
        ],
        [["webhook_1", "notify_1"]],
      ),
    );
    const first = await lastRunSample(org.members.owner, org.id, hooked, "notify_1");
    expect(first).toMatchObject({ from: null, triggerSample: true, sample: { steps: {} } });
    expect(first.sample.trigger).toMatchObject({ body: { name: "Ana Silva" }, method: "POST", test: true });
    // A sample that is not a JSON object gives the empty sample, not an error.
    await sql`update workflows set definition = jsonb_set(definition, '{nodes,0,data,config,sample_body}', '"[1,2"')
              where id = ${hooked}`;
    const broken = await lastRunSample(org.members.owner, org.id, hooked, "notify_1");
    expect(broken).toMatchObject({ from: null, triggerSample: false, sample: { trigger: {}, steps: {} } });
  });

  it("works at the plan's run limit, and has its own monthly allowance", async () => {
    await sql`update organizations set executions_this_month = max_executions_per_month,
                     usage_period_start = date_trunc('month', now())::date where id = ${org.id}`;
    const published = await createWorkflow(sql, org.id, definition([{ id: "manual_1", type: "manual" }], []));
    await expect(
      startExecution({ organizationId: org.id, workflowId: published, triggerType: "manual", input: {} }),
    ).rejects.toMatchObject({ code: "limit_reached" });
    const { executionId } = await startTestRun(org.members.owner, org.id, workflowId, {
      input: {},
      liveSteps: [],
    });
    await awaitExecution(sql, executionId);
    const { tests } = await usage();
    await sql`update organizations set settings = settings || ${sql.json({ max_test_runs_per_month: tests })}
              where id = ${org.id}`;
    await expect(
      startTestRun(org.members.owner, org.id, workflowId, { input: {}, liveSteps: [] }),
    ).rejects.toMatchObject({
      code: "limit_reached",
      message: expect.stringMatching(/test runs for this month/),
    });
  });

  it("refuses steps that are not in the draft, and viewers cannot see another organization's workflow", async () => {
    await expect(
      startTestRun(org.members.owner, org.id, workflowId, { input: {}, liveSteps: ["ghost_1"] }),
    ).rejects.toMatchObject({ code: "conflict" });
    const other = await createTenant(sql, "TestRunsB");
    try {
      await expect(
        startTestRun(other.members.owner, other.id, workflowId, { input: {}, liveSteps: [] }),
      ).rejects.toMatchObject({ code: "not_found" });
    } finally {
      await deleteTenants(sql, [other]);
    }
  });
});
