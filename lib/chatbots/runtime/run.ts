import { cachedNodeConfig } from "../flow/cache";
import type { FlowNode } from "../flow/definition";
import { stepExecutors } from "./steps";
import type { Turn } from "./turn";
import { MAX_STEPS_PER_TURN } from "./types";

/** Runs steps from `start` until one waits for the visitor, the flow ends or it hands off. */
export async function runFrom(turn: Turn, start: FlowNode | undefined): Promise<void> {
  let node = start;
  for (let steps = 0; node && steps < MAX_STEPS_PER_TURN; steps++) {
    node = await step(turn, node);
    if (turn.status !== "active") return;
  }
  if (node) {
    console.error(
      `[chatbots] bot ${turn.bot.id}: the flow ran ${MAX_STEPS_PER_TURN} steps in one turn; stopped.`,
    );
    turn.state.waiting = null;
  }
}

/** Executes one step; returns the next one to run, or undefined to stop. */
async function step(turn: Turn, node: FlowNode): Promise<FlowNode | undefined> {
  const config = cachedNodeConfig(node);
  // A step left incomplete in the flow (or of no known type): skip past it rather than stall the visitor.
  const execute = Object.hasOwn(stepExecutors, node.type) ? stepExecutors[node.type] : undefined;
  if (!config || !execute) return turn.next(node.id, "out");
  return execute(turn, node, config);
}
