import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { BlockedTargetError, safeFetch, type Resolver } from "@/lib/engine/ssrf";
import { decryptCredentials } from "@/lib/integrations/crypto";
import { MAX_ATTEMPTS, retryDelayMs } from "./retry";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";

/**
 * Delivering outgoing webhooks (the worker's side). Each delivery is one job of the durable queue
 * (`webhook_deliver`, queued in the transaction that wrote the event): the worker claims the
 * delivery with a short lease, POSTs the signed event through the SSRF guard of the HTTP step
 * (private targets only when the organization allows them), and records the answer. A failure is
 * retried with exponential backoff (30 s doubling, at most 12 h apart, 16 attempts ≈ 3 days); an
 * endpoint that has failed every attempt for 3 days is disabled and its owners are told.
 */

export const WEBHOOK_DELIVER_TASK = "webhook_deliver";
export const DISABLE_AFTER_DAYS = 3;
/** At least this many failed attempts in a row too, so one old failure does not disable at once. */
export const DISABLE_AFTER_FAILURES = 5;
const TIMEOUT_MS = 10_000;
const KEPT_BODY_CHARS = 2048;

const claimedSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  endpoint_id: z.uuid(),
  attempts: z.number().int(),
  url: z.string(),
  secret_ciphertext: z.string(),
  endpoint_status: z.string(),
  event_id: z.uuid(),
  event_type: z.string(),
  event_data: z.record(z.string(), z.unknown()),
  event_created_at: z.date(),
  allow_private: z.boolean(),
});
type Claimed = z.infer<typeof claimedSchema>;

export type DeliveryOutcome =
  | { kind: "skipped" }
  | { kind: "succeeded"; status: number }
  | { kind: "retrying"; status: number | null; error: string | null; nextAttemptAt: Date }
  | { kind: "failed"; status: number | null; error: string | null };

/** The body every attempt and replay of an event sends, byte for byte. */
export function eventBody(
  c: Pick<Claimed, "event_id" | "event_type" | "event_data" | "event_created_at" | "organization_id">,
): string {
  return JSON.stringify({
    id: c.event_id,
    object: "event",
    type: c.event_type,
    created: Math.floor(c.event_created_at.getTime() / 1000),
    organization_id: c.organization_id,
    data: { object: c.event_data },
  });
}

export async function attemptWebhookDelivery(
  deliveryId: string,
  options: { db?: Sql; resolve?: Resolver } = {},
): Promise<DeliveryOutcome> {
  const claimed = await withServiceRoleBypassingRls((tx) => claim(tx, deliveryId), options.db);
  if (!claimed) return { kind: "skipped" };
  const secret = claimed.endpoint_status === "enabled" ? readSecret(claimed) : null;
  if (!secret) {
    const reason =
      claimed.endpoint_status !== "enabled"
        ? "The endpoint is turned off."
        : "The signing secret cannot be read (was the encryption key changed?). Rotate the secret.";
    return record(claimed, noAnswer(reason, true), options.db);
  }
  const body = eventBody(claimed);
  const started = performance.now();
  try {
    const response = await safeFetch(claimed.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Orgflow-Webhooks/1.0",
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
        "orgflow-event-id": claimed.event_id,
        "orgflow-event-type": claimed.event_type,
        "orgflow-delivery-id": claimed.id,
      },
      body,
      timeoutMs: TIMEOUT_MS,
      maxRedirects: 0,
      maxResponseBytes: 1024 * 1024,
      allowPrivate: claimed.allow_private,
      resolve: options.resolve,
    });
    const ok = response.status >= 200 && response.status < 300;
    return record(
      claimed,
      {
        ok,
        permanent: false,
        status: response.status,
        body: response.body.toString("utf8").slice(0, KEPT_BODY_CHARS),
        durationMs: Math.round(performance.now() - started),
        error: ok ? null : `The endpoint answered ${response.status}.`,
      },
      options.db,
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // A blocked target stays blocked until an owner changes the setting: no retries.
    return record(
      claimed,
      {
        ...noAnswer(message.slice(0, 1000), e instanceof BlockedTargetError),
        durationMs: Math.round(performance.now() - started),
      },
      options.db,
    );
  }
}

function readSecret(c: Claimed): string | null {
  try {
    const { secret } = decryptCredentials(c.secret_ciphertext, {
      organizationId: c.organization_id,
      integrationId: `webhook:${c.endpoint_id}`,
    });
    return typeof secret === "string" ? secret : null;
  } catch {
    return null;
  }
}

async function claim(tx: Tx, deliveryId: string): Promise<Claimed | null> {
  if (!z.uuid().safeParse(deliveryId).success) return null;
  const rows = await tx`
    with claimed as (
      update public.webhook_deliveries
      set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '2 minutes',
          last_attempt_at = now()
      where id = ${deliveryId}
        and (status in ('pending', 'retrying') or (status = 'sending' and locked_until < now()))
        and next_attempt_at <= now() + interval '5 seconds'
      returning id, organization_id, endpoint_id, event_id, attempts
    )
    select c.id, c.organization_id, c.endpoint_id, c.attempts, e.url, e.secret_ciphertext,
           e.status as endpoint_status, ev.id as event_id, ev.type as event_type, ev.data as event_data,
           ev.created_at as event_created_at,
           coalesce(o.settings -> 'allow_private_network' = 'true'::jsonb, false) as allow_private
    from claimed c
    join public.webhook_endpoints e on e.id = c.endpoint_id
    join public.outgoing_events ev on ev.id = c.event_id
    join public.organizations o on o.id = c.organization_id`;
  return rows[0] ? claimedSchema.parse(rows[0]) : null;
}

function noAnswer(error: string, permanent: boolean): Attempt {
  return { ok: false, permanent, status: null, body: null, durationMs: null, error };
}

type Attempt = {
  ok: boolean;
  permanent: boolean;
  status: number | null;
  body: string | null;
  durationMs: number | null;
  error: string | null;
};

async function record(c: Claimed, a: Attempt, db?: Sql): Promise<DeliveryOutcome> {
  return withServiceRoleBypassingRls(async (tx) => {
    const retry = !a.ok && !a.permanent && c.attempts < MAX_ATTEMPTS;
    const next = new Date(Date.now() + (retry ? retryDelayMs(c.attempts) : 0));
    const status = a.ok ? "succeeded" : retry ? "retrying" : "failed";
    await tx`
      update public.webhook_deliveries
      set status = ${status}, locked_until = null, next_attempt_at = ${next},
          response_status = ${a.status}, response_body = ${a.body}, duration_ms = ${a.durationMs},
          error = ${a.error}
      where id = ${c.id}`;
    if (retry) await tx`select private.queue_webhook_delivery(${c.id}, ${next})`;
    if (c.endpoint_status === "enabled") await trackEndpointHealth(tx, c, a.ok);
    if (a.ok) return { kind: "succeeded", status: a.status ?? 0 };
    return retry
      ? { kind: "retrying", status: a.status, error: a.error, nextAttemptAt: next }
      : { kind: "failed", status: a.status, error: a.error };
  }, db);
}

/** A success clears the endpoint's failure streak; a streak of 3 days disables it and tells the owners. */
async function trackEndpointHealth(tx: Tx, c: Claimed, ok: boolean): Promise<void> {
  if (ok) {
    await tx`
      update public.webhook_endpoints
      set failing_since = null, consecutive_failures = 0, last_success_at = now()
      where id = ${c.endpoint_id}`;
    return;
  }
  const [disabled] = await tx`
    update public.webhook_endpoints
    set consecutive_failures = consecutive_failures + 1,
        failing_since = coalesce(failing_since, now()),
        status = case when failing_since <= now() - make_interval(days => ${DISABLE_AFTER_DAYS})
                       and consecutive_failures + 1 >= ${DISABLE_AFTER_FAILURES} then 'disabled' else status end
    where id = ${c.endpoint_id}
    returning status = 'disabled' as disabled, url`;
  if (disabled?.disabled !== true) return;
  const reason = `Every delivery failed for ${DISABLE_AFTER_DAYS} days.`;
  await tx`
    update public.webhook_endpoints set disabled_at = now(), disabled_reason = ${reason}
    where id = ${c.endpoint_id}`;
  await tx`
    select private.notify(${c.organization_id}, private.organization_managers(${c.organization_id}),
                          'webhook_disabled', 'A webhook endpoint was turned off',
                          ${`${String(disabled.url)} failed every delivery for ${DISABLE_AFTER_DAYS} days, so Orgflow stopped sending to it. Fix it, then turn it back on.`},
                          'high', '/o/' || o.slug || '/settings/webhooks/' || ${c.endpoint_id})
    from public.organizations o where o.id = ${c.organization_id}`;
}
