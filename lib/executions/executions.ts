import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { AppError, toAppError } from "@/lib/errors";
import { testRunOf } from "./test-runs";
import {
  decodeCursor,
  encodeCursor,
  EXECUTION_STATUSES,
  type ExecutionFilter,
  type LiveExecution,
  type LiveStep,
} from "./format";

/**
 * Run history, read as the signed-in user (withUser): RLS lets members with executions:read see
 * their organization's runs and nothing else. Starting and re-running go through the engine's
 * service path (lib/engine/start.ts) after the entry point checked the permission; cancelling
 * calls public.cancel_execution, which checks executions:update itself.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = "That run does not exist, or you cannot see it.";

const summarySchema = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  workflow_name: z.string().nullable(),
  version: z.number().int().nullable(),
  status: z.enum(EXECUTION_STATUSES),
  trigger_type: z.string(),
  is_test: z.boolean(),
  error: z.string().nullable(),
  attempt: z.number().int(),
  started_at: z.date().nullable(),
  completed_at: z.date().nullable(),
  duration_ms: z.number().int().nullable(),
  created_at: z.date(),
});
export type ExecutionSummary = z.infer<typeof summarySchema>;

/** At most this many runs are counted for the "N runs" line; more shows as "10,000+". */
export const COUNT_CAP = 10_000;

export async function listExecutions(
  tx: Tx,
  organizationId: string,
  filter: ExecutionFilter,
  limit = 25,
): Promise<{ executions: ExecutionSummary[]; nextBefore: string | null; total: number; capped: boolean }> {
  const cursor = decodeCursor(filter.before);
  const from = filter.from ? new Date(`${filter.from}T00:00:00Z`) : null;
  // "To" is inclusive: up to the end of that day (UTC).
  const to = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) : null;
  const where = (t: Tx) => t`
    e.organization_id = ${organizationId}
    and (${filter.status ?? null}::text is null or e.status = ${filter.status ?? null})
    and (${filter.trigger ?? null}::text is null or e.trigger_type = ${filter.trigger ?? null})
    and (${filter.workflow ?? null}::uuid is null or e.workflow_id = ${filter.workflow ?? null}::uuid)
    and (${from}::timestamptz is null or e.created_at >= ${from}::timestamptz)
    and (${to}::timestamptz is null or e.created_at < ${to}::timestamptz)`;
  const [rows, [count]] = await Promise.all([
    tx`
      select e.id, e.workflow_id, w.name as workflow_name, v.version, e.status, e.trigger_type, e.is_test,
             e.error, e.attempt, e.started_at, e.completed_at, e.duration_ms, e.created_at
      from executions e
      left join workflows w on w.id = e.workflow_id
      left join workflow_versions v on v.id = e.workflow_version_id
      where ${where(tx)}
        and (${cursor?.createdAt ?? null}::timestamptz is null
             or (e.created_at, e.id) < (${cursor?.createdAt ?? null}::timestamptz, ${cursor?.id ?? null}::uuid))
      order by e.created_at desc, e.id desc
      limit ${limit + 1}`,
    tx`select count(*)::int as n from (select 1 from executions e where ${where(tx)} limit ${COUNT_CAP + 1}) x`,
  ]);
  const page = z.array(summarySchema).parse(rows.slice(0, limit));
  const last = page[page.length - 1];
  const n = Number(count?.n ?? 0);
  return {
    executions: page,
    nextBefore: rows.length > limit && last ? encodeCursor(last) : null,
    total: Math.min(n, COUNT_CAP),
    capped: n > COUNT_CAP,
  };
}

/** The workflows a runs filter offers (names of the organization's workflows). */
export async function listWorkflowNames(tx: Tx, organizationId: string) {
  const rows = await tx`
      select id, name from workflows where organization_id = ${organizationId}
      order by status = 'archived', lower(name) limit 500`;
  return z.array(z.object({ id: z.uuid(), name: z.string() })).parse(rows);
}

const detailSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  workflow_id: z.uuid(),
  workflow_name: z.string().nullable(),
  workflow_version_id: z.uuid().nullable(),
  version: z.number().int().nullable(),
  live_version_id: z.uuid().nullable(),
  live_version: z.number().int().nullable(),
  workflow_status: z.string().nullable(),
  status: z.enum(EXECUTION_STATUSES),
  trigger_type: z.string(),
  trigger_input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  attempt: z.number().int(),
  is_test: z.boolean(),
  rerun_of: z.uuid().nullable(),
  created_by_name: z.string().nullable(),
  cancel_requested_at: z.date().nullable(),
  started_at: z.date().nullable(),
  completed_at: z.date().nullable(),
  duration_ms: z.number().int().nullable(),
  created_at: z.date(),
});
export type ExecutionDetail = z.infer<typeof detailSchema>;

const stepSchema = z.object({
  step_key: z.string(),
  node_id: z.string(),
  node_type: z.string(),
  status: z.enum(["running", "waiting", "completed", "failed", "skipped"]),
  handle: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  attempt: z.number().int(),
  retries: z.array(z.unknown()),
  logs: z.array(z.unknown()),
  sequence: z.number().int(),
  started_at: z.date(),
  completed_at: z.date().nullable(),
  duration_ms: z.number().int().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toLiveStep(row: z.infer<typeof stepSchema>): LiveStep {
  return {
    ...row,
    input: row.input ?? null,
    output: row.output ?? null,
    started_at: row.started_at.toISOString(),
    completed_at: iso(row.completed_at),
  };
}

export function toLiveExecution(e: ExecutionDetail): LiveExecution {
  return {
    id: e.id,
    workflow_id: e.workflow_id,
    workflow_version_id: e.workflow_version_id,
    status: e.status,
    trigger_type: e.trigger_type,
    output: e.output ?? null,
    error: e.error,
    attempt: e.attempt,
    started_at: iso(e.started_at),
    completed_at: iso(e.completed_at),
    duration_ms: e.duration_ms,
    created_at: e.created_at.toISOString(),
  };
}

async function readExecutionTx(tx: Tx, executionId: string): Promise<ExecutionDetail | null> {
  const [row] = await tx`
    select e.id, e.organization_id, e.workflow_id, w.name as workflow_name, e.workflow_version_id, v.version,
           w.published_version_id as live_version_id,
           (select lv.version from workflow_versions lv where lv.id = w.published_version_id) as live_version,
           w.status as workflow_status, e.status, e.trigger_type, e.trigger_input, e.output, e.error, e.attempt,
           e.is_test, e.rerun_of, e.cancel_requested_at, e.started_at, e.completed_at, e.duration_ms, e.created_at,
           (select coalesce(nullif(btrim(d.display_name), ''), d.email)
            from private.member_directory(e.organization_id) d where d.id = e.created_by) as created_by_name
    from executions e
    left join workflows w on w.id = e.workflow_id
    left join workflow_versions v on v.id = e.workflow_version_id
    where e.id = ${executionId}`;
  return row ? detailSchema.parse(row) : null;
}

async function readStepsTx(tx: Tx, executionId: string): Promise<LiveStep[]> {
  const rows = await tx`
    select step_key, node_id, node_type, status, handle, input, output, error, attempt, retries, logs, sequence,
           started_at, completed_at, duration_ms
    from execution_steps where execution_id = ${executionId}
    order by sequence, started_at`;
  return z.array(stepSchema).parse(rows).map(toLiveStep);
}

/** A run of the organization with its steps, or null (not there, another organization's, not visible). */
export async function getExecution(
  tx: Tx,
  organizationId: string,
  executionId: string,
): Promise<{ execution: ExecutionDetail; steps: LiveStep[] } | null> {
  if (!UUID.test(executionId)) return null;
  const execution = await readExecutionTx(tx, executionId);
  if (!execution || execution.organization_id !== organizationId) return null;
  return { execution, steps: await readStepsTx(tx, executionId) };
}

/** What the event stream sends: the run's live fields and its steps, as the user may see them. */
export async function readLiveState(
  tx: Tx,
  executionId: string,
): Promise<{ execution: LiveExecution; steps: LiveStep[] } | null> {
  if (!UUID.test(executionId)) return null;
  const execution = await readExecutionTx(tx, executionId);
  if (!execution) return null;
  return { execution: toLiveExecution(execution), steps: await readStepsTx(tx, executionId) };
}

/** The latest run of each of these workflows (the workflows list's "last run" column). */
export async function lastRunsTx(
  tx: Tx,
  organizationId: string,
  workflowIds: string[],
): Promise<Map<string, { id: string; status: string; created_at: Date }>> {
  if (workflowIds.length === 0) return new Map();
  const rows = await tx`
    select w.id as workflow_id, r.id, r.status, r.created_at
    from unnest(${workflowIds}::uuid[]) as w (id)
    cross join lateral (
      select e.id, e.status, e.created_at from executions e
      where e.workflow_id = w.id and e.organization_id = ${organizationId}
      order by e.created_at desc, e.id desc limit 1
    ) r`;
  return new Map(
    rows.map((r) => [
      r.workflow_id as string,
      { id: r.id as string, status: r.status as string, created_at: r.created_at as Date },
    ]),
  );
}

/**
 * Runs a finished (or stuck) run again with the same trigger input: the same version that ran, or
 * the workflow's live version. The caller checked executions:create.
 */
export async function rerunExecution(
  claims: UserClaims,
  organizationId: string,
  executionId: string,
  version: "same" | "live",
): Promise<{ executionId: string }> {
  const found = await withUser(claims, (tx) => getExecution(tx, organizationId, executionId));
  if (!found) throw new AppError("not_found", NOT_FOUND);
  const { execution } = found;
  if (execution.workflow_status === "archived")
    throw new AppError("conflict", "This workflow is archived. Restore it before running it again.");
  const versionId = version === "live" ? execution.live_version_id : execution.workflow_version_id;
  const input =
    execution.trigger_input && typeof execution.trigger_input === "object"
      ? (execution.trigger_input as Record<string, unknown>)
      : {};
  const rerun = { organizationId, workflowId: execution.workflow_id, input, createdBy: claims.sub };
  if (!versionId && version === "same" && execution.is_test) {
    // A test run of a draft runs again on the draft it kept, the same way.
    const test = await withUser(claims, (tx) => testRunOf(tx, executionId));
    if (test)
      return startExecution({ ...rerun, triggerType: "rerun", isTest: true, rerunOf: execution.id, test });
  }
  if (!versionId) {
    throw new AppError(
      "conflict",
      version === "live"
        ? "This workflow has no published version to run."
        : "The version that ran no longer exists. Run the live version instead.",
    );
  }
  return startExecution({
    organizationId,
    workflowId: execution.workflow_id,
    triggerType: "rerun",
    input,
    versionId,
    createdBy: claims.sub,
    isTest: execution.is_test,
    rerunOf: execution.id,
  });
}

/** Asks a run to stop: at once when it is queued or waiting, at its next checkpoint when running. */
export async function cancelExecution(
  claims: UserClaims,
  organizationId: string,
  executionId: string,
): Promise<"cancelled" | "cancelling"> {
  if (!UUID.test(executionId)) throw new AppError("not_found", NOT_FOUND);
  return withUser(claims, (tx) => cancelExecutionTx(tx, organizationId, executionId));
}

/** cancelExecution in the caller's transaction. */
export async function cancelExecutionTx(
  tx: Tx,
  organizationId: string,
  executionId: string,
): Promise<"cancelled" | "cancelling"> {
  const [own] =
    await tx`select 1 from executions where id = ${executionId} and organization_id = ${organizationId}`;
  if (!own) throw new AppError("not_found", NOT_FOUND);
  const [row] = await tx`select public.cancel_execution(${executionId}) as result`.catch((e: unknown) => {
    // The function's own reasons (OFCNF finished, OFFRB not allowed) as AppErrors.
    throw toAppError(e);
  });
  return z.enum(["cancelled", "cancelling"]).parse(row!.result);
}

/** The steps of the version that ran (names and types), to label the run's timeline. */
export async function versionNodes(
  tx: Tx,
  organizationId: string,
  versionId: string | null,
  /** A test run of a draft names its steps in the definition it kept. */
  executionId?: string,
): Promise<Record<string, { label: string; type: string }>> {
  if (!versionId && !executionId) return {};
  const rows = await (versionId
    ? tx`
      select n ->> 'id' as id, n ->> 'type' as type, n -> 'data' ->> 'label' as label
      from workflow_versions v, jsonb_array_elements(v.definition -> 'nodes') n
      where v.id = ${versionId} and v.organization_id = ${organizationId}`
    : tx`
      select n ->> 'id' as id, n ->> 'type' as type, n -> 'data' ->> 'label' as label
      from executions e, jsonb_array_elements(e.test_definition -> 'nodes') n
      where e.id = ${executionId!} and e.organization_id = ${organizationId} and e.test_definition is not null`);
  return Object.fromEntries(
    rows.map((r) => [
      r.id as string,
      { type: r.type as string, label: ((r.label as string | null)?.trim() || r.id) as string },
    ]),
  );
}
