import { NextResponse } from "next/server";
import { sql, withServiceRoleBypassingRls } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseJsonText } from "@/lib/http/input-limits";
import { errorResponse, readTextBody } from "@/lib/http/respond";
import { hashWebhookToken, isWebhookTokenShape } from "@/lib/workflows/webhook-tokens";
import { startExecution } from "./start";

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
async function findHookedWorkflow(workflowId: string, token: string): Promise<HookedWorkflow | null> {
  const [row] = await withServiceRoleBypassingRls(
    (tx) => tx<HookedWorkflow[]>`
      select w.id, w.organization_id, w.status, w.trigger_type,
             upper(coalesce(w.trigger_config ->> 'method', 'POST')) as trigger_method,
             (select upper(coalesce(n #>> '{data,config,method}', 'POST'))
              from jsonb_array_elements(w.definition -> 'nodes') n
              where n ->> 'type' = 'webhook' limit 1) as draft_method
      from public.workflow_webhook_tokens t
      join public.workflows w on w.id = t.workflow_id and w.organization_id = t.organization_id
      where t.workflow_id = ${workflowId} and t.token_hash = ${hashWebhookToken(token)}`,
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
async function readBody(request: Request): Promise<unknown> {
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
    const { executionId } = await startExecution({
      organizationId: workflow.organization_id,
      workflowId,
      triggerType: "webhook",
      input: { body, headers, query, method: request.method, received_at: new Date().toISOString() },
    });
    if (url.searchParams.get("wait") !== "1") {
      return NextResponse.json({ execution_id: executionId, status: "pending" }, { status: 202 });
    }
    const result = await waitForExecution(executionId, WAIT_MS);
    return NextResponse.json(
      {
        execution_id: executionId,
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

/** Waits for a run to finish (LISTEN on the engine's channel), at most `ms`. */
export async function waitForExecution(executionId: string, ms: number) {
  const db = sql();
  const read = async () => {
    // The pool's login role reads nothing by itself: the service path (this run was just started
    // on it, by a caller who proved the webhook's token).
    const [row] = await withServiceRoleBypassingRls(
      (tx) => tx`select status, output, error from public.executions where id = ${executionId}`,
      db,
    );
    return row as { status: string; output: unknown; error: string | null };
  };
  let wake: () => void = () => {};
  const listener = await db.listen("orgflow_executions", (payload) => {
    if (payload.includes(executionId)) wake();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = Date.now() + ms;
    for (;;) {
      const row = await read();
      if (["completed", "failed", "cancelled"].includes(row.status)) return { ...row, finished: true };
      const left = deadline - Date.now();
      if (left <= 0) return { ...row, finished: false };
      await new Promise<void>((r) => {
        wake = r;
        timer = setTimeout(r, left);
      });
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    await listener.unlisten();
  }
}
