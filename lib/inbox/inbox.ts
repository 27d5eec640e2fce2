import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getSession } from "@/lib/chatbots/sessions";
import { setNotificationPreference } from "@/lib/notifications/targets";
import { MAX_CANNED_REPLIES } from "./schemas";

/**
 * The inbox's writes, in the caller's transaction (as the member: RLS and the column grants decide
 * what they may change): assign, snooze, reopen, private notes and canned replies.
 */

const CANNED_NOT_FOUND = "That canned reply does not exist or was deleted.";

/** Assigns the conversation to a member of the organization (null: to nobody). */
export async function assignConversation(
  tx: Tx,
  organizationId: string,
  sessionId: string,
  assigneeUserId: string | null,
): Promise<void> {
  await getSession(tx, organizationId, sessionId);
  try {
    await tx.savepoint(
      (sp) =>
        sp`update public.conversation_sessions set assignee_user_id = ${assigneeUserId}
         where organization_id = ${organizationId} and id = ${sessionId}`,
    );
  } catch (e) {
    if ((e as { code?: string }).code === "23503")
      throw new AppError("validation_failed", "Choose a member of the team.", {
        assignee: ["That person is not a member of this organization."],
      });
    throw e;
  }
}

/**
 * Snoozes a conversation the team has until `until` (a conversation the bot is answering is taken
 * over first: snoozing is something the team does with its own conversations).
 */
export async function snoozeConversation(
  tx: Tx,
  organizationId: string,
  sessionId: string,
  until: Date,
): Promise<void> {
  const session = await getSession(tx, organizationId, sessionId);
  if (session.status === "closed")
    throw new AppError("conflict", "This conversation is resolved: reopen it to snooze it.");
  await tx`
    update public.conversation_sessions
    set snoozed_until = ${until}, status = 'handed_off', handed_off_at = coalesce(handed_off_at, now())
    where organization_id = ${organizationId} and id = ${sessionId}`;
}

/** Back to open: a snoozed conversation now, or a resolved one (the visitor may write again). */
export async function reopenConversation(tx: Tx, organizationId: string, sessionId: string): Promise<void> {
  await getSession(tx, organizationId, sessionId);
  await tx`
    update public.conversation_sessions
    set status = 'handed_off', snoozed_until = null, closed_at = null,
        handed_off_at = coalesce(handed_off_at, now())
    where organization_id = ${organizationId} and id = ${sessionId}`;
}

/** A private note beside the transcript: the team's only, never shown to the visitor. */
export async function addNote(tx: Tx, organizationId: string, sessionId: string, text: string) {
  await getSession(tx, organizationId, sessionId);
  const [row] = await tx<{ id: string }[]>`
    insert into public.conversation_notes (organization_id, session_id, content)
    values (${organizationId}, ${sessionId}, ${text}) returning id`;
  return row!.id;
}

function shortcutTaken(e: unknown): never {
  if ((e as { code?: string }).code === "23505")
    throw new AppError("conflict", "Please correct the highlighted fields.", {
      shortcut: ["Another canned reply has this shortcut."],
    });
  throw e;
}

export async function createCannedReply(
  tx: Tx,
  organizationId: string,
  fields: { shortcut: string; content: string },
): Promise<string> {
  const [count] = await tx<{ n: number }[]>`
    select count(*)::int as n from public.canned_replies where organization_id = ${organizationId}`;
  if (count!.n >= MAX_CANNED_REPLIES)
    throw new AppError(
      "limit_reached",
      `An organization keeps at most ${MAX_CANNED_REPLIES} canned replies.`,
    );
  const rows = await tx
    .savepoint(
      (sp) =>
        sp<{ id: string }[]>`
        insert into public.canned_replies (organization_id, shortcut, content)
        values (${organizationId}, ${fields.shortcut}, ${fields.content}) returning id`,
    )
    .catch(shortcutTaken);
  return rows[0]!.id;
}

export async function updateCannedReply(
  tx: Tx,
  organizationId: string,
  id: string,
  fields: { shortcut: string; content: string },
): Promise<void> {
  const rows = await tx
    .savepoint(
      (sp) => sp`
        update public.canned_replies set shortcut = ${fields.shortcut}, content = ${fields.content}
        where organization_id = ${organizationId} and id = ${id} returning id`,
    )
    .catch(shortcutTaken);
  if (rows.length === 0) throw new AppError("not_found", CANNED_NOT_FOUND);
}

export async function deleteCannedReply(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows = await tx`
    delete from public.canned_replies where organization_id = ${organizationId} and id = ${id} returning id`;
  if (rows.length === 0) throw new AppError("not_found", CANNED_NOT_FOUND);
}

/**
 * The member's choice: email me (or not) when a visitor waits for a person. It is their
 * notification preference for that kind on email (the same switch as in the profile).
 */
export async function setWaitingEmail(
  tx: Tx,
  _organizationId: string,
  userId: string,
  enabled: boolean,
): Promise<void> {
  await setNotificationPreference(tx, userId, {
    kind: "conversation_waiting",
    channel: "email",
    mode: enabled ? "on" : "off",
  });
}
