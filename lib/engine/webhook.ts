import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { sql, withServiceRoleBypassingRls, withServiceRolePipelined, type Sql } from "@/lib/db/client";
import { Signal } from "@/lib/db/notifications";
import { AppError } from "@/lib/errors";
import { parseJsonText } from "@/lib/http/input-limits";
import { errorResponse, readTextBody } from "@/lib/http/respond";
import { hashWebhookToken, isWebhookTokenShape } from "@/lib/workflows/webhook-tokens";
import { announcedStatus, subscribeToExecutionStatus } from "./notices";
import { startExecution, type StartRequest } from "./start";

/**
 * Webhook triggers: `<METHOD> /api/hooks/:workflowId/:token`, the token being the workflow's own
 * random one (lib/workflows/webhook-tokens.ts), looked up by its SHA-256. Only a workflow whose
 * published trigger is a webhook starts from its URL, and only with the HTTP method that trigger
 * names (405 otherwise); `?test=1` records the payload as a sample for the builder without running
 * (the draft's webhook step decides the method there). Answers 202 with the execution id, or with
 * `?wait=1` waits up to 30 s for the run's result. Every refusal of the URL itself is the same 404,
 * so nothing tells a wrong token from a missing workflow.
 */

export const MAX_WEBHOOK_BYTES = 256 * 1024;
const WAIT_MS = 30_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type HookedWorkflow = {
  id: string;
  organization_id: string;
  status: string;
  trigger_type: string | null;
  trigger_method: string | null;
  draft_method: string | null;
};

/** The workflow the URL belongs to, when the token is its live one. */
export async function findHookedWorkflow(workflowId: string, token: string): Promise<HookedWorkflow | null> {
  // One round trip: BEGIN, the role switch, the lookup and COMMIT travel together.
  const [row] = await withServiceRolePipelined((tx, commitWith) =>
    commitWith(tx<HookedWorkflow[]>`
      select w.id, w.organization_id, w.status, w.trigger_type,
             upper(coalesce(w.trigger_config ->> 'method', 'POST')) as trigger_method,
             (select upper(coalesce(n #>> '{data,config,method}', 'POST'))
              from jsonb_array_elements(w.definition -> 'nodes') n
              where n ->> 'type' = 'webhook' limit 1) as draft_method
      from public.workflow_webhook_tokens t
      join public.workflows w on w.id = t.workflow_id and w.organization_id = t.organization_id
      where t.workflow_id = ${workflowId} and t.token_hash = ${hashWebhookToken(token)}`),
  );
  return row ?? null;
}

function wrongMethod(allowed: string): Response {
  return NextResponse.json(
    new AppError("method_not_allowed", `This webhook accepts ${allowed} requests only.`).toBody(),
    { status: 405, headers: { allow: allowed } },
  );
}

/** The body (size capped while reading; JSON depth capped) as JSON, form fields or text. */
export async function readBody(request: Request): Promise<unknown> {
  const text = await readTextBody(request, MAX_WEBHOOK_BYTES);
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!text) return null;
  if (type.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("json") || /^\s*[[{]/.test(text)) return parseJsonText(text, { what: "The body" });
  return text;
}

export async function handleWebhook(request: Request, workflowId: string, token: string): Promise<Response> {
  try {
    // Cheap checks first, then the body (size and depth capped) before any database work.
    if (!UUID.test(workflowId) || !isWebhookTokenShape(token)) {
      throw new AppError("not_found", "No webhook here.");
    }
    const body = await readBody(request);
    const workflow = await findHookedWorkflow(workflowId, token);
    if (!workflow) throw new AppError("not_found", "No webhook here.");
    const url = new URL(request.url);
    const test = url.searchParams.get("test") === "1";
    // Live: the published trigger must be a webhook. Test: the draft's webhook step (being built).
    const method = test
      ? workflow.draft_method
      : workflow.trigger_type === "webhook"
        ? workflow.trigger_method
        : null;
    if (!method) throw new AppError("not_found", "No webhook here.");
    if (request.method !== method) return wrongMethod(method);
    const headers = Object.fromEntries(
      [...request.headers.entries()].filter(([k]) => !["authorization", "cookie"].includes(k)),
    );
    if (test) {
      await withServiceRoleBypassingRls(async (tx) => {
        await tx`insert into public.webhook_samples (organization_id, workflow_id, content_type, headers, body)
                 values (${workflow.organization_id}, ${workflowId}, ${request.headers.get("content-type")},
                         ${tx.json(headers)}, ${tx.json((body ?? null) as never)})`;
        await tx`delete from public.webhook_samples where workflow_id = ${workflowId} and id not in (
                   select id from public.webhook_samples where workflow_id = ${workflowId}
                   order by received_at desc limit 5)`;
      });
      return NextResponse.json({ received: true, test: true });
    }
    if (workflow.status !== "active") throw new AppError("conflict", "This workflow is not active.");
    const query = Object.fromEntries(url.searchParams.entries());
    const start: StartRequest = {
      organizationId: workflow.organization_id,
      workflowId,
      triggerType: "webhook",
      input: { body, headers, query, method: request.method, received_at: new Date().toISOString() },
    };
    if (url.searchParams.get("wait") !== "1") {
      const { executionId } = await startExecution(start);
      return NextResponse.json({ execution_id: executionId, status: "pending" }, { status: 202 });
    }
    const result = await startAndWait(start, WAIT_MS);
    return NextResponse.json(
      {
        execution_id: result.executionId,
        status: result.status,
        output: result.output ?? null,
        error: result.error ?? null,
      },
      { status: result.finished ? 200 : 202 },
    );
  } catch (e) {
    return errorResponse(e);
  }
}

const FINAL = new Set(["completed", "failed", "cancelled"]);

/**
 * Starts a run and waits for it to finish, at most `ms`. The run's id is chosen here so that the
 * wait subscribes to its notices before the run exists: a run that finishes at once cannot finish
 * unheard, and no read is needed before the first notice. Notices are counted (Signal), so one that
 * comes while the run is being read is not lost either; a reconnect of the listening connection
 * counts as a notice (one may have been missed), so the run is read again then.
 */
export async function startAndWait(request: StartRequest, ms: number, db: Sql = sql()) {
  const executionId = randomUUID();
  const deadline = Date.now() + ms;
  const finished = new Signal();
  const stop = await subscribeToExecutionStatus(
    executionId,
    (payload) => {
      const status = announcedStatus(payload);
      if (status === null || FINAL.has(status)) finished.notify();
    },
    db,
  );
  try {
    await startExecution({ ...request, executionId, db });
    let seen = 0;
    for (;;) {
      await finished.wait(seen, deadline - Date.now());
      seen = finished.count;
      const row = await readOutcome(executionId, db);
      const done = FINAL.has(row.status);
      if (done || Date.now() >= deadline) return { executionId, ...row, finished: done };
    }
  } finally {
    stop();
  }
}

async function readOutcome(executionId: string, db: Sql) {
  // The pool's login role reads nothing by itself: the service path (this run was just started
  // on it, by a caller who proved the webhook's token).
  const [row] = await withServiceRolePipelined(
    (tx, commitWith) =>
      commitWith(tx`select status, output, error from public.executions where id = ${executionId}`),
    db,
  );
  return row as { status: string; output: unknown; error: string | null };
}
