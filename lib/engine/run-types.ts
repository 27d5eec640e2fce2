import type { Sql } from "@/lib/db/client";
import type { EngineDefinition } from "./definition";

/** What the engine's run (run.ts), its checkpoints (checkpoints.ts) and its branches share. */

export type EngineOptions = {
  db?: Sql;
  workerId: string;
  /** Running executions per organization (organizations.settings.max_concurrent_executions wins). */
  orgConcurrency?: number;
  /** When an organization is at its limit, the run waits for a running one to hand it its slot
   *  (a hand-over is only lost when the worker handing it over dies at that moment); this, plus
   *  jitter, is the fallback time to try again (default 30 s, like a dead worker's takeover). */
  admissionRetryMs?: number;
  /** Whole-run limit, from its first start (organizations.settings.max_run_seconds wins). */
  runTimeoutMs?: number;
  /** Retry waits up to this long happen in the worker; longer ones re-queue the run. */
  inProcessBackoffMaxMs?: number;
  /** Steps of one run that may execute at once on independent branches (default 4). */
  branchConcurrency?: number;
};

export type RunOutcome = (
  | { kind: "finished"; status: "completed" | "failed" | "cancelled" }
  | { kind: "requeue"; at: Date; reason: "wait" | "admission" | "retry" }
  | { kind: "skipped"; reason: string }
) & {
  /** The run gave up its admission slot to this one (its organization's longest waiting run),
   *  which should be queued to run now. */
  wake?: string;
};

export type StepRow = {
  step_key: string;
  status: "running" | "waiting" | "completed" | "failed" | "skipped";
  handle: string | null;
  output: unknown;
  error: string | null;
  attempt: number;
  retries: unknown[];
  wake_at: Date | null;
};

export type Admitted = {
  kind: "admitted";
  executionId: string;
  organization: { id: string; name: string; slug: string; settings: Record<string, unknown> };
  workflowId: string;
  versionId: string | null;
  triggerType: string;
  triggerInput: Record<string, unknown>;
  deadline: Date;
  startedAt: Date;
  /** The run's checkpoints so far (none when it is taken for the first time). */
  steps: StepRow[];
};

export type Next = { kind: "next"; output: unknown; follow: string[] | null };
export type Stop =
  | { kind: "end"; output: unknown }
  | { kind: "fail"; error: string; nodeId: string }
  | { kind: "requeue"; at: Date; reason: "wait" | "retry" }
  | { kind: "lost" };

export type LoopScope = { item: unknown; index: number } | undefined;

/** The graph of a run's definition, as its branches walk it. */
export type RunGraph = {
  definition: EngineDefinition;
  outgoing: Map<string, { handle: string; target: string }[]>;
};

export class LeaseLost extends Error {}
