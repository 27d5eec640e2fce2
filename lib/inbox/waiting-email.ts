import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { stackConfig } from "@/lib/config/stack";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { sendMail } from "@/lib/mail/send";

/**
 * "A visitor is waiting for a person", by email. The bell entries are made by the database when
 * the bot hands a conversation over (20261207032000_inbox.sql); the runtime queues this job in the
 * same transaction, and it emails the same people (the assignee, or everyone who may take
 * conversations over) who have not turned these emails off.
 */

export const CONVERSATION_WAITING_TASK = "conversation_waiting_email";

/** Queues the emails in `tx` (the hand-off's own transaction, on the service path). */
export async function queueWaitingEmails(tx: Tx, organizationId: string, sessionId: string): Promise<void> {
  // The task's name is CONVERSATION_WAITING_TASK (spelled in the SQL function).
  await tx`select private.enqueue_conversation_waiting(${organizationId}, ${sessionId})`;
}

const recipientSchema = z.object({ email: z.string(), slug: z.string(), who: z.string() });

export async function sendWaitingEmails(
  organizationId: string,
  sessionId: string,
  db?: Sql,
): Promise<number> {
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx`
      select p.email::text as email, o.slug,
             coalesce(nullif(btrim(concat_ws(' ', c.first_name, c.last_name)), ''), c.email::text,
                      s.contact_info ->> 'name', s.contact_info ->> 'email', 'A visitor') as who
      from public.conversation_sessions s
      join public.organizations o on o.id = s.organization_id
      cross join private.conversation_waiting_recipients(s.id) r
      join public.profiles p on p.id = r.user_id
      left join public.contacts c on c.id = s.contact_id
      left join public.user_settings mine on mine.user_id = r.user_id and mine.organization_id = s.organization_id
      left join public.user_settings base on base.user_id = r.user_id and base.organization_id is null
      where s.id = ${sessionId} and s.organization_id = ${organizationId} and s.status = 'handed_off'
        and p.email is not null
        and coalesce(mine.email_notifications, base.email_notifications, true)
        and coalesce((mine.notification_types ->> 'conversation_waiting_email')::boolean, true)`,
    db,
  );
  const recipients = z.array(recipientSchema).parse(rows);
  for (const r of recipients) {
    const url = `${stackConfig().siteUrl.replace(/\/+$/, "")}/o/${r.slug}/inbox?c=${sessionId}`;
    await sendMail({
      to: r.email,
      subject: "A visitor is waiting for a person",
      text: `${r.who} asked to talk to the team.\n\nReply in the inbox: ${url}\n\nYou can turn these emails off in the inbox.`,
      kind: "conversation_waiting",
      links: [{ label: "Open the conversation", url }],
    });
  }
  return recipients.length;
}

export const inboxTasks: TaskList = {
  [CONVERSATION_WAITING_TASK]: async (payload) => {
    const parsed = z.object({ organizationId: z.uuid(), sessionId: z.uuid() }).safeParse(payload);
    if (!parsed.success) return; // a malformed job is dropped, not retried
    await sendWaitingEmails(parsed.data.organizationId, parsed.data.sessionId);
  },
};
