import postgres from "postgres";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { AppError, toAppError } from "@/lib/errors";
import { enqueueRun } from "./queue";

/**
 * Starting a run, on the service path (callers have checked who may start it): the workflow must
 * belong to the organization, the month's execution quota is counted (and enforced, failing fast
 * with the reason, the owners told once per month), the execution row is written and its job
 * queued. Returns the execution id.
 */

export type TriggerType = "manual" | "webhook" | "schedule" | "event" | "api" | "rerun";

export type StartRequest = {
  organizationId: string;
  workflowId: string;
  triggerType: TriggerType;
  input: Record<string, unknown>;
  /** The version to run; the published one (else the latest) when absent. */
  versionId?: string | null;
  createdBy?: string | null;
  isTest?: boolean;
  rerunOf?: string | null;
  /** The new run's id, when the caller must know it before the run exists (to wait for it). */
  executionId?: string;
  /** Runs inside this transaction instead of its own (e.g. to fire a schedule slot atomically). */
  db?: Sql;
};

export async function startExecution(request: StartRequest): Promise<{ executionId: string }> {
  const db = request.db ?? defaultSql();
  let executionId: string;
  try {
    executionId = await withServiceRoleBypassingRls(async (tx) => {
      const [workflow] = await tx`
        select w.id, coalesce(w.published_version_id,
                              (select v.id from public.workflow_versions v where v.workflow_id = w.id
                               order by v.version desc limit 1)) as latest_version_id
        from public.workflows w
        where w.id = ${request.workflowId} and w.organization_id = ${request.organizationId}`;
      if (!workflow) throw new AppError("not_found", "That workflow does not exist in this organization.");
      const versionId = request.versionId ?? workflow.latest_version_id;
      if (!versionId) throw new AppError("unprocessable", "Publish this workflow before running it.");
      await tx`select private.count_execution(${request.organizationId})`;
      const [row] = await tx<{ id: string }[]>`
        insert into public.executions (id, organization_id, workflow_id, workflow_version_id, trigger_type, trigger_input,
                                       created_by, is_test, rerun_of)
        values (coalesce(${request.executionId ?? null}::uuid, gen_random_uuid()), ${request.organizationId}, ${request.workflowId}, ${versionId}, ${request.triggerType},
                ${tx.json(request.input as postgres.JSONValue)}, ${request.createdBy ?? null}, ${request.isTest ?? false},
                ${request.rerunOf ?? null})
        returning id`;
      return row!.id;
    }, db);
  } catch (e) {
    const error = toAppError(e);
    if (error.code === "limit_reached") await notifyQuotaReached(db, request.organizationId, error.message);
    if (e instanceof AppError || error.code !== "internal") throw error;
    throw e;
  }
  await enqueueRun(executionId, undefined, db);
  return { executionId };
}

/** Tells the owners, once per month, that runs are being refused for the quota. */
async function notifyQuotaReached(db: Sql, organizationId: string, reason: string): Promise<void> {
  await withServiceRoleBypassingRls(async (tx) => {
    const first = await tx`
      insert into public.tenant_usage (organization_id, period_start, quota_notified_at)
      values (${organizationId}, date_trunc('month', now())::date, now())
      on conflict (organization_id, period_start) do update set quota_notified_at = now()
      where public.tenant_usage.quota_notified_at is null
      returning id`;
    if (!first.length) return;
    await tx`
      insert into public.notifications (organization_id, recipient_user_id, kind, title, message, channel, priority, sent_at)
      select organization_id, user_id, 'quota', 'Workflow runs are paused for this month', ${reason}, 'in_app', 'high', now()
      from public.organization_members
      where organization_id = ${organizationId} and role = 'owner' and status = 'active'`;
  }, db);
}
