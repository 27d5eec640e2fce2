import { NextResponse } from "next/server";
import postgres from "postgres";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { findHookedWorkflow, readBody } from "./webhook";

/**
 * The webhook benchmark's baseline (bench/webhook.ts), on the same server as the real thing: what
 * a synchronous webhook of a webhook → condition → set workflow would cost with no engine at all.
 * The same checks and database writes (token lookup, quota count, the execution row, its three
 * steps, the result) done inline in the request, in one transaction: no queue, no worker, no
 * notification round trip. Exists only when ORGFLOW_BENCH_BASELINE=1 (never set in production);
 * otherwise the route is a plain 404.
 */

export function benchBaselineEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.ORGFLOW_BENCH_BASELINE === "1";
}

export async function handleBaselineWebhook(
  request: Request,
  workflowId: string,
  token: string,
): Promise<Response> {
  try {
    if (!benchBaselineEnabled()) throw new AppError("not_found", "No webhook here.");
    const body = (await readBody(request)) as { n?: unknown } | null;
    const workflow = await findHookedWorkflow(workflowId, token);
    if (!workflow || workflow.status !== "active") throw new AppError("not_found", "No webhook here.");
    const input = { body, method: request.method, received_at: new Date().toISOString() };
    const output = { n: body?.n ?? null };
    const executionId = await withServiceRoleBypassingRls(async (tx) => {
      await tx`select private.count_execution(${workflow.organization_id})`;
      const [run] = await tx<{ id: string }[]>`
        insert into public.executions (organization_id, workflow_id, workflow_version_id, trigger_type,
                                       trigger_input, status, started_at)
        select ${workflow.organization_id}, w.id, w.published_version_id, 'webhook',
               ${tx.json(input as postgres.JSONValue)}, 'running', now()
        from public.workflows w where w.id = ${workflowId}
        returning id`;
      const steps = [
        ["webhook_1", "webhook", null, input],
        ["if_1", "condition", "true", { result: true }],
        ["set_1", "set", null, output],
      ] as const;
      for (const [i, [key, type, handle, out]] of steps.entries())
        await tx`insert into public.execution_steps (organization_id, execution_id, step_key, node_id, node_type,
                                                      status, handle, output, sequence, completed_at, duration_ms)
                 values (${workflow.organization_id}, ${run!.id}, ${key}, ${key}, ${type}, 'completed', ${handle},
                         ${tx.json(out as postgres.JSONValue)}, ${i}, now(), 0)`;
      await tx`update public.executions set status = 'completed', output = ${tx.json(output as postgres.JSONValue)},
                      completed_at = now() where id = ${run!.id}`;
      return run!.id;
    });
    return NextResponse.json({ execution_id: executionId, status: "completed", output, error: null });
  } catch (e) {
    return errorResponse(e);
  }
}
