import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { listNotes } from "./queries";
import {
  getSession,
  inboxStatusOf,
  listMessages,
  listSessions,
  sessionCounts,
  type ConversationMessage,
  type InboxStatus,
  type SessionFilters,
  type SessionStatus,
  type SessionSummary,
} from "@/lib/chatbots/sessions";

/**
 * The inbox's view as plain JSON, shared by the page's first render and its live feed (read again
 * whenever the live stream says something changed): the page of conversations under the filters, the counts per status, and the open
 * conversation with its messages after a cursor and its private notes. Built on
 * lib/chatbots/sessions.ts.
 */

export const INBOX_PAGE_SIZE = 20;

export type InboxFilters = {
  status: InboxStatus | "all";
  assignee: "all" | "mine" | "unassigned";
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
  inboxStatus: InboxStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  snoozedUntil: string | null;
  contactId: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
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

/** A private note: the team's only. */
export type InboxNote = { id: string; authorName: string; content: string; createdAt: string };

export type InboxData = {
  counts: Record<InboxStatus, number>;
  sessions: InboxSession[];
  total: number;
  open: { session: InboxSession; messages: InboxMessage[]; notes: InboxNote[] } | null;
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
    inboxStatus: inboxStatusOf(s),
    assigneeId: s.assignee_user_id,
    assigneeName: s.assignee_name,
    snoozedUntil: s.snoozed_until?.toISOString() ?? null,
    contactId: s.contact_id,
    contactEmail: s.contact_email,
    contactPhone: typeof info.phone === "string" ? info.phone : null,
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

/** `userId`: the member reading (the "mine" filter). */
export async function loadInbox(
  tx: Tx,
  organizationId: string,
  userId: string,
  filters: InboxFilters,
): Promise<InboxData> {
  const assignee: SessionFilters["assignee"] =
    filters.assignee === "mine"
      ? { mine: userId }
      : filters.assignee === "unassigned"
        ? "unassigned"
        : undefined;
  const [list, counts] = await Promise.all([
    listSessions(tx, organizationId, {
      view: filters.status,
      assignee,
      botId: filters.bot,
      limit: INBOX_PAGE_SIZE,
      page: Math.max(filters.page - 1, 0),
    }),
    sessionCounts(tx, organizationId, { botId: filters.bot, assignee }),
  ]);
  let open: InboxData["open"] = null;
  if (filters.session) {
    try {
      const session = await getSession(tx, organizationId, filters.session);
      const [messages, notes] = await Promise.all([
        listMessages(tx, organizationId, session.id, { afterSeq: filters.after ?? 0 }),
        listNotes(tx, organizationId, session.id),
      ]);
      open = {
        session: toInboxSession(session),
        messages: messages.map(toInboxMessage),
        notes: notes.map((n) => ({
          id: n.id,
          authorName: n.author_name,
          content: n.content,
          createdAt: n.created_at.toISOString(),
        })),
      };
    } catch (e) {
      if (!(e instanceof AppError && e.code === "not_found")) throw e;
    }
  }
  return { counts, sessions: list.sessions.map(toInboxSession), total: list.total, open };
}
