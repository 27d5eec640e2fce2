import type { StepExecutor } from "./step";

/** The bot says something, then the flow goes on. */
export const message: StepExecutor = async (turn, node, config) => {
  await turn.say(turn.fill(String(config.text)));
  return turn.next(node.id, "out");
};
