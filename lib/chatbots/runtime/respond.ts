import { bookPicked, pickedSlot, type BookingConfig } from "../booking";
import { checkAnswer, looksLikeAnswerAttempt } from "../flow/answers";
import { cachedNodeConfig } from "../flow/cache";
import { answerNode, type FlowDefinition, type FlowNode } from "../flow/definition";
import type { AskKind } from "../flow/nodes";
import { runFrom } from "./run";
import type { Turn } from "./turn";
import { DEFAULT_HANDOFF, HANDOFF_INTENT } from "./types";

/**
 * The visitor's message meets the step waiting for it: an answer to check, a pick of offered
 * times, a question for the knowledge base, or a request for a person.
 */

export async function respond(turn: Turn, content: string): Promise<void> {
  const waiting = turn.node(turn.state.waiting);
  const config = waiting ? cachedNodeConfig(waiting) : null;
  if (waiting && config && waiting.type === "ask") {
    const kind = config.kind as AskKind;
    const checked = checkAnswer(kind, content, (config.choices as string[]) ?? []);
    if (!checked.ok && otherQuestionAt(waiting, content)) {
      await answerOtherQuestion(turn, config, content);
      return;
    }
    if (!checked.ok) {
      turn.state.attempts += 1;
      const maxAttempts = Number(config.max_attempts ?? 3);
      if (turn.state.attempts >= maxAttempts && turn.connected(waiting.id, "failed")) {
        turn.state.waiting = null;
        turn.state.attempts = 0;
        await runFrom(turn, turn.next(waiting.id, "failed"));
        return;
      }
      const retry = String(config.retry_message || checked.reason);
      await turn.say(`${retry}\n\n${String(config.question)}`, {
        choices: kind === "choice" ? (config.choices as string[]) : undefined,
      });
      return;
    }
    turn.state.answers[String(config.variable)] = checked.value;
    if (kind === "email") turn.contactInfo.email = checked.value;
    if (kind === "phone") turn.contactInfo.phone = checked.value;
    turn.state.waiting = null;
    turn.state.attempts = 0;
    await runFrom(turn, turn.next(waiting.id, "out"));
    return;
  }
  if (HANDOFF_INTENT.test(content)) {
    await turn.handOff(DEFAULT_HANDOFF);
    return;
  }
  if (waiting && config && waiting.type === "book_appointment") {
    await respondToOffer(turn, waiting, config as BookingConfig, content);
    return;
  }
  if (waiting && config && waiting.type === "knowledge_answer") {
    const unansweredConnected = turn.connected(waiting.id, "unanswered");
    const answered = await turn.answer(content, config, unansweredConnected);
    const handle = answered ? "answered" : "unanswered";
    if (turn.connected(waiting.id, handle)) {
      turn.state.waiting = null;
      await runFrom(turn, turn.next(waiting.id, handle));
    }
    return;
  }
  // The flow has nothing left to ask: answer from the knowledge base.
  turn.state.waiting = null;
  await turn.answer(content, answerConfig(turn.flow), false);
}

/**
 * The visitor's reply to offered times: a pick is booked; a question instead is answered from the
 * knowledge base and the times stay offered (an offer, not a wall).
 */
async function respondToOffer(turn: Turn, node: FlowNode, config: BookingConfig, content: string) {
  const offer = turn.state.offer?.node === node.id ? turn.state.offer : null;
  if (offer && !pickedSlot(offer, content) && /\s\S+\s|\?/.test(content)) {
    if (await turn.answer(content, answerConfig(turn.flow), true)) {
      await turn.say(turn.fill(config.prompt), { choices: offer.slots.map((s) => s.label) });
      return;
    }
  }
  const outcome = await bookPicked(turn.booking(), node.id, config, content);
  if (outcome === "waiting") return;
  turn.state.waiting = null;
  await runFrom(turn, await turn.afterBooking(node, outcome));
}

/** The answer settings of the flow's "Answer from knowledge base" step (defaults when none). */
export function answerConfig(flow: FlowDefinition): Record<string, unknown> {
  const node = answerNode(flow);
  return (node && cachedNodeConfig(node)) ?? {};
}

/**
 * Whether the visitor's reply to an ask step that allows other questions is one: not a valid
 * answer, and not an attempt at one (an email with a typo is asked for again instead).
 */
export function otherQuestionAt(node: FlowNode, content: string): boolean {
  const config = node.type === "ask" ? cachedNodeConfig(node) : null;
  if (!config?.allow_other_questions) return false;
  const kind = config.kind as AskKind;
  return (
    !checkAnswer(kind, content, (config.choices as string[]) ?? []).ok &&
    !looksLikeAnswerAttempt(kind, content)
  );
}

/**
 * A question asked instead of answering an ask step that allows it: answered from the knowledge
 * base (or handed off, when the visitor asks for a person). The step keeps waiting, so the visitor
 * can still answer it; a question the knowledge base cannot answer is met with the step's question
 * again (the default flow's: "…or ask me something else").
 */
async function answerOtherQuestion(turn: Turn, config: Record<string, unknown>, content: string) {
  if (HANDOFF_INTENT.test(content)) {
    await turn.handOff(DEFAULT_HANDOFF);
    return;
  }
  if (await turn.answer(content, answerConfig(turn.flow), true)) return;
  await turn.say(turn.fill(String(config.question)), {
    choices: config.kind === "choice" ? (config.choices as string[]) : undefined,
  });
}
