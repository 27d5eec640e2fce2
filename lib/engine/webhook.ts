import { createHmac, timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { stackConfig } from "@/lib/config/stack";
import { sql, withServiceRoleBypassingRls } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseJsonText } from "@/lib/http/input-limits";
import { errorResponse, readTextBody } from "@/lib/http/respond";
import { startExecution } from "./start";

/**
 * Webhook triggers: `POST /api/hooks/:workflowId/:token`. The token is derived from the workflow
 * id with the server's secret (WEBHOOK_SIGNING_SECRET, else the Supabase secret key), so it is not
 * stored anywhere; `?test=1` records the payload as a sample for the builder without running.
 * Answers 202 with the execution id, or with `?wait=1` waits up to 30 s for the run's result.
 */

export const MAX_WEBHOOK_BYTES = 256 * 1024;
const WAIT_MS = 30_000;

export function webhookToken(workflowId: string): string {
  const secret = process.env.WEBHOOK_SIGNING_SECRET || stackConfig().secretKey;
  return createHmac("sha256", secret).update(`webhook:${workflowId}`).digest("base64url").slice(0, 32);
}

export function webhookPath(workflowId: string): string {
  return `/api/hooks/${workflowId}/${webhookToken(workflowId)}`;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
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
    if (!/^[0-9a-f-]{36}$/i.test(workflowId) || !sameToken(token, webhookToken(workflowId))) {
      throw new AppError("not_found", "No webhook here.");
    }
    const url = new URL(request.url);
    // The body is read and checked before any database work.
    const body = await readBody(request);
    const [workflow] = await withServiceRoleBypassingRls(
      (tx) => tx`
        select w.id, w.organization_id, w.status from public.workflows w where w.id = ${workflowId}`,
    );
    if (!workflow) throw new AppError("not_found", "No webhook here.");
    const headers = Object.fromEntries(
      [...request.headers.entries()].filter(([k]) => !["authorization", "cookie"].includes(k)),
    );
    if (url.searchParams.get("test") === "1") {
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
