import postgres from "postgres";
import {
  sql as defaultSql,
  withServiceRoleBypassingRls,
  withServiceRolePipelined,
  type Sql,
} from "@/lib/db/client";
import { AppError, toAppError } from "@/lib/errors";
import { withQueueInstalled } from "@/lib/queue/queue";
import type { WorkflowDefinition } from "@/lib/workflows/definition";
import type { TestOptions } from "./test-mode";

/**
 * Starting a run, on the service path (callers have checked who may start it): the workflow must
 * belong to the organization, the month's execution quota is counted (and enforced, failing fast
 * with the reason, the owners told once per month), the execution row is written and its job
 * queued: to run now when the organization has room for it (its running and queued runs below its
 * limit of running runs, ENGINE_ORG_CONCURRENCY or settings.max_concurrent_executions), else to
 * wait for a running one to hand it its slot (fair scheduling: one organization's burst does not
 * go before another organization's runs). Returns the execution id.
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
  /** The pool to start it on (the worker's own, say). */
  db?: Sql;
  /** A test run of a draft (test-mode.ts): its definition and how to run it. Needs isTest. */
  test?: { definition: WorkflowDefinition; options: TestOptions };
};

export async function startExecution(request: StartRequest): Promise<{ executionId: string }> {
  const db = request.db ?? defaultSql();
  try {
    // One statement (private.start_execution: version, quota count, row, job), sent with BEGIN,
    // the role switch and COMMIT in one round trip: the organization's counter row stays locked
    // for that long only. The queue's schema may not be there yet on a new database.
    if (request.test) return await startTestExecution(db, request, request.test);
    const [row] = await withQueueInstalled(db, () =>
      withServiceRolePipelined(
        (tx, commitWith) =>
          commitWith(tx<{ id: string }[]>`
            select private.start_execution(
              ${request.executionId ?? null}::uuid, ${request.organizationId}::uuid, ${request.workflowId}::uuid,
              ${request.triggerType}::text, ${tx.json(request.input as postgres.JSONValue)}::jsonb,
              ${request.versionId ?? null}::uuid, ${request.createdBy ?? null}::uuid,
              ${request.isTest ?? false}::boolean, ${request.rerunOf ?? null}::uuid,
              ${positiveInt(process.env.ENGINE_ORG_CONCURRENCY) ?? 10}::int,
              ${positiveInt(process.env.ENGINE_ADMISSION_RETRY_MS) ?? 30_000}::int) as id`),
        db,
      ),
    );
    return { executionId: row!.id };
  } catch (e) {
    const error = toAppError(e);
    if (error.code === "limit_reached") await notifyQuotaReached(db, request.organizationId, error.message);
    if (e instanceof AppError || error.code !== "internal") throw error;
    throw e;
  }
}

/**
 * A test run of a draft: started as every run is (counted apart from the quota, as a test run),
 * then given the draft's definition and its test options instead of a version, in the same
 * transaction, before the worker can see it.
 */
async function startTestExecution(
  db: Sql,
  request: StartRequest,
  test: NonNullable<StartRequest["test"]>,
): Promise<{ executionId: string }> {
  const id = await withQueueInstalled(db, () =>
    withServiceRoleBypassingRls(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        select private.start_execution(
          ${request.executionId ?? null}::uuid, ${request.organizationId}::uuid, ${request.workflowId}::uuid,
          ${request.triggerType}::text, ${tx.json(request.input as postgres.JSONValue)}::jsonb,
          null::uuid, ${request.createdBy ?? null}::uuid, true, ${request.rerunOf ?? null}::uuid,
          ${positiveInt(process.env.ENGINE_ORG_CONCURRENCY) ?? 10}::int,
          ${positiveInt(process.env.ENGINE_ADMISSION_RETRY_MS) ?? 30_000}::int) as id`;
      await tx`
        update public.executions
        set workflow_version_id = null, test_definition = ${tx.json(test.definition as postgres.JSONValue)},
            test_options = ${tx.json(test.options as postgres.JSONValue)}
        where id = ${row!.id}`;
      return row!.id;
    }, db),
  );
  return { executionId: id };
}

const positiveInt = (v: string | undefined) =>
  v && /^[1-9][0-9]{0,8}$/.test(v.trim()) ? Number(v.trim()) : undefined;

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
      select private.notify(${organizationId}, private.organization_managers(${organizationId}), 'quota',
                            'Workflow runs are paused for this month', ${reason}, 'high',
                            '/o/' || (select slug from public.organizations where id = ${organizationId}) || '/billing/usage')`;
  }, db);
}
