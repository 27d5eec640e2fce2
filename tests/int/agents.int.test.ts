import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAgent, updateAgent } from "@/lib/agents/agents";
import { agentTotals, listAgentRuns } from "@/lib/agents/queries";
import type { AgentFields } from "@/lib/agents/schemas";
import { createBot } from "@/lib/chatbots/bots";
import { createTextDocumentTx } from "@/lib/chatbots/documents";
import { processDocument } from "@/lib/chatbots/processing";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { roofingFaq } from "@/tests/fixtures/answers";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  startTestWorkers,
  type TestServer,
} from "@/tests/support/engine";
import { startLlmServer, type LlmTestServer } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The route reads the session: the signed-in member's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const route = await import("@/app/(app)/o/[slug]/agents/[id]/playground/route");

/**
 * An agent's one run path with its tools, through the playground route (streamed) and the
 * workflow's AI step (the engine's worker): knowledge search, HTTP through the SSRF guard, starting
 * a workflow; versions; structured answers; every run recorded with tokens and cost.
 */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let llm: LlmTestServer;
let target: TestServer;
let workers: EngineWorker[] = [];
let botId: string;
let workflowId: string;

function post(claims: UserClaims | null, agentId: string, body: unknown, slug = a.slug) {
  signedIn.claims = claims;
  return route.POST(
    new Request(`http://localhost/o/${slug}/agents/${agentId}/playground`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug, id: agentId }) },
  );
}

async function events(res: Response) {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => ({
      event: /^event: (.*)$/m.exec(frame)![1]!,
      data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as Record<string, unknown>,
    }));
}

function fields(overrides: Partial<AgentFields> = {}): AgentFields {
  return {
    name: "Helper",
    description: "",
    instructions: "You help roofing customers.",
    model: "gpt-4o-mini",
    provider: "",
    temperature: 0.2,
    output_schema: null,
    tools: [],
    ...overrides,
  };
}

const makeAgent = (overrides: Partial<AgentFields> = {}) =>
  withUser(
    a.members.bot_trainer,
    (tx) => createAgent(tx, a.id, fields(overrides), a.members.bot_trainer.sub),
    sql,
  );

beforeAll(async () => {
  sql = testSql(4);
  a = await createTenant(sql, "Agents A");
  b = await createTenant(sql, "Agents B");
  const doc = await withUser(
    a.members.bot_trainer,
    async (tx) => {
      const bot = await createBot(tx, a.id, { name: "Roofer" });
      botId = bot.id;
      return createTextDocumentTx(tx, a.id, bot.id, roofingFaq.documents[0]!);
    },
    sql,
  );
  expect(await processDocument(doc.id, sql)).toBe("ready");
  workflowId = await createWorkflow(
    sql,
    a.id,
    definition([{ id: "manual_1", type: "manual" }], []),
    "Follow up",
  );
  llm = await startLlmServer();
  Object.assign(process.env, llm.env);
  target = await startServer((_req, _body, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ weather: "sunny" }));
  });
  workers = await startTestWorkers(1);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  await llm?.close();
  await target?.close();
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

describe("the agent playground", () => {
  it("streams a run that searches the knowledge base, records it with tokens and cost", async () => {
    const agent = await makeAgent({ tools: [{ type: "knowledge_search", bot_id: botId }] });
    const res = await post(a.members.bot_trainer, agent.id, {
      input: 'What about the warranty? [tool:search_knowledge {"query":"How long is the warranty?"}]',
    });
    expect(res.status).toBe(200);
    const all = await events(res);
    const call = all.find((e) => e.event === "tool_call")!;
    expect(call.data).toMatchObject({
      name: "search_knowledge",
      input: { query: "How long is the warranty?" },
    });
    const result = all.find((e) => e.event === "tool_result")!;
    const hits = result.data.output as { title: string; text: string }[];
    expect(hits[0]!.title).toBe("Roofing FAQ");
    expect(hits.map((h) => h.text).join(" ")).toMatch(/warranty/i);
    const streamed = all
      .filter((e) => e.event === "delta")
      .map((e) => e.data.text)
      .join("");
    const done = all.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data).toMatchObject({ status: "completed", version: 1, text: streamed });
    expect(streamed).toMatch(/^search_knowledge answered: .*warranty/i);
    // Two model calls: the tool call (50 + 10 tokens) and the answer (100 + 20).
    expect(done.data.tokens).toEqual({ input: 150, output: 30 });
    expect(done.data.cost_usd).toBeCloseTo((150 * 0.15 + 30 * 0.6) / 1e6, 10);

    const runs = await withUser(a.members.viewer, (tx) => listAgentRuns(tx, a.id, agent.id), sql);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      source: "playground",
      status: "completed",
      agent_version: 1,
      tokens_in: 150,
    });
    expect(runs[0]!.id).toBe(done.data.run_id);
    const totals = await withUser(a.members.viewer, (tx) => agentTotals(tx, a.id, agent.id), sql);
    expect(totals).toMatchObject({ runs: 1, failed: 0, tokens_in: 150, tokens_out: 30 });
    // A member of another organization sees none of it.
    expect(await withUser(b.members.owner, (tx) => listAgentRuns(tx, a.id, agent.id), sql)).toEqual([]);
  });

  it("sends HTTP requests through the SSRF guard, never to private targets, whatever the organization allows (red team)", async () => {
    const agent = await makeAgent({ tools: [{ type: "http_request" }] });
    const input = `Weather? [tool:http_request {"url":"${target.url}/weather"}]`;
    const blocked = (await events(await post(a.members.owner, agent.id, { input }))).find(
      (e) => e.event === "tool_result",
    )!;
    expect(blocked.data.error).toMatch(/private, loopback and link-local addresses are blocked/);
    expect(target.requests).toHaveLength(0);

    // The setting is for workflow HTTP steps; a bot trainer (who can neither change it nor run
    // workflows) gives an agent its tools, so an agent's HTTP tool stays off private addresses.
    await sql`update organizations set settings = settings || '{"allow_private_network": true}' where id = ${a.id}`;
    try {
      const all = await events(await post(a.members.owner, agent.id, { input }));
      expect(all.find((e) => e.event === "tool_result")!.data.error).toMatch(
        /private, loopback and link-local addresses are blocked/,
      );
      expect(target.requests).toHaveLength(0);
    } finally {
      await sql`update organizations set settings = settings - 'allow_private_network' where id = ${a.id}`;
    }
  });

  it("starts the organization's workflow with the input the model gives", async () => {
    // Giving an agent a workflow to start takes executions:create (bot trainers do not have it).
    const agent = await withUser(
      a.members.administrator,
      (tx) =>
        createAgent(tx, a.id, fields({ tools: [{ type: "start_workflow", workflow_id: workflowId }] }), null),
      sql,
    );
    const all = await events(
      await post(a.members.owner, agent.id, { input: '[tool:start_workflow {"input":{"lead":"Ann"}}]' }),
    );
    const output = all.find((e) => e.event === "tool_result")!.data.output as { execution_id: string };
    const [run] =
      await sql`select organization_id, workflow_id, trigger_input from executions where id = ${output.execution_id}`;
    expect(run).toMatchObject({
      organization_id: a.id,
      workflow_id: workflowId,
      trigger_input: { input: { lead: "Ann" }, started_by: "Agent Helper" },
    });
  });

  it("lets only those who may run workflows run an agent that starts one (red team)", async () => {
    const agent = await withUser(
      a.members.administrator,
      (tx) =>
        createAgent(tx, a.id, fields({ tools: [{ type: "start_workflow", workflow_id: workflowId }] }), null),
      sql,
    );
    const [before] = await sql<{ n: number }[]>`
      select count(*)::int as n from executions where workflow_id = ${workflowId}`;
    const refused = await post(a.members.bot_trainer, agent.id, {
      input: '[tool:start_workflow {"input":{"lead":"Mallory"}}]',
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/run workflows/);
    const [after] = await sql<{ n: number }[]>`
      select count(*)::int as n from executions where workflow_id = ${workflowId}`;
    expect(after!.n).toBe(before!.n);
  });

  it("refuses tools that point at another organization's chatbot or workflow", async () => {
    const theirs = await createWorkflow(sql, b.id, definition([{ id: "manual_1", type: "manual" }], []));
    await expect(
      withUser(
        a.members.administrator,
        (tx) =>
          createAgent(tx, a.id, fields({ tools: [{ type: "start_workflow", workflow_id: theirs }] }), null),
        sql,
      ),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("makes a version per change of what the agent does; runs record theirs", async () => {
    const agent = await makeAgent();
    const trainer = a.members.bot_trainer;
    const renamed = await withUser(
      trainer,
      (tx) => updateAgent(tx, a.id, { ...fields({ name: "Renamed" }), id: agent.id }),
      sql,
    );
    expect(renamed.version).toBe(1);
    const changed = await withUser(
      trainer,
      (tx) =>
        updateAgent(tx, a.id, { ...fields({ name: "Renamed", instructions: "Be terse." }), id: agent.id }),
      sql,
    );
    expect(changed.version).toBe(2);
    const versions =
      await sql`select version, instructions from agent_versions where agent_id = ${agent.id} order by version`;
    expect(versions).toEqual([
      { version: 1, instructions: "You help roofing customers." },
      { version: 2, instructions: "Be terse." },
    ]);
    const done = (await events(await post(trainer, agent.id, { input: "Hello" }))).at(-1)!;
    expect(done.data).toMatchObject({ status: "completed", version: 2 });
    const sent = llm.requests.at(-1)!.messages[0]!;
    expect(sent).toMatchObject({ role: "system", content: "Be terse." });
  });

  it("checks a structured answer against the schema and records a failed run", async () => {
    const schema = { type: "object", required: ["score"], properties: { score: { type: "number" } } };
    const agent = await makeAgent({ output_schema: schema });
    llm.answerNext('{"score": 80}');
    const ok = (await events(await post(a.members.owner, agent.id, { input: "Rate Ann" }))).at(-1)!;
    expect(ok.data).toMatchObject({ status: "completed", data: { score: 80 } });
    llm.answerNext('{"score": "high"}');
    const bad = (await events(await post(a.members.owner, agent.id, { input: "Rate Bob" }))).at(-1)!;
    expect(bad.data).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/answer.score should be number/),
    });
    const [failed] =
      await sql`select status, error, tokens_in from agent_executions where id = ${bad.data.run_id as string}`;
    expect(failed).toMatchObject({ status: "failed", tokens_in: 100 });
  });

  it("refuses a viewer, another organization, a bad id and an empty message as JSON", async () => {
    const agent = await makeAgent();
    expect((await post(a.members.viewer, agent.id, { input: "Hi" })).status).toBe(403);
    expect((await post(b.members.owner, agent.id, { input: "Hi" }, b.slug)).status).toBe(404);
    expect((await post(a.members.owner, "not-an-agent", { input: "Hi" })).status).toBe(404);
    const empty = await post(a.members.owner, agent.id, { input: "  " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields.input).toEqual(["Write a message for the agent."]);
    expect((await post(null, agent.id, { input: "Hi" })).status).toBe(401);
  });
});

describe("the workflow's AI step with an agent", () => {
  it("runs the agent with its tools and records the run against the execution", async () => {
    const agent = await makeAgent({
      name: "Step agent",
      tools: [{ type: "knowledge_search", bot_id: botId }],
    });
    const def = definition(
      [
        { id: "manual_1", type: "manual" },
        {
          id: "ai_agent_1",
          type: "ai_agent",
          config: {
            agent_id: agent.id,
            prompt: '[tool:search_knowledge {"query":"{{ trigger.input.question }}"}]',
          },
        },
      ],
      [["manual_1", "ai_agent_1"]],
    );
    const stepWorkflow = await createWorkflow(sql, a.id, def, "Agent step");
    const { executionId } = await startExecution({
      organizationId: a.id,
      workflowId: stepWorkflow,
      triggerType: "manual",
      input: { input: { question: "How long is the warranty?" } },
    });
    const { execution, steps } = await awaitExecution(sql, executionId);
    expect(execution.status).toBe("completed");
    const output = steps[1]!.output as {
      text: string;
      agent: { id: string; version: number };
      tool_calls: unknown[];
    };
    expect(output.text).toMatch(/^search_knowledge answered: .*warranty/i);
    expect(output.agent).toMatchObject({ id: agent.id, version: 1 });
    expect(output.tool_calls).toEqual([{ name: "search_knowledge" }]);
    const [run] = await sql`
      select agent_id, agent_version, source, step_key, tokens_in from agent_executions where execution_id = ${executionId}`;
    expect(run).toEqual({
      agent_id: agent.id,
      agent_version: 1,
      source: "workflow",
      step_key: "ai_agent_1",
      tokens_in: 150,
    });
  });
});
