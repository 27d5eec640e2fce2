import { z } from "zod";
import { stackConfig } from "@/lib/config/stack";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { decryptCredentials } from "@/lib/integrations/crypto";
import { sendChat } from "./channels/chat";
import { sendNotificationEmail } from "./channels/email";
import { failed, type ChannelOutcome, type NotificationMessage } from "./channels/outcome";
import { sendPush } from "./channels/push";
import { sendSms, type SmsProvider } from "./channels/sms";
import { hookBinding, targetBinding } from "./targets";

/**
 * Sending one delivery (the worker's side). Each delivery is a job of the durable queue
 * (`notification_deliver`, queued by private.notify in the transaction that made the
 * notification): the worker claims it with a short lease, sends it on its channel, and records the
 * answer. A failure is retried with exponential backoff (NOTIFICATION_RETRY_BASE_MS, 30 s by
 * default, doubling, at most 1 h apart) up to MAX_ATTEMPTS, then the delivery is marked failed; a
 * refusal that cannot get better (a 404 webhook, a blocked target, no provider) fails at once.
 * Deliveries are independent: one channel failing never holds another.
 *
 * Private, loopback and link-local addresses: a person's own targets (Slack/Discord URLs, push
 * endpoints) never reach them, whatever the organization allows (any member, a viewer too, sets
 * their own). An organization hook reaches them only when the organization allows private targets
 * and the hook was made by one of its active owners (the role that governs that setting).
 */

export const NOTIFICATION_DELIVER_TASK = "notification_deliver";
export const MAX_ATTEMPTS = 6;

export function notificationRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Number(process.env.NOTIFICATION_RETRY_BASE_MS) || 30_000;
  const wait = Math.min(base * 2 ** Math.max(0, attempt - 1), 3600_000);
  return Math.round(wait * (0.9 + 0.2 * random()));
}

const claimedSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  recipient_user_id: z.uuid().nullable(),
  channel: z.enum(["in_app", "email", "push", "sms", "slack", "discord"]),
  hook_id: z.uuid().nullable(),
  attempts: z.number().int(),
  kind: z.string(),
  title: z.string(),
  message: z.string(),
  priority: z.enum(["low", "medium", "high", "urgent"]),
  link: z.string().nullable(),
  organization_name: z.string(),
  allow_private: z.boolean(),
  email: z.string().nullable(),
  target_ciphertext: z.string().nullable(),
  hook_ciphertext: z.string().nullable(),
});
type Claimed = z.infer<typeof claimedSchema>;

export type SendOptions = { db?: Sql; sms?: SmsProvider };

export type DeliveryResult =
  | { kind: "skipped" }
  | { kind: "sent" | "delivered" }
  | { kind: "retrying"; error: string; nextAttemptAt: Date }
  | { kind: "failed"; error: string };

export function absoluteLink(link: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  return `${stackConfig().siteUrl.replace(/\/+$/, "")}${link}`;
}

export async function attemptNotificationDelivery(
  deliveryId: string,
  options: SendOptions = {},
): Promise<DeliveryResult> {
  const claimed = await withServiceRoleBypassingRls((tx) => claim(tx, deliveryId), options.db);
  if (!claimed) return { kind: "skipped" };
  let outcome: ChannelOutcome;
  try {
    outcome = await send(claimed, options);
  } catch (e) {
    outcome = failed(e instanceof Error ? e.message : String(e));
  }
  return record(claimed, outcome, options.db);
}

function message(c: Claimed): NotificationMessage {
  return {
    kind: c.kind,
    title: c.title,
    message: c.message,
    priority: c.priority,
    url: absoluteLink(c.link),
    organizationName: c.organization_name,
  };
}

function secretValue(ciphertext: string | null, binding: { organizationId: string; integrationId: string }) {
  if (!ciphertext) return null;
  try {
    const { value } = decryptCredentials(ciphertext, binding);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

async function send(c: Claimed, options: SendOptions): Promise<ChannelOutcome> {
  const m = message(c);
  switch (c.channel) {
    case "in_app":
      return { ok: true, delivered: true };
    case "email":
      return c.email ? sendNotificationEmail(c.email, m) : failed("The person has no email address.", true);
    case "push":
      return sendToPushSubscriptions(c, m, options.db);
    case "sms": {
      const phone = secretValue(c.target_ciphertext, targetBinding(c.recipient_user_id ?? "", "sms"));
      return phone
        ? sendSms(phone, m, options.sms)
        : failed("The person's SMS number is gone or unreadable.", true);
    }
    case "slack":
    case "discord": {
      const url = c.hook_id
        ? secretValue(c.hook_ciphertext, hookBinding(c.organization_id, c.hook_id))
        : secretValue(c.target_ciphertext, targetBinding(c.recipient_user_id ?? "", c.channel));
      return url
        ? sendChat(c.channel, url, m, c.hook_id !== null && c.allow_private)
        : failed("The webhook URL is gone or cannot be decrypted (was the encryption key changed?).", true);
    }
  }
}

const subscriptionSchema = z.object({
  id: z.uuid(),
  endpoint: z.string(),
  p256dh: z.string(),
  auth: z.string(),
});

/** Every browser the person subscribed: done when one took it; subscriptions the service forgot are removed. */
async function sendToPushSubscriptions(
  c: Claimed,
  m: NotificationMessage,
  db?: Sql,
): Promise<ChannelOutcome> {
  const subs = z.array(subscriptionSchema).parse(
    await withServiceRoleBypassingRls(
      (tx) => tx`select id, endpoint, p256dh, auth from public.push_subscriptions
                 where user_id = ${c.recipient_user_id} order by created_at limit 20`,
      db,
    ),
  );
  if (subs.length === 0) return failed("The person has no browser subscribed to push.", true);
  // A push endpoint is whatever a browser (or a member pretending to be one) handed us: never private.
  const results = await Promise.all(subs.map((s) => sendPush(s, m, false)));
  const gone = subs.filter((_, i) => results[i]!.gone).map((s) => s.id);
  const okIds = subs.filter((_, i) => results[i]!.ok).map((s) => s.id);
  if (gone.length || okIds.length) {
    await withServiceRoleBypassingRls(async (tx) => {
      if (gone.length) await tx`delete from public.push_subscriptions where id = any(${gone}::uuid[])`;
      if (okIds.length)
        await tx`update public.push_subscriptions set last_success_at = now() where id = any(${okIds}::uuid[])`;
    }, db);
  }
  if (okIds.length) return { ok: true, delivered: false };
  const errors = results.flatMap((r) => (r.ok ? [] : [r]));
  return failed(
    errors.map((e) => e.error).join(" "),
    errors.every((e) => e.permanent),
  );
}

async function claim(tx: Tx, deliveryId: string): Promise<Claimed | null> {
  if (!z.uuid().safeParse(deliveryId).success) return null;
  const rows = await tx`
    with claimed as (
      update public.notification_deliveries
      set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '2 minutes'
      where id = ${deliveryId}
        and (status in ('pending', 'retrying') or (status = 'sending' and locked_until < now()))
        and next_attempt_at <= now() + interval '5 seconds'
      returning id, organization_id, notification_id, recipient_user_id, channel, hook_id, attempts
    )
    select c.id, c.organization_id, c.recipient_user_id, c.channel, c.hook_id, c.attempts,
           n.kind, n.title, n.message, n.priority, n.link, o.name as organization_name,
           (c.hook_id is not null
            and coalesce(o.settings -> 'allow_private_network' = 'true'::jsonb, false)
            and exists (select 1 from public.organization_members m
                        where m.organization_id = c.organization_id and m.user_id = h.created_by
                          and m.role = 'owner' and m.status = 'active')) as allow_private,
           p.email, t.value_ciphertext as target_ciphertext, h.url_ciphertext as hook_ciphertext
    from claimed c
    join public.notifications n on n.id = c.notification_id
    join public.organizations o on o.id = c.organization_id
    left join public.profiles p on p.id = c.recipient_user_id
    left join public.notification_targets t on t.user_id = c.recipient_user_id and t.channel = c.channel
    left join public.organization_notification_hooks h on h.id = c.hook_id`;
  return rows[0] ? claimedSchema.parse(rows[0]) : null;
}

async function record(c: Claimed, o: ChannelOutcome, db?: Sql): Promise<DeliveryResult> {
  return withServiceRoleBypassingRls(async (tx) => {
    const retry = !o.ok && !o.permanent && c.attempts < MAX_ATTEMPTS;
    const next = new Date(Date.now() + (retry ? notificationRetryDelayMs(c.attempts) : 0));
    const status = o.ok ? (o.delivered ? "delivered" : "sent") : retry ? "retrying" : "failed";
    await tx`
      update public.notification_deliveries
      set status = ${status}, locked_until = null, next_attempt_at = ${next},
          sent_at = case when ${o.ok} then now() else sent_at end,
          delivered_at = case when ${o.ok && o.delivered} then now() else delivered_at end,
          last_error = ${o.ok ? null : o.error}
      where id = ${c.id}`;
    if (retry) await tx`select private.queue_notification_delivery(${c.id}, ${next})`;
    if (o.ok) return { kind: o.delivered ? "delivered" : "sent" };
    return retry
      ? { kind: "retrying", error: o.error, nextAttemptAt: next }
      : { kind: "failed", error: o.error };
  }, db);
}
