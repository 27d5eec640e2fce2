import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  getSession,
  listMessages,
  listSessions,
  sessionCounts,
  type ConversationMessage,
  type SessionStatus,
  type SessionSummary,
} from "./sessions";

/**
 * The inbox's view as plain JSON, shared by the page's first render and its live feed (polled
 * every 2 s): the page of conversations under the filters, the counts per status, and the open
 * conversation with its messages after a cursor. Built on lib/chatbots/sessions.ts.
 */

export const INBOX_PAGE_SIZE = 20;

export type InboxFilters = {
  status: SessionStatus | "all";
  bot?: string;
  /** 1-based. */
  page: number;
  session?: string;
  /** Messages of the open conversation after this seq. */
  after?: number;
};

export type InboxSession = {
  id: string;
  botId: string;
  botName: string;
  status: SessionStatus;
  contact: string;
  goalReached: boolean;
  messageCount: number;
  lastMessage: string | null;
  lastMessageRole: string | null;
  lastMessageAt: string;
  startedAt: string;
};

export type InboxMessage = {
  id: string;
  seq: number;
  role: "user" | "bot" | "agent";
  content: string;
  createdAt: string;
  sources: { title: string; score: number | null; page: number | null }[];
  choices: string[] | null;
  authorName: string | null;
};

export type InboxData = {
  counts: Record<SessionStatus, number>;
  sessions: InboxSession[];
  total: number;
  open: { session: InboxSession; messages: InboxMessage[] } | null;
};

export function toInboxSession(s: SessionSummary): InboxSession {
  const info = s.contact_info as Record<string, unknown>;
  const contact =
    s.contact_name ||
    s.contact_email ||
    (typeof info.name === "string" ? info.name : null) ||
    (typeof info.phone === "string" ? info.phone : null) ||
    "Anonymous visitor";
  return {
    id: s.id,
    botId: s.bot_id,
    botName: s.bot_name,
    status: s.status,
    contact,
    goalReached: s.goal_reached,
    messageCount: s.message_count,
    lastMessage: s.last_message,
    lastMessageRole: s.last_message_role,
    lastMessageAt: s.last_message_at.toISOString(),
    startedAt: s.started_at.toISOString(),
  };
}

export function toInboxMessage(m: ConversationMessage): InboxMessage {
  return {
    id: m.id,
    seq: m.seq,
    role: m.role,
    content: m.content,
    createdAt: m.created_at.toISOString(),
    sources: m.sources.map((s) => ({ title: s.title, score: s.score ?? null, page: s.page ?? null })),
    choices: m.choices,
    authorName: m.author_name,
  };
}

export async function loadInbox(tx: Tx, organizationId: string, filters: InboxFilters): Promise<InboxData> {
  const [list, counts] = await Promise.all([
    listSessions(tx, organizationId, {
      status: filters.status,
      botId: filters.bot,
      limit: INBOX_PAGE_SIZE,
      page: Math.max(filters.page - 1, 0),
    }),
    sessionCounts(tx, organizationId, filters.bot),
  ]);
  let open: InboxData["open"] = null;
  if (filters.session) {
    try {
      const session = await getSession(tx, organizationId, filters.session);
      const messages = await listMessages(tx, organizationId, session.id, { afterSeq: filters.after ?? 0 });
      open = { session: toInboxSession(session), messages: messages.map(toInboxMessage) };
    } catch (e) {
      if (!(e instanceof AppError && e.code === "not_found")) throw e;
    }
  }
  return { counts, sessions: list.sessions.map(toInboxSession), total: list.total, open };
}
