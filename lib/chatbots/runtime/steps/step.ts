import type { FlowNode } from "../../flow/definition";
import type { Turn } from "../turn";

/**
 * A flow step's behaviour (one file per chatbot node type, as the workflow engine's executors):
 * given the turn, the step and its config (the type's defaults filled in), it does its part and
 * returns the step to run next, or undefined when it waits for the visitor or the flow stops.
 */
export type StepExecutor = (
  turn: Turn,
  node: FlowNode,
  config: Record<string, unknown>,
) => Promise<FlowNode | undefined>;
