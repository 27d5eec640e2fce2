import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * THE API THE CHATBOT CONSOLE USES for the conversations inbox (`conversations` resource, run as
 * the user under RLS): list sessions with filters (active / handed off / closed, bot) and
 * pagination, a transcript, new messages since a cursor (live view), reply as an agent (takes the
 * conversation over from the bot), hand off, close. The widget sees agent replies through
 * `GET /api/chat/<botKey>/sessions/<id>/messages?after=<seq>`.
 */

export const SESSION_STATUSES = ["active", "handed_off", "closed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * The inbox's statuses, read from the session (nothing stored twice): pending = the bot is
 * answering, open = handed to the team and not snoozed, snoozed = handed to the team and snoozed
 * until a time still ahead (open again when it passes, or when the visitor writes), resolved =
 * closed.
 */
export const INBOX_STATUSES = ["open", "pending", "snoozed", "resolved"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];
const INBOX_STATUS_SQL: Record<InboxStatus, string> = {
  open: "s.status = 'handed_off' and (s.snoozed_until is null or s.snoozed_until <= now())",
  pending: "s.status = 'active'",
  snoozed: "s.status = 'handed_off' and s.snoozed_until > now()",
  resolved: "s.status = 'closed'",
};

export function inboxStatusOf(s: { status: SessionStatus; snoozed_until: Date | null }, now = new Date()) {
  if (s.status === "active") return "pending";
  if (s.status === "closed") return "resolved";
  return s.snoozed_until && s.snoozed_until > now ? "snoozed" : "open";
}
export const MAX_AGENT_REPLY = 4000;

const NOT_FOUND = "This conversation does not exist or was deleted.";

export const sessionSummarySchema = z.object({
  id: z.uuid(),
  bot_id: z.uuid(),
  bot_name: z.string(),
  status: z.enum(SESSION_STATUSES),
  channel: z.string(),
  goal_reached: z.boolean(),
  contact_id: z.uuid().nullable(),
  contact_name: z.string().nullable(),
  contact_email: z.string().nullable(),
  contact_info: z.record(z.string(), z.unknown()),
  message_count: z.number().int(),
  last_message: z.string().nullable(),
  last_message_role: z.string().nullable(),
  started_at: z.date(),
  last_message_at: z.date(),
  handed_off_at: z.date().nullable(),
  closed_at: z.date().nullable(),
  assignee_user_id: z.uuid().nullable(),
  assignee_name: z.string().nullable(),
  snoozed_until: z.date().nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  seq: z.coerce.number(),
  role: z.enum(["user", "bot", "agent"]),
  content: z.string(),
  sources: z.array(
    z.object({
      document_id: z.string(),
      chunk_id: z.string(),
      title: z.string(),
      position: z.number().optional(),
      page: z.number().nullable().optional(),
      score: z.number().optional(),
    }),
  ),
  choices: z.array(z.string()).nullable(),
  unanswered: z.boolean(),
  author_name: z.string().nullable(),
  created_at: z.date(),
});
export type ConversationMessage = z.infer<typeof messageSchema>;

export type SessionFilters = {
  status?: SessionStatus | "all";
  /** The inbox's status (instead of `status`). */
  view?: InboxStatus | "all";
  /** Conversations assigned to `userId` ("mine"), or to nobody. */
  assignee?: { mine: string } | "unassigned";
  botId?: string;
  /** Page size (max 100) and 0-based page. */
  limit?: number;
  page?: number;
};

const SUMMARY = `
  s.id, s.bot_id, b.name as bot_name, s.status, s.channel, s.goal_reached, s.contact_id,
  nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), '') as contact_name,
  coalesce(c.email::text, s.contact_info ->> 'email') as contact_email, s.contact_info, s.message_count,
  m.content as last_message, m.role as last_message_role,
  s.started_at, s.last_message_at, s.handed_off_at, s.closed_at, s.assignee_user_id, s.snoozed_until,
  case when s.assignee_user_id is not null
       then coalesce((select coalesce(nullif(btrim(d.display_name), ''), d.email)
                      from private.member_directory(s.organization_id) d where d.id = s.assignee_user_id),
                     'A team member') end as assignee_name`;
const SUMMARY_FROM = `
  from public.conversation_sessions s
  join public.bots b on b.id = s.bot_id
  left join public.contacts c on c.id = s.contact_id
  left join lateral (select content, role from public.conversation_messages
                     where session_id = s.id order by seq desc limit 1) m on true`;

export async function listSessions(
  tx: Tx,
  organizationId: string,
  filters: SessionFilters = {},
): Promise<{ sessions: SessionSummary[]; total: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(filters.limit ?? 25, 1), 100);
  const page = Math.max(filters.page ?? 0, 0);
  const status = filters.status && filters.status !== "all" ? filters.status : null;
  const botId = filters.botId && z.uuid().safeParse(filters.botId).success ? filters.botId : null;
  const view = filters.view && filters.view !== "all" ? INBOX_STATUS_SQL[filters.view] : "true";
  const mine = typeof filters.assignee === "object" ? filters.assignee.mine : null;
  const assignee = mine
    ? "s.assignee_user_id = $6"
    : filters.assignee === "unassigned"
      ? "s.assignee_user_id is null and $6::uuid is null"
      : "$6::uuid is null";
  const rows = await tx.unsafe(
    `select ${SUMMARY}, count(*) over ()::int as total ${SUMMARY_FROM}
     where s.organization_id = $1 and ($2::text is null or s.status = $2) and ($3::uuid is null or s.bot_id = $3)
       and s.channel = 'web' and ${view} and ${assignee}
     order by s.last_message_at desc, s.id
     limit $4 offset $5`,
    [organizationId, status, botId, pageSize, page * pageSize, mine],
  );
  return {
    sessions: rows.map((r) => sessionSummarySchema.parse(r)),
    total: (rows[0]?.total as number | undefined) ?? 0,
    page,
    pageSize,
  };
}

const countsSchema = z.object(
  Object.fromEntries(INBOX_STATUSES.map((k) => [k, z.number().int()])) as Record<InboxStatus, z.ZodNumber>,
);

/** Counts per inbox status for the inbox's filter tabs (under the bot and assignee filters). */
export async function sessionCounts(
  tx: Tx,
  organizationId: string,
  filters: Pick<SessionFilters, "botId" | "assignee"> = {},
): Promise<Record<InboxStatus, number>> {
  const mine = typeof filters.assignee === "object" ? filters.assignee.mine : null;
  const unassigned = filters.assignee === "unassigned";
  const counts = INBOX_STATUSES.map((k) => `count(*) filter (where ${INBOX_STATUS_SQL[k]})::int as ${k}`);
  const [row] = await tx.unsafe(
    `select ${counts.join(", ")} from public.conversation_sessions s
     where s.organization_id = $1 and s.channel = 'web' and ($2::uuid is null or s.bot_id = $2)
       and ($3::uuid is null or s.assignee_user_id = $3) and (not $4 or s.assignee_user_id is null)`,
    [organizationId, filters.botId ?? null, mine, unassigned],
  );
  return countsSchema.parse(row);
}

export async function getSession(tx: Tx, organizationId: string, sessionId: string): Promise<SessionSummary> {
  if (!z.uuid().safeParse(sessionId).success) throw new AppError("not_found", NOT_FOUND);
  const [row] = await tx.unsafe(
    `select ${SUMMARY} ${SUMMARY_FROM} where s.organization_id = $1 and s.id = $2`,
    [organizationId, sessionId],
  );
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return sessionSummarySchema.parse(row);
}

/** Messages of a session after `afterSeq` (0: from the start), oldest first, at most `limit`. */
export async function listMessages(
  tx: Tx,
  organizationId: string,
  sessionId: string,
  { afterSeq = 0, limit = 500 }: { afterSeq?: number; limit?: number } = {},
): Promise<ConversationMessage[]> {
  const rows = await tx`
    select m.id, m.seq, m.role, m.content, m.sources, m.choices, m.unanswered, m.created_at,
           case when m.role = 'agent' then coalesce(m.author_name, 'Team') end as author_name
    from public.conversation_messages m
    where m.organization_id = ${organizationId} and m.session_id = ${sessionId} and m.seq > ${afterSeq}
    order by m.seq
    limit ${Math.min(Math.max(limit, 1), 1000)}`;
  return rows.map((r) => messageSchema.parse(r));
}

export async function getTranscript(
  tx: Tx,
  organizationId: string,
  sessionId: string,
): Promise<{ session: SessionSummary; messages: ConversationMessage[] }> {
  const session = await getSession(tx, organizationId, sessionId);
  return { session, messages: await listMessages(tx, organizationId, sessionId) };
}

/**
 * A team member answers the visitor. The bot stops answering this conversation (it is handed off
 * to the team, if it was not already). Refused for a closed conversation.
 */
export async function replyAsAgent(
  tx: Tx,
  organizationId: string,
  sessionId: string,
  text: string,
): Promise<ConversationMessage> {
  const content = text.trim();
  if (!content)
    throw new AppError("validation_failed", "Write a reply first.", { text: ["Write a reply first."] });
  if (content.length > MAX_AGENT_REPLY)
    throw new AppError("validation_failed", `Keep replies under ${MAX_AGENT_REPLY} characters.`, {
      text: [`Keep replies under ${MAX_AGENT_REPLY} characters.`],
    });
  const session = await getSession(tx, organizationId, sessionId);
  if (session.status === "closed")
    throw new AppError(
      "conflict",
      "This conversation is closed. The visitor can start a new one from the website.",
    );
  const [row] = await tx<{ id: string }[]>`
    insert into public.conversation_messages (organization_id, session_id, role, content)
    values (${organizationId}, ${sessionId}, 'agent', ${content}) returning id`;
  if (session.status === "active") {
    await tx`update public.conversation_sessions set status = 'handed_off', handed_off_at = now()
             where organization_id = ${organizationId} and id = ${sessionId}`;
  }
  const [message] = (await listMessages(tx, organizationId, sessionId, { afterSeq: 0 })).filter(
    (m) => m.id === row!.id,
  );
  return message!;
}

/** Takes a conversation from the bot without replying yet. */
export async function handOffSession(tx: Tx, organizationId: string, sessionId: string): Promise<void> {
  const rows = await tx`
    update public.conversation_sessions set status = 'handed_off', handed_off_at = coalesce(handed_off_at, now())
    where organization_id = ${organizationId} and id = ${sessionId} and status = 'active' returning id`;
  if (!rows.length) await getSession(tx, organizationId, sessionId);
}

export async function closeSession(tx: Tx, organizationId: string, sessionId: string): Promise<void> {
  const rows = await tx`
    update public.conversation_sessions set status = 'closed', closed_at = now()
    where organization_id = ${organizationId} and id = ${sessionId} and status <> 'closed' returning id`;
  if (!rows.length) await getSession(tx, organizationId, sessionId);
}
