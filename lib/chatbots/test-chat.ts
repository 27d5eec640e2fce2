import "server-only";
import { withUser, type UserClaims } from "@/lib/db/client";
import { getBot } from "./bots";
import type { AnswerListener } from "./llm-answer";
import {
  handleVisitorMessage,
  startConversation,
  type OutMessage,
  type StartedConversation,
  type TurnResult,
} from "./runtime";

/**
 * THE API THE CHATBOT CONSOLE USES for the test chat panel beside the flow editor: a member chats
 * with the bot's saved draft flow (not the published one). The caller checks the member may update
 * the bot (console-actions.ts: a test chat runs the draft for real, creating contacts and starting
 * workflows); the bot is read as the member, under RLS. Test sessions have channel `test`: they
 * stay out of the inbox and the analytics, and the origin and rate checks of the public API do not
 * apply (the member is signed in). With a listener, an LLM answer streams to it as it is written
 * (the console's route app/(app)/o/[slug]/bots/[id]/test-chat answers it as server-sent events).
 */

export async function startTestConversation(
  claims: UserClaims,
  organizationId: string,
  botId: string,
): Promise<StartedConversation> {
  const bot = await withUser(claims, (tx) => getBot(tx, organizationId, botId));
  return startConversation(bot, { channel: "test", useDraft: true });
}

export async function sendTestMessage(
  claims: UserClaims,
  organizationId: string,
  botId: string,
  session: { id: string; visitorToken: string },
  text: string,
  onAnswer?: AnswerListener,
): Promise<TurnResult> {
  const bot = await withUser(claims, (tx) => getBot(tx, organizationId, botId));
  return handleVisitorMessage(bot, session.id, session.visitorToken, text, { useDraft: true, onAnswer });
}

export type TestChatMessage = {
  id: string;
  seq: number;
  role: "user" | "bot" | "agent";
  content: string;
  createdAt: string;
  sources: { title: string; score: number; page: number | null }[];
  choices: string[] | null;
  authorName: string | null;
};

export function toTestMessage(m: OutMessage): TestChatMessage {
  return {
    id: m.id,
    seq: Number(m.seq),
    role: m.role,
    content: m.content,
    createdAt: new Date(m.created_at).toISOString(),
    sources: (m.sources ?? []).map((s) => ({ title: s.title, score: s.score, page: s.page ?? null })),
    choices: m.choices,
    authorName: m.author_name,
  };
}

/** A test turn as the console shows it: the member's message and the bot's replies. */
export function testChatReply(turn: TurnResult) {
  return {
    status: turn.status,
    goalReached: turn.goalReached,
    messages: [turn.userMessage, ...turn.messages].map(toTestMessage),
  };
}

export type TestChatReply = ReturnType<typeof testChatReply>;
