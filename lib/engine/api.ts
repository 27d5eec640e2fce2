import { z } from "zod";
import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startExecution } from "./start";

/** What the REST API and the builder's actions say about runs (read under RLS as the caller). */

export const runRequestSchema = z.object({ input: z.record(z.string(), z.unknown()).default({}) });

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

export async function readExecution(claims: UserClaims, executionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(executionId)) throw new AppError("not_found", "That run does not exist.");
  return withUser(claims, async (tx) => {
    const [execution] = await tx`
      select id, workflow_id, workflow_version_id, status, trigger_type, trigger_input, output, error, attempt,
             started_at, completed_at, duration_ms, created_at
      from executions where id = ${executionId}`;
    if (!execution) throw new AppError("not_found", "That run does not exist.");
    const steps = await tx`
      select step_key, node_id, node_type, status, handle, input, output, error, attempt, retries, logs,
             started_at, completed_at, duration_ms
      from execution_steps where execution_id = ${executionId} order by sequence`;
    return { ...execution, steps };
  });
}
