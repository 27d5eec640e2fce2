import http from "node:http";
import type { AddressInfo } from "node:net";
import { inject } from "vitest";
import type { Sql } from "@/lib/db/client";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { startWorker, type EngineWorker } from "@/lib/engine/worker";
import type { WorkflowDefinition } from "@/lib/workflows/definition";
import { hashWebhookToken, issueWebhookToken, newWebhookToken } from "@/lib/workflows/webhook-tokens";

/** Helpers for the engine suites: workflows made in SQL, local HTTP servers, awaiting runs. */

type NodeSpec = { id: string; type: string; config?: Record<string, unknown> };
type EdgeSpec = [source: string, target: string, sourceHandle?: string];

export function definition(nodes: NodeSpec[], edges: EdgeSpec[]): WorkflowDefinition {
  return {
    nodes: nodes.map((n, i) => ({
      id: n.id,
      type: n.type,
      position: { x: i * 200, y: 0 },
      data: { config: n.config ?? {} },
    })),
    edges: edges.map(([source, target, handle]) => ({
      id: `${source}.${handle ?? "out"}->${target}.in`,
      source,
      sourceHandle: handle ?? "out",
      target,
      targetHandle: "in",
    })),
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

/** An active, published workflow (version 1 = `def`); returns its id. */
export async function createWorkflow(
  sql: Sql,
  organizationId: string,
  def: WorkflowDefinition,
  name = "Test workflow",
) {
  const trigger = def.nodes.find((n) => ["manual", "webhook", "schedule", "event"].includes(n.type));
  const [w] = await sql<{ id: string }[]>`
    insert into workflows (organization_id, name, definition) values (${organizationId}, ${name}, ${sql.json(def as never)})
    returning id`;
  const [v] = await sql<{ id: string }[]>`
    insert into workflow_versions (organization_id, workflow_id, version, definition)
    values (${organizationId}, ${w!.id}, 1, ${sql.json(def as never)}) returning id`;
  await sql`update workflows set status = 'active', published_version_id = ${v!.id}, published_at = now(),
                   trigger_type = ${trigger?.type ?? null}, trigger_config = ${sql.json((trigger?.data.config ?? {}) as never)}
            where id = ${w!.id}`;
  return w!.id;
}

/** Makes the workflow's webhook token (as the app does, on the service path); its path and token. */
export async function webhookHook(sql: Sql, organizationId: string, workflowId: string) {
  const { token } = await withServiceRoleBypassingRls(
    (tx) => issueWebhookToken(tx, organizationId, workflowId),
    sql,
  );
  return { token, path: `/api/hooks/${workflowId}/${token}` };
}

/**
 * A live webhook token written straight into the table, whatever the workflow's trigger: for suites
 * that only need a well-formed, known URL to throw requests at. Returns the token.
 */
export async function plantWebhookToken(
  sql: Sql,
  organizationId: string,
  workflowId: string,
): Promise<string> {
  const token = newWebhookToken();
  await sql`
    insert into workflow_webhook_tokens (organization_id, workflow_id, token_hash, token_prefix)
    values (${organizationId}, ${workflowId}, ${hashWebhookToken(token)}, ${token.slice(0, 10)})`;
  return token;
}

export type TestServer = {
  url: string;
  requests: { method: string; url: string; body: string; headers: http.IncomingHttpHeaders }[];
  close: () => Promise<void>;
};

/** A real HTTP server on 127.0.0.1 answering with `handler` (default: 200 {"ok":true}). */
export async function startServer(
  handler?: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void,
): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", body, headers: req.headers });
      if (handler) handler(req, body, res);
      else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const TERMINAL = ["completed", "failed", "cancelled"];

/**
 * Resolves when the execution reaches a final status, woken by the engine's NOTIFY on
 * "orgflow_executions" (checked once after subscribing, so an earlier finish is not missed).
 */
export async function awaitExecution(sql: Sql, executionId: string, timeoutMs = 20_000) {
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  const check = async () => {
    const [row] = await sql`select status from executions where id = ${executionId}`;
    if (row && TERMINAL.includes(row.status as string)) settle();
  };
  const listener = await sql.listen("orgflow_executions", (payload) => {
    const msg = JSON.parse(payload) as { id: string; status: string };
    if (msg.id === executionId && TERMINAL.includes(msg.status)) settle();
  });
  await check();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`execution ${executionId} did not finish in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await listener.unlisten();
  }
  const [execution] = await sql`select * from executions where id = ${executionId}`;
  const steps =
    await sql`select * from execution_steps where execution_id = ${executionId} order by sequence`;
  return { execution: execution!, steps };
}

/**
 * Starts `count` engine workers on the test database (several, as deployed, so races between them
 * are exercised), without cron schedules. If one fails to start, those already started are stopped.
 */
export async function startTestWorkers(count: number): Promise<EngineWorker[]> {
  const workers: EngineWorker[] = [];
  try {
    for (let i = 0; i < count; i++) {
      workers.push(
        await startWorker({
          connectionString: inject("appDatabaseUrl"),
          concurrency: 4,
          pollInterval: 200,
          schedules: false,
        }),
      );
    }
  } catch (error) {
    await Promise.all(workers.map((w) => w.stop()));
    throw error;
  }
  return workers;
}
