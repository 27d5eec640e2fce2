import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/queue";
import { AppError } from "@/lib/errors";
import type { QueuedOutcome } from "@/lib/http/webhook";
import { findIntegrationForService, type IntegrationForService } from "@/lib/integrations/integrations";
import { toMajorUnits } from "./money";
import { envelopeSchema, eventLocation, ignoredReason, isHandledEventType } from "./events";
import { checkGhlSignature } from "./signature";

/**
 * POST /api/webhooks/ghl/:integrationId — GoHighLevel's webhooks, stored first and processed by
 * a job (lib/ghl/process.ts):
 *
 * 1. the integration named in the URL must exist and be connected (404 / 410);
 * 2. the raw body must carry a valid GHL signature, Ed25519 `x-ghl-signature` first, then RSA
 *    `x-wh-signature` (401);
 * 3. it must be a JSON object with `type`, `webhookId` and `timestamp` (400), no older or further
 *    ahead than the integration allows (5 minutes by default: a replay is refused, 400), and for
 *    the integration's own location (GHL signs every customer's webhooks with the same key, so
 *    the location is what ties a delivery to one organization: 403; an event Orgflow acts on that
 *    names no location at all is refused too, 400);
 * 4. it is stored in webhook_events, deduplicated on (integration, webhookId): a repeat delivery
 *    changes nothing but a counter and is answered 200 "duplicate". A new event of a type we act on
 *    is queued (202 "queued"); any other type is stored as ignored, with why (200).
 *
 * Refusals in steps 2–3 are recorded as `rejected` rows with their reason (at most a few hundred
 * an hour per integration, so a flood cannot fill the table), never under the webhookId they
 * claim. Nothing else happens for them.
 */

export const PROCESS_TASK = "ghl_process_webhook";
/** GHL's webhook bodies are small; this leaves plenty of room for large invoices. */
export const MAX_BODY_BYTES = 512 * 1024;

export type GhlWebhookEvent = {
  id: string;
  type: string;
  integration: IntegrationForService;
  locationId: string | null;
  timestamp: Date;
  signature: "ed25519" | "rsa" | "synthetic";
  headers: Record<string, string>;
};

export type GhlRouteContext = { params: Promise<{ integrationId: string }> };

const STORED_HEADERS = [
  "content-type",
  "content-length",
  "user-agent",
  "x-ghl-signature",
  "x-wh-signature",
  "x-forwarded-for",
  "x-request-id",
];

function storedHeaders(request: NextRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) out[name] = value.slice(0, 2048);
  }
  return out;
}

export async function verifyGhlWebhook(
  rawBody: string,
  request: NextRequest,
  context: GhlRouteContext,
): Promise<GhlWebhookEvent> {
  const { integrationId } = await context.params;
  const integration = await findIntegrationForService(integrationId);
  if (!integration) {
    throw new AppError("not_found", "There is no GoHighLevel integration at this address.");
  }
  const headers = storedHeaders(request);
  const refuse = async (
    code: "bad_request" | "unauthenticated" | "forbidden" | "gone",
    message: string,
    signature: "ed25519" | "rsa" | "missing" | "invalid",
    envelope?: { type?: string | null; locationId?: string | null },
  ): Promise<never> => {
    await recordRejection(integration, { rawBody, headers, signature, reason: message, ...envelope });
    throw new AppError(code, message);
  };

  const signature = checkGhlSignature(rawBody, request.headers);
  if (integration.status === "disconnected") {
    await refuse(
      "gone",
      "This GoHighLevel integration is disconnected in Orgflow; connect it again to receive webhooks.",
      signature.ok ? signature.scheme : signature.result,
    );
  }
  if (!signature.ok) await refuse("unauthenticated", signature.message, signature.result);
  const scheme = (signature as { ok: true; scheme: "ed25519" | "rsa" }).scheme;

  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    await refuse("bad_request", "The body is not a JSON object.", scheme);
  }
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    await refuse(
      "bad_request",
      `The body is not a GoHighLevel webhook: "${field}" is missing or invalid (type, webhookId and timestamp are required).`,
      scheme,
      {
        type:
          typeof (body as { type?: unknown }).type === "string"
            ? String((body as { type: string }).type)
            : null,
      },
    );
  }
  const envelope = parsed.data!;
  const location = eventLocation(envelope);
  const ageMs = Date.now() - envelope.timestamp.getTime();
  const maxAgeMs = integration.settings.max_age_seconds * 1000;
  if (!Number.isFinite(ageMs) || Math.abs(ageMs) > maxAgeMs) {
    await refuse(
      "bad_request",
      `The webhook's timestamp (${envelope.timestamp.toISOString()}) is more than ${integration.settings.max_age_seconds / 60} minutes ${ageMs > 0 ? "old" : "in the future"}: refused as a possible replay.`,
      scheme,
      { type: envelope.type, locationId: location },
    );
  }
  if (!location && isHandledEventType(envelope.type)) {
    // Without a location, a genuine delivery to another GHL customer's endpoint could be replayed here.
    await refuse(
      "bad_request",
      `The ${envelope.type} webhook names no GoHighLevel location (locationId or altId), so it cannot be tied to this integration.`,
      scheme,
      { type: envelope.type },
    );
  }
  if (location && location !== integration.locationId) {
    await refuse(
      "forbidden",
      `The webhook is for GoHighLevel location ${location}, but this integration is for location ${integration.locationId}.`,
      scheme,
      { type: envelope.type, locationId: location },
    );
  }
  return {
    id: envelope.webhookId,
    type: envelope.type,
    integration,
    locationId: location,
    timestamp: envelope.timestamp,
    signature: scheme,
    headers,
  };
}

/** Stores a verified event and queues its processing (see the module comment, step 4). */
export async function acceptGhlWebhook(
  event: GhlWebhookEvent,
  rawBody: string,
  db?: Sql,
): Promise<QueuedOutcome> {
  const handled = isHandledEventType(event.type);
  const reason = handled ? null : ignoredReason(event.type);
  const [row] = await withServiceRoleBypassingRls(
    (tx) => tx<{ id: string; inserted: boolean; status: string }[]>`
      insert into public.webhook_events
        (organization_id, integration_id, webhook_id, event_type, location_id, raw_body, headers, signature,
         status, reason, event_timestamp, processed_at)
      values (${event.integration.organizationId}, ${event.integration.id}, ${event.id}, ${event.type},
              ${event.locationId}, ${rawBody}, ${tx.json(event.headers)}, ${event.signature},
              ${handled ? "received" : "ignored"}, ${reason}, ${event.timestamp}, ${handled ? null : new Date()})
      on conflict (integration_id, webhook_id) do update
        set deliveries = public.webhook_events.deliveries + 1, last_received_at = now()
      returning id, (xmax = 0) as inserted, status`,
    db,
  );
  if (!row!.inserted) {
    return { outcome: "duplicate", detail: `Webhook ${event.id} was received before (${row!.status}).` };
  }
  if (!handled) return { outcome: "ignored", detail: reason! };
  await queueProcessing(row!.id, db);
  return { outcome: "queued" };
}

export async function queueProcessing(eventId: string, db?: Sql): Promise<void> {
  await enqueueJob(PROCESS_TASK, { eventId }, { jobKey: `ghl-webhook:${eventId}`, maxAttempts: 8 }, db);
}

const REJECTIONS_PER_HOUR = 300;

/** A refused delivery, for the integration's event log (bounded per hour; never throws). */
async function recordRejection(
  integration: IntegrationForService,
  r: {
    rawBody: string;
    headers: Record<string, string>;
    signature: "ed25519" | "rsa" | "missing" | "invalid";
    reason: string;
    type?: string | null;
    locationId?: string | null;
  },
): Promise<void> {
  try {
    await withServiceRoleBypassingRls(
      (tx) => tx`
        insert into public.webhook_events
          (organization_id, integration_id, webhook_id, event_type, location_id, raw_body, headers, signature,
           status, reason, processed_at)
        select ${integration.organizationId}, ${integration.id}, null, ${r.type?.slice(0, 100) ?? null},
               ${r.locationId?.slice(0, 100) ?? null}, ${r.rawBody.slice(0, 64 * 1024).replaceAll("\u0000", "")},
               ${tx.json(r.headers)}, ${r.signature}, 'rejected', ${r.reason.slice(0, 2000)}, now()
        where (select count(*) from public.webhook_events
               where integration_id = ${integration.id} and status = 'rejected'
                 and received_at > now() - interval '1 hour') < ${REJECTIONS_PER_HOUR}`,
    );
  } catch (e) {
    console.error("[webhook:gohighlevel] could not record a refused delivery:", e);
  }
}

/**
 * Re-queues events still waiting to be processed whose job is gone (the process died between
 * storing the event and queueing it, queueing failed, or the job's last attempt failed before it
 * could record the outcome). Runs from the worker's cron.
 */
export async function sweepUnqueuedWebhookEvents(db?: Sql): Promise<number> {
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx<{ id: string }[]>`
      select e.id from public.webhook_events e
      where e.status = 'received' and e.received_at < now() - interval '1 minute'
      order by e.received_at limit 500`,
    db,
  );
  if (rows.length === 0) return 0;
  const { sql: defaultSql } = await import("@/lib/db/client");
  const pool = db ?? defaultSql();
  // A job that failed for good stays in the queue under its key but never runs again: it counts
  // as gone (queueing with the same key replaces it, attempts reset).
  const queued = await pool<{ key: string }[]>`
    select key from graphile_worker.jobs
    where key = any(${rows.map((r) => `ghl-webhook:${r.id}`)}::text[]) and attempts < max_attempts`.catch(
    () => [] as { key: string }[],
  );
  const have = new Set(queued.map((q) => q.key));
  let requeued = 0;
  for (const r of rows) {
    if (have.has(`ghl-webhook:${r.id}`)) continue;
    await queueProcessing(r.id, db);
    requeued++;
  }
  return requeued;
}

// ---------------------------------------------------------------------------------------------
// The "send test event" button

export const testEventInputSchema = z.object({
  amountMinor: z.number().int().positive().max(1_000_000_00),
  ghlUserId: z.string().trim().min(1).max(255).nullish(),
});

/**
 * A synthetic InvoicePaid for the integration, stored as a webhook event (signature "synthetic":
 * it did not come from GHL, so nothing was signed) and processed by the same job as a real one.
 * It records a real test sale (invoice id `orgflow-test-…`) that shows in transactions and may
 * earn a pending commission, which can be rejected. Returns the stored event's id.
 */
export async function sendSyntheticInvoicePaid(
  integration: IntegrationForService,
  input: z.input<typeof testEventInputSchema>,
  db?: Sql,
): Promise<{ eventId: string; invoiceId: string }> {
  const { amountMinor, ghlUserId } = testEventInputSchema.parse(input);
  const invoiceId = `orgflow-test-${randomUUID().slice(0, 8)}`;
  const webhookId = `orgflow-test-${randomUUID()}`;
  const now = new Date();
  const amount = toMajorUnits(amountMinor, integration.currency);
  const body = {
    type: "InvoicePaid",
    webhookId,
    timestamp: now.toISOString(),
    altId: integration.locationId,
    altType: "location",
    _id: invoiceId,
    name: "Orgflow test invoice",
    invoiceNumber: "TEST",
    status: "paid",
    currency: integration.currency,
    total: amount,
    amountPaid: amount,
    ...(ghlUserId ? { assignedTo: ghlUserId } : {}),
    contactDetails: { id: null, name: "Orgflow Test", email: null },
    invoiceItems: [{ name: "Test item", qty: 1, amount, currency: integration.currency }],
  };
  const rawBody = JSON.stringify(body);
  const [row] = await withServiceRoleBypassingRls(
    (tx) => tx<{ id: string }[]>`
      insert into public.webhook_events
        (organization_id, integration_id, webhook_id, event_type, location_id, raw_body, headers, signature,
         status, event_timestamp)
      values (${integration.organizationId}, ${integration.id}, ${webhookId}, 'InvoicePaid', ${integration.locationId},
              ${rawBody}, ${tx.json({ "user-agent": "Orgflow test event" })}, 'synthetic', 'received', ${now})
      returning id`,
    db,
  );
  await queueProcessing(row!.id, db);
  return { eventId: row!.id, invoiceId };
}
