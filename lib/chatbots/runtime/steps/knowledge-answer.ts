import type { StepExecutor } from "./step";

/**
 * Answers a saved answer from the knowledge base (question_variable), or says its prompt and
 * waits for the visitor's question (answered in ../respond.ts).
 */
export const knowledgeAnswer: StepExecutor = async (turn, node, config) => {
  const variable = String(config.question_variable ?? "");
  const question = variable ? turn.state.answers[variable] : undefined;
  if (question) {
    const answered = await turn.answer(question, config, turn.connected(node.id, "unanswered"));
    const handle = answered ? "answered" : "unanswered";
    if (turn.connected(node.id, handle)) return turn.next(node.id, handle);
    turn.state.waiting = node.id;
    return undefined;
  }
  if (config.prompt) await turn.say(turn.fill(String(config.prompt)));
  turn.state.waiting = node.id;
  return undefined;
};
