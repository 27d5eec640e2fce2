import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { GhlApiError } from "@/lib/ghl/api";
import { addInboundMessage, upsertGhlContact } from "@/lib/ghl/calendars";
import { findActiveIntegrationOfOrganization, setIntegrationStatus } from "@/lib/integrations/integrations";

/**
 * A conversation handed over to the team, into GoHighLevel's conversations too, when the
 * organization uses GHL (connected, and its plan has ghl_integration): the GHL user sees the chat
 * where they work. The turn that hands over (and each later visitor message) queues a job in its
 * own transaction (`queueGhlHandoff`, only for such organizations); the job finds or creates the
 * GHL contact (by the visitor's email or phone) and adds what GHL has not seen yet as an inbound
 * message of the contact's conversation: the transcript so far the first time, the visitor's new
 * messages afterwards. How far it got is kept on the session (`ghl_synced_seq`), so a GHL outage
 * loses nothing: the job fails, the queue retries with backoff, the next run sends what is left.
 * Jobs of one session run one at a time (their own queue).
 */

export const GHL_HANDOFF_TASK = "chatbots_ghl_handoff";

/** Queues the sync in `tx` (the turn's, on the service path) when the organization uses GHL. */
export async function queueGhlHandoff(tx: Tx, organizationId: string, sessionId: string): Promise<void> {
  const key = `ghl-handoff:${sessionId}`;
  await tx`
    select graphile_worker.add_job(${GHL_HANDOFF_TASK}::text,
             json_build_object('organizationId', ${organizationId}::uuid, 'sessionId', ${sessionId}::uuid),
             queue_name => ${key}::text, job_key => ${key}::text, max_attempts => 12)
    where private.plan_has_feature(${organizationId}::uuid, 'ghl_integration')
      and exists (select 1 from public.integrations
                  where organization_id = ${organizationId} and type = 'gohighlevel'
                    and status <> 'disconnected' and credentials_ciphertext is not null)`;
}

const sessionSchema = z.object({
  bot_name: z.string(),
  ghl_contact_id: z.string().nullable(),
  ghl_conversation_id: z.string().nullable(),
  ghl_synced_seq: z.coerce.number(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
});
const messageSchema = z.object({ seq: z.coerce.number(), role: z.string(), content: z.string() });

export type HandoffSync =
  | { kind: "sent"; conversationId: string; messages: number }
  | { kind: "nothing_to_send" }
  | { kind: "skipped"; reason: string };

const MAX_GHL_MESSAGE = 8000;

/** The transcript (or the visitor's new lines) as one message GHL shows, within its size. */
export function handoffText(
  botName: string,
  first: boolean,
  messages: { role: string; content: string }[],
): string {
  const who = (role: string) => (role === "user" ? "Visitor" : role === "agent" ? "Team" : botName);
  const lines = first
    ? messages.map((m) => `${who(m.role)}: ${m.content}`)
    : messages.filter((m) => m.role === "user").map((m) => m.content);
  const head = first ? `Website chat with ${botName}, handed to the team:\n\n` : "";
  const text = head + lines.join("\n");
  return text.length <= MAX_GHL_MESSAGE ? text : `${text.slice(0, MAX_GHL_MESSAGE - 1)}…`;
}

/** Sends what GHL has not seen of a handed-over conversation; throws to be retried. */
export async function syncHandoffToGhl(
  organizationId: string,
  sessionId: string,
  db?: Sql,
): Promise<HandoffSync> {
  const integration = await findActiveIntegrationOfOrganization(organizationId, db);
  if (!integration) return { kind: "skipped", reason: "GoHighLevel is not connected." };
  const read = await withServiceRoleBypassingRls(async (tx) => {
    const [included] = await tx`select private.plan_has_feature(${organizationId}, 'ghl_integration') as on`;
    if (!z.object({ on: z.boolean() }).parse(included).on) return null;
    const [row] = await tx`
      select b.name as bot_name, s.ghl_contact_id, s.ghl_conversation_id, s.ghl_synced_seq,
             coalesce(c.email::text, s.contact_info ->> 'email') as email,
             coalesce(c.phone, s.contact_info ->> 'phone') as phone,
             coalesce(c.first_name, s.contact_info ->> 'first_name') as first_name,
             coalesce(c.last_name, s.contact_info ->> 'last_name') as last_name
      from public.conversation_sessions s
      join public.bots b on b.id = s.bot_id and b.organization_id = s.organization_id
      left join public.contacts c on c.id = s.contact_id and c.organization_id = s.organization_id
      where s.id = ${sessionId} and s.organization_id = ${organizationId} and s.status <> 'active'`;
    if (!row) return null;
    const session = sessionSchema.parse(row);
    const rows = await tx`
      select seq, role, content from public.conversation_messages
      where session_id = ${sessionId} and organization_id = ${organizationId} and seq > ${session.ghl_synced_seq}
      order by seq limit 200`;
    return { session, messages: z.array(messageSchema).parse(rows) };
  }, db);
  if (!read) return { kind: "skipped", reason: "Not a handed-over conversation of a GoHighLevel plan." };
  const { session, messages } = read;
  const first = session.ghl_synced_seq === 0;
  const text = handoffText(session.bot_name, first, messages);
  const lastSeq = messages.at(-1)?.seq ?? session.ghl_synced_seq;
  if (!session.email && !session.phone) {
    await record(db, organizationId, sessionId, {
      error: "Not sent to GoHighLevel: the visitor left no email or phone to find the contact by.",
    });
    return { kind: "skipped", reason: "no email or phone" };
  }
  if (!messages.length || (!first && !text.trim())) {
    await record(db, organizationId, sessionId, { seq: lastSeq });
    return { kind: "nothing_to_send" };
  }
  try {
    const contactId =
      session.ghl_contact_id ??
      (await upsertGhlContact(
        integration,
        {
          email: session.email,
          phone: session.phone,
          firstName: session.first_name,
          lastName: session.last_name,
        },
        db,
      ));
    const sent = await addInboundMessage(
      integration,
      { contactId, conversationId: session.ghl_conversation_id, message: text },
      db,
    );
    await record(db, organizationId, sessionId, {
      seq: lastSeq,
      contactId,
      conversationId: sent.conversationId,
    });
    return { kind: "sent", conversationId: sent.conversationId, messages: messages.length };
  } catch (e) {
    const message = (e as Error).message.slice(0, 400);
    await record(db, organizationId, sessionId, { error: `GoHighLevel: ${message}` });
    if (e instanceof GhlApiError && (e.status === 401 || e.status === 403))
      await setIntegrationStatus(
        integration,
        "error",
        "GoHighLevel refused the credentials; connect again.",
        db,
      );
    // Down or busy: the queue tries again later. A refusal would be refused again: kept on the session.
    if (!(e instanceof GhlApiError) || e.retryable) throw e;
    return { kind: "skipped", reason: message };
  }
}

async function record(
  db: Sql | undefined,
  organizationId: string,
  sessionId: string,
  done: { seq?: number; contactId?: string; conversationId?: string; error?: string },
): Promise<void> {
  await withServiceRoleBypassingRls(
    (tx) => tx`
      update public.conversation_sessions set
        ghl_synced_seq = greatest(ghl_synced_seq, ${done.seq ?? 0}),
        ghl_contact_id = coalesce(${done.contactId ?? null}, ghl_contact_id),
        ghl_conversation_id = coalesce(${done.conversationId ?? null}, ghl_conversation_id),
        ghl_sync_error = ${done.error ?? null}
      where id = ${sessionId} and organization_id = ${organizationId}`,
    db,
  );
}

export const ghlHandoffTasks: TaskList = {
  [GHL_HANDOFF_TASK]: async (payload) => {
    const parsed = z.object({ organizationId: z.uuid(), sessionId: z.uuid() }).safeParse(payload);
    if (!parsed.success) return; // a malformed job is dropped, not retried
    await syncHandoffToGhl(parsed.data.organizationId, parsed.data.sessionId);
  },
};
