import type { StepExecutor } from "./step";

/** Asks the question and waits: the answer is checked when it comes (../respond.ts). */
export const ask: StepExecutor = async (turn, node, config) => {
  const choices = config.kind === "choice" ? (config.choices as string[]) : undefined;
  await turn.say(turn.fill(String(config.question)), { choices });
  turn.state.waiting = node.id;
  turn.state.attempts = 0;
  return undefined;
};
