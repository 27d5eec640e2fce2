import {
  sql as defaultSql,
  withServiceRoleBypassingRls,
  withServiceRolePipelined,
  type CommitWith,
  type Sql,
  type Tx,
} from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withQueueInstalled } from "@/lib/queue/queue";
import type { AnswerListener } from "../llm-answer";
import type { PreparedAnswer } from "./answers";
import { conversationNotFound, isUuid, loadFlow, lockSession } from "./flow-load";
import { prepareOutsideTransaction } from "./prepare";
import { respond } from "./respond";
import { runFrom } from "./run";
import { hashToken, newVisitorToken, visitorTokenMatches } from "./tokens";
import { Turn } from "./turn";
import { MAX_VISITOR_MESSAGE, type OutMessage, type RuntimeBot, type SessionRow } from "./types";

/**
 * The chatbot runtime: advances a conversation through the bot's flow, one visitor message at a
 * time. Used by the public chat API (lib/chatbots/public-api.ts) and by the console's test chat
 * (THE API THE CHATBOT CONSOLE USES for the test panel: `startConversation(bot, { channel: "test",
 * useDraft: true })` then `handleVisitorMessage(bot, sessionId, token, text, { useDraft: true })`,
 * after checking the member may read the bot).
 *
 * Runs on the service path (a visitor is no user), in one transaction per message with the session
 * row locked, so two messages of one session never interleave. Tenancy is checked here: the
 * session must belong to the bot, the bot to its organization. What starts workflows
 * (`contact.created`, `conversation.started`, a chosen workflow) is queued in the turn's
 * transaction (lib/engine/app-events.ts) and delivered by a worker once it commits.
 *
 * Steps (./steps, one file per node type): message, ask (validated, re-asked), condition, answer
 * from the knowledge base (a configured LLM with citations — lib/llm, streamed to a listener when
 * one is given — else the best matching passage), collect lead (upsertContact), tag contact, hand
 * off, goal reached, start workflow, book an appointment (GoHighLevel). A turn (./turn.ts) runs
 * them (./run.ts) from the step the visitor's message meets (./respond.ts). When the flow
 * has nothing left to do, questions are answered from the knowledge base; asking for a human hands
 * the conversation off. Questions the knowledge base could not answer are flagged for analytics.
 */

export { hashToken, newVisitorToken, visitorTokenMatches } from "./tokens";
export { passageAnswer, type PreparedAnswer } from "./answers";
export { evaluate } from "./steps/condition";
export { MAX_VISITOR_MESSAGE } from "./types";
export type { FlowState, OutMessage, RuntimeBot, Source } from "./types";

export type RuntimeOptions = {
  channel?: "web" | "test";
  /** Run the saved draft instead of the published flow (the console's test chat). */
  useDraft?: boolean;
  origin?: string | null;
  db?: Sql;
  /** Told the answer's passages and text as the LLM writes it (streamed answers). */
  onAnswer?: AnswerListener;
};

export type StartedConversation = {
  sessionId: string;
  /** Give it back with every message; only its hash is stored. */
  visitorToken: string;
  status: SessionRow["status"];
  messages: OutMessage[];
};

/**
 * Starts a session in the caller's (service-path) transaction: the greeting, then the flow up to
 * its first question.
 */
export async function startConversationTx(
  tx: Tx,
  bot: RuntimeBot,
  options: Omit<RuntimeOptions, "db"> & { commitWith?: CommitWith } = {},
): Promise<StartedConversation> {
  const visitorToken = newVisitorToken();
  // Both statements sent at once (one round trip).
  const [[session], flow] = await Promise.all([
    tx<SessionRow[]>`
      insert into public.conversation_sessions (organization_id, bot_id, channel, visitor_token_hash, origin)
      values (${bot.organization_id}, ${bot.id}, ${options.channel ?? "web"}, ${hashToken(visitorToken)},
              ${options.origin?.slice(0, 300) ?? null})
      returning id, organization_id, bot_id, status, contact_id, contact_info, goal_reached, flow_state,
                visitor_token_hash, channel`,
    loadFlow(tx, bot, options.useDraft ?? false),
  ]);
  const turn = new Turn(tx, bot, session!, flow);
  if (bot.greeting.trim()) await turn.say(bot.greeting);
  const start = flow.nodes.find((n) => n.type === "start");
  if (start) await runFrom(turn, start);
  await turn.save(options.commitWith);
  return { sessionId: turn.session.id, visitorToken, status: turn.status, messages: turn.said };
}

/** Starts a session in a transaction of its own (the console's test chat). */
export async function startConversation(
  bot: RuntimeBot,
  options: RuntimeOptions = {},
): Promise<StartedConversation> {
  const db = options.db ?? defaultSql();
  return withQueueInstalled(db, () =>
    withServiceRolePipelined(
      (tx, commitWith) => startConversationTx(tx, bot, { ...options, commitWith }),
      db,
    ),
  );
}

export type TurnResult = {
  status: SessionRow["status"];
  /** The visitor's message as stored, then the bot's replies (none when a human has taken over). */
  userMessage: OutMessage;
  messages: OutMessage[];
  goalReached: boolean;
};

export function checkVisitorText(text: string): string {
  const content = text.trim();
  if (!content)
    throw new AppError("validation_failed", "Type a message first.", { text: ["Type a message first."] });
  if (content.length > MAX_VISITOR_MESSAGE)
    throw new AppError("validation_failed", `Messages may be at most ${MAX_VISITOR_MESSAGE} characters.`, {
      text: [`Messages may be at most ${MAX_VISITOR_MESSAGE} characters.`],
    });
  return content;
}

/**
 * Handles one visitor message in the caller's (service-path) transaction: stores it, then lets
 * the flow answer. The session must belong to `bot` and `visitorToken` must be its token (else not
 * found: nothing is revealed).
 */
export async function handleVisitorMessageTx(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  text: string,
  options: Omit<RuntimeOptions, "db"> & { prepared?: PreparedAnswer | null; commitWith?: CommitWith } = {},
): Promise<TurnResult> {
  const content = checkVisitorText(text);
  const { session, flow } = await lockSession(tx, bot, sessionId, visitorToken, options.useDraft ?? false);
  if (session.status === "closed")
    throw new AppError("gone", "This conversation has ended. Start a new one to keep chatting.");
  const turn = new Turn(tx, bot, session, flow);
  turn.prepared = options.prepared ?? null;
  turn.heard(content);
  if (session.status === "active") await respond(turn, content);
  await turn.save(options.commitWith);
  return {
    status: turn.status,
    userMessage: turn.userMessage!,
    messages: turn.said,
    goalReached: turn.goalReached,
  };
}

/** Handles one visitor message in a transaction of its own (the console's test chat). */
export async function handleVisitorMessage(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  text: string,
  options: RuntimeOptions = {},
): Promise<TurnResult> {
  const db = options.db ?? defaultSql();
  const content = checkVisitorText(text);
  const prepared = await prepareOutsideTransaction(
    bot,
    sessionId,
    visitorToken,
    content,
    options.useDraft ?? false,
    db,
    options.onAnswer,
  );
  return withQueueInstalled(db, () =>
    withServiceRolePipelined(
      (tx, commitWith) =>
        handleVisitorMessageTx(tx, bot, sessionId, visitorToken, text, { ...options, prepared, commitWith }),
      db,
    ),
  );
}

/** Messages after `afterSeq` for the visitor (agent replies reach the widget this way). */
export async function visitorMessagesTx(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  afterSeq: number,
): Promise<{ status: SessionRow["status"]; messages: OutMessage[] }> {
  if (!isUuid(sessionId)) throw conversationNotFound();
  const [session] = await tx<{ status: SessionRow["status"]; visitor_token_hash: string }[]>`
    select status, visitor_token_hash from public.conversation_sessions
    where id = ${sessionId} and bot_id = ${bot.id} and organization_id = ${bot.organization_id}`;
  if (!session || !visitorTokenMatches(session.visitor_token_hash, visitorToken))
    throw conversationNotFound();
  const rows = await tx<OutMessage[]>`
    select id, seq, role, content, sources, choices, author_name, created_at from public.conversation_messages
    where session_id = ${sessionId} and organization_id = ${bot.organization_id} and seq > ${afterSeq}
    order by seq limit 200`;
  return { status: session.status, messages: rows.map((r) => ({ ...r, seq: Number(r.seq) })) };
}

export async function visitorMessages(
  bot: RuntimeBot,
  sessionId: string,
  visitorToken: string,
  afterSeq: number,
  db: Sql = defaultSql(),
): Promise<{ status: SessionRow["status"]; messages: OutMessage[] }> {
  return withServiceRoleBypassingRls(
    (tx) => visitorMessagesTx(tx, bot, sessionId, visitorToken, afterSeq),
    db,
  );
}
