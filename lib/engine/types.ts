import type { Sql } from "@/lib/db/client";
import type { ExecutionContext, NodeExecutionResult } from "@/lib/workflows/nodes/types";

/**
 * What the engine hands an executor: the registry's ExecutionContext plus what the engine's own
 * executors need (the organization's settings, a log, the run's ids, the database).
 */
export type EngineExecutionContext = ExecutionContext & {
  stepKey: string;
  attempt: number;
  organization: { id: string; name: string; slug: string; settings: Record<string, unknown> };
  log: (message: string) => void;
  db: Sql;
};

export type EngineExecutor = (
  config: Record<string, unknown>,
  context: EngineExecutionContext,
) => Promise<NodeExecutionResult>;

export type EngineNodeType = {
  executor: EngineExecutor;
  /** Steps with effects outside the run get a "running" checkpoint before they start, so a crash
   *  mid-step is visible and the retry is marked; pure steps are checkpointed once, when done. */
  sideEffects: boolean;
  /** Loops: the handle whose branch runs once per item. */
  loopBodyHandle?: string;
  /** Merge steps: wait for every branch that can still reach them, and see their outputs. */
  join?: boolean;
  /** Triggers start a run; their step records what started it. */
  trigger?: boolean;
  /** Checks the stored config (expressions still as text) and fills defaults; throws StepError. */
  parse: (raw: Record<string, unknown>) => Record<string, unknown>;
  /** Config fields whose expressions must resolve (a missing value is an error, not ""). */
  strictFields?: readonly string[];
};
