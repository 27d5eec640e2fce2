import { DEFAULT_HANDOFF } from "../types";
import type { StepExecutor } from "./step";

/** Passes the conversation to the team's inbox; the bot stops answering. */
export const handoff: StepExecutor = async (turn, _node, config) => {
  await turn.handOff(String(config.message || DEFAULT_HANDOFF));
  return undefined;
};
