import { z } from "zod";
import type { Tx, UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startExecution } from "./start";

/** What the REST API and the builder's actions say about runs (read under RLS as the caller). */

export const runRequestSchema = z.object({
  input: z.record(z.string(), z.unknown()).default({}).describe("The run's trigger input."),
});

/** What POST /api/v1/workflows/:id/runs answers: the run is queued, read it at /executions/:id. */
export const runAcceptedSchema = z.object({ execution_id: z.uuid(), status: z.literal("pending") });

const timestamp = z.iso.datetime({ offset: true });
const json = z.unknown().describe("Any JSON value.");

export const executionStepSchema = z.object({
  step_key: z.string().describe('The node\'s id, with "[i]" per enclosing loop iteration.'),
  node_id: z.string(),
  node_type: z.string(),
  status: z.enum(["running", "waiting", "completed", "failed", "skipped"]),
  handle: z.string().nullable().describe("The output handle the step chose (condition true/false …)."),
  input: json,
  output: json,
  error: z.string().nullable(),
  attempt: z.int(),
  retries: z.array(json),
  logs: z.array(json),
  started_at: timestamp,
  completed_at: timestamp.nullable(),
  duration_ms: z.int().nullable(),
});

/** What GET /api/v1/executions/:id answers: the run with its steps in order. */
export const executionSchema = z.object({
  id: z.uuid(),
  workflow_id: z.uuid(),
  workflow_version_id: z.uuid().nullable(),
  status: z.enum(["pending", "running", "waiting", "completed", "failed", "cancelled"]),
  trigger_type: z.enum(["manual", "webhook", "schedule", "event", "api", "rerun"]),
  trigger_input: json,
  output: json,
  error: z.string().nullable(),
  attempt: z.int(),
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  duration_ms: z.int().nullable(),
  created_at: timestamp,
  steps: z.array(executionStepSchema),
});

/** Starts a run of a workflow of the caller's organization. */
export async function startRunAs(
  claims: UserClaims,
  organizationId: string,
  workflowId: string,
  input: Record<string, unknown>,
  triggerType: "api" | "manual",
  isTest = false,
) {
  // The caller's executions:create was checked by the entry point; startExecution checks that
  // the workflow is in this organization.
  return startExecution({
    organizationId,
    workflowId,
    triggerType,
    input: triggerType === "manual" ? { input, started_by: claims.email ?? null } : input,
    createdBy: claims.sub,
    isTest,
  });
}

export async function readExecution(tx: Tx, organizationId: string, executionId: string) {
  const [execution] = await tx`
    select to_jsonb(r) as item from (
      select e.id, e.workflow_id, e.workflow_version_id, e.status, e.trigger_type, e.trigger_input, e.output, e.error,
             e.attempt, e.started_at, e.completed_at, e.duration_ms, e.created_at,
             coalesce((select jsonb_agg(to_jsonb(s) order by s.sequence) from (
               select step_key, node_id, node_type, status, handle, input, output, error, attempt, retries, logs,
                      started_at, completed_at, duration_ms, sequence
               from execution_steps where execution_id = e.id) s), '[]'::jsonb) as steps
      from executions e where e.organization_id = ${organizationId} and e.id = ${executionId}) r`;
  if (!execution) throw new AppError("not_found", "That run does not exist.");
  return executionSchema.parse(execution.item);
}
