import type { StepExecutor } from "./step";

/** Marks the conversation a success (once), then goes on. */
export const goal: StepExecutor = async (turn, node, config) => {
  if (!turn.goalReached) {
    turn.goalReached = true;
    await turn.tx`update public.conversation_sessions set goal_reached = true, goal_reached_at = now()
                  where id = ${turn.session.id}`;
  }
  turn.state.answers.goal = String(config.name);
  if (config.message) await turn.say(turn.fill(String(config.message)));
  return turn.next(node.id, "out");
};
