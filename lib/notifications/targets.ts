import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { encryptCredentials, secretHint } from "@/lib/integrations/crypto";
import type { PreferenceInput, PushSubscriptionInput, TargetChannel, TargetInput } from "./schemas";

/**
 * Where a person is reached and what they want (their own rows: RLS lets each user write only
 * theirs), and an organization's Slack / Discord hooks (the webhooks permission). Webhook URLs and
 * phone numbers are kept encrypted, bound to their owner, and shown only as a hint.
 */

export const targetBinding = (userId: string, channel: TargetChannel | "slack" | "discord") => ({
  organizationId: userId,
  integrationId: `notification-target:${channel}`,
});

export const hookBinding = (organizationId: string, hookId: string) => ({
  organizationId,
  integrationId: `notification-hook:${hookId}`,
});

function phoneHint(phone: string): string {
  return `${phone.slice(0, 3)}…${phone.slice(-2)}`;
}

function urlHint(url: string): string {
  const u = new URL(url);
  return `${u.host}/…${secretHint(u.pathname).slice(-5)}`.slice(0, 80);
}

export async function saveNotificationTarget(tx: Tx, userId: string, input: TargetInput): Promise<void> {
  const ciphertext = encryptCredentials({ value: input.value }, targetBinding(userId, input.channel));
  const hint = input.channel === "sms" ? phoneHint(input.value) : urlHint(input.value).slice(0, 40);
  await tx`
    insert into public.notification_targets (user_id, channel, value_ciphertext, hint)
    values (${userId}, ${input.channel}, ${ciphertext}, ${hint})
    on conflict (user_id, channel) do update set value_ciphertext = excluded.value_ciphertext, hint = excluded.hint`;
}

export async function removeNotificationTarget(
  tx: Tx,
  userId: string,
  channel: TargetChannel,
): Promise<void> {
  await tx`delete from public.notification_targets where user_id = ${userId} and channel = ${channel}`;
}

export async function savePushSubscription(
  tx: Tx,
  userId: string,
  input: PushSubscriptionInput,
  userAgent: string | null,
): Promise<void> {
  const [row] = await tx`select count(*)::int as n from public.push_subscriptions where user_id = ${userId}`;
  const n = z.object({ n: z.number() }).parse(row).n;
  if (n >= 20)
    throw new AppError("conflict", "Twenty browsers already get your notifications; remove one first.");
  // An endpoint belongs to one browser: subscribing it again (or as another person on the same
  // browser) replaces the row; RLS keeps one person from deleting another's.
  await tx`delete from public.push_subscriptions where endpoint = ${input.endpoint} and user_id = ${userId}`;
  const rows = await tx`
    insert into public.push_subscriptions (user_id, endpoint, p256dh, auth, user_agent)
    values (${userId}, ${input.endpoint}, ${input.keys.p256dh}, ${input.keys.auth}, ${userAgent?.slice(0, 300) ?? null})
    on conflict (endpoint) do nothing
    returning id`;
  if (rows.length === 0)
    throw new AppError("conflict", "This browser is subscribed by someone else; sign them out first.");
}

export async function removePushSubscriptions(tx: Tx, userId: string, endpoint?: string): Promise<number> {
  const rows = await tx`
    delete from public.push_subscriptions
    where user_id = ${userId} and (${endpoint ?? null}::text is null or endpoint = ${endpoint ?? null})
    returning id`;
  return rows.length;
}

export async function setNotificationPreference(tx: Tx, userId: string, p: PreferenceInput): Promise<void> {
  const known = await tx`select 1 from public.notification_kinds where kind = ${p.kind}`;
  if (known.length === 0) throw new AppError("not_found", "That kind of notification does not exist.");
  await tx`
    insert into public.notification_preferences (user_id, kind, channel, mode)
    values (${userId}, ${p.kind}, ${p.channel}, ${p.mode})
    on conflict (user_id, kind, channel) do update set mode = excluded.mode, updated_at = now()`;
}

export type HookInput = { channel: "slack" | "discord"; url: string; kinds: string[] };

export async function createOrganizationHook(
  tx: Tx,
  organizationId: string,
  input: HookInput,
): Promise<string> {
  const kinds = [...new Set(input.kinds)];
  const known = await tx`select kind from public.notification_kinds where kind = any(${kinds}::text[])`;
  if (known.length !== kinds.length || kinds.length === 0)
    throw new AppError("unprocessable", "Choose what the channel should hear about.");
  const id = randomUUID();
  await tx`
    insert into public.organization_notification_hooks (id, organization_id, channel, url_ciphertext, url_hint, kinds, created_by)
    values (${id}, ${organizationId}, ${input.channel},
            ${encryptCredentials({ value: input.url }, hookBinding(organizationId, id))}, ${urlHint(input.url)},
            ${kinds}::text[], (select auth.uid()))`;
  return id;
}

export async function deleteOrganizationHook(tx: Tx, organizationId: string, hookId: string): Promise<void> {
  const rows = await tx`
    delete from public.organization_notification_hooks where id = ${hookId} and organization_id = ${organizationId}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "That hook does not exist.");
}
