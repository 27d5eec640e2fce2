import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import {
  cannedReplyRowSchema,
  MAX_CANNED_REPLIES,
  memberRowSchema,
  noteRowSchema,
  type AssignableMember,
  type CannedReply,
  type ConversationNote,
} from "./schemas";

/** The inbox's reads, in the caller's transaction (as the member, under RLS). */

export async function listCannedReplies(tx: Tx, organizationId: string): Promise<CannedReply[]> {
  const rows = await tx`
    select id, shortcut, content, updated_at from public.canned_replies
    where organization_id = ${organizationId}
    order by shortcut
    limit ${MAX_CANNED_REPLIES}`;
  return z.array(cannedReplyRowSchema).parse(rows);
}

export async function listNotes(
  tx: Tx,
  organizationId: string,
  sessionId: string,
): Promise<ConversationNote[]> {
  const rows = await tx`
    select id, author_user_id, author_name, content, created_at from public.conversation_notes
    where organization_id = ${organizationId} and session_id = ${sessionId}
    order by created_at, id
    limit 500`;
  return z.array(noteRowSchema).parse(rows);
}

/** The organization's active members, whom a conversation can be assigned to. */
export async function listAssignableMembers(tx: Tx, organizationId: string): Promise<AssignableMember[]> {
  const rows = await tx`
    select d.id as user_id, coalesce(nullif(btrim(d.display_name), ''), d.email, 'A team member') as name
    from private.member_directory(${organizationId}) d
    join public.organization_members m
      on m.organization_id = ${organizationId} and m.user_id = d.id and m.status = 'active'
    order by 2
    limit 500`;
  return z.array(memberRowSchema).parse(rows);
}

/** Whether the user is emailed when a visitor waits for a person (their preference, or the kind's default). */
export async function waitingEmailEnabled(tx: Tx, _organizationId: string, userId: string): Promise<boolean> {
  const [row] = await tx`
    select coalesce(
      (select p.mode <> 'off' from public.notification_preferences p
       where p.user_id = ${userId} and p.kind = 'conversation_waiting' and p.channel = 'email'),
      (select k.default_email <> 'off' from public.notification_kinds k where k.kind = 'conversation_waiting'),
      true) as enabled`;
  return z.object({ enabled: z.boolean() }).parse(row).enabled;
}
