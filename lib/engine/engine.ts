import { randomUUID } from "node:crypto";
import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { loadDefinition, type EngineDefinition } from "./definition";
import { Run } from "./run";
import type { Admitted, EngineOptions, RunOutcome, StepRow } from "./run-types";

export type { EngineOptions, RunOutcome } from "./run-types";

/**
 * Runs one execution in this worker: takes the run (admission, one statement), then executes its
 * steps from their checkpoints (run.ts), its independent branches side by side (branches.ts),
 * each step checkpointed in execution_steps (checkpoints.ts).
 *
 * Fencing: starting a run takes a fresh lease token; every checkpoint is written only while the
 * token still holds the run, so a worker that lost the run stops at its next checkpoint, and a
 * requested cancellation settles the run there.
 */
export async function runExecution(executionId: string, options: EngineOptions): Promise<RunOutcome> {
  const db = options.db ?? defaultSql();
  const lease = randomUUID();
  const admitted = await admit(db, executionId, lease, options);
  if (admitted.kind !== "admitted") return admitted.outcome;
  const run = new Run(db, admitted, lease, options);
  return run.execute(() => definitionOf(db, admitted.workflowId, admitted.versionId));
}

async function admit(
  db: Sql,
  executionId: string,
  lease: string,
  options: EngineOptions,
): Promise<Admitted | { kind: "no"; outcome: RunOutcome }> {
  // One statement (private.engine_admit, 20261122000600_engine_perf.sql): the terminal, cancel,
  // organization and deadline checks, the per-organization admission and the claim, plus the
  // run's checkpoints when it was started before.
  const [{ r }] = (await db`
    select private.engine_admit(${executionId}::uuid, ${lease}::uuid, ${options.workerId}::text,
                                ${options.orgConcurrency ?? 10}::int,
                                ${options.runTimeoutMs || 3_600_000}::bigint) as r`) as unknown as [
    { r: AdmitResult },
  ];
  switch (r.kind) {
    case "skipped":
      return { kind: "no", outcome: { kind: "skipped", reason: r.reason } };
    case "finished":
      return { kind: "no", outcome: { kind: "finished", status: r.status } };
    case "deferred": {
      const retry = options.admissionRetryMs ?? 30_000;
      return {
        kind: "no",
        outcome: {
          kind: "requeue",
          reason: "admission",
          at: new Date(Date.now() + retry + Math.random() * retry),
        },
      };
    }
  }
  return {
    kind: "admitted",
    executionId,
    organization: r.organization,
    workflowId: r.workflow_id,
    versionId: r.version_id,
    triggerType: r.trigger_type,
    triggerInput: (r.trigger_input ?? {}) as Record<string, unknown>,
    deadline: new Date(r.deadline_at),
    startedAt: new Date(r.started_at),
    steps: r.steps.map((step) => ({ ...step, wake_at: step.wake_at ? new Date(step.wake_at) : null })),
  };
}

type AdmitResult =
  | { kind: "skipped"; reason: string }
  | { kind: "finished"; status: "failed" | "cancelled" }
  | { kind: "deferred" }
  | {
      kind: "admitted";
      organization: Admitted["organization"];
      workflow_id: string;
      version_id: string | null;
      trigger_type: string;
      trigger_input: Record<string, unknown> | null;
      started_at: string;
      deadline_at: string;
      steps: (Omit<StepRow, "wake_at"> & { wake_at: string | null })[];
    };

/**
 * Parsed definitions of workflow versions, which are immutable (a trigger refuses updates), so a
 * worker reads and validates each version once rather than once per run.
 */
const definitions = new Map<string, EngineDefinition>();
const DEFINITION_CACHE_SIZE = 200;

async function definitionOf(db: Sql, workflowId: string, versionId: string | null) {
  if (!versionId) return loadDefinition(db, workflowId, null);
  const key = `${workflowId}:${versionId}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const loaded = await loadDefinition(db, workflowId, versionId);
  if (loaded) {
    if (definitions.size >= DEFINITION_CACHE_SIZE) definitions.delete(definitions.keys().next().value!);
    definitions.set(key, loaded);
  }
  return loaded;
}
