import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  webhookDeliveryListSchema,
  webhookDeliveryRowSchema,
  webhookEndpointRowSchema,
  type WebhookDelivery,
  type WebhookEndpoint,
} from "./schemas";

/** Reads of outgoing webhooks, in the caller's transaction (RLS: `webhooks:read`). */

const ENDPOINT_COLUMNS = `id, url, description, events, secret_hint, status, disabled_reason, disabled_at,
  failing_since, consecutive_failures, last_success_at, created_at`;

export async function listWebhookEndpoints(tx: Tx, organizationId: string): Promise<WebhookEndpoint[]> {
  const rows = await tx`
    select ${tx.unsafe(ENDPOINT_COLUMNS)} from public.webhook_endpoints
    where organization_id = ${organizationId}
    order by created_at desc, id desc
    limit 200`;
  return z.array(webhookEndpointRowSchema).parse(rows);
}

export async function getWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  params: { id: string },
): Promise<WebhookEndpoint> {
  const id = z.uuid().safeParse(params.id);
  const rows = id.success
    ? await tx`
        select ${tx.unsafe(ENDPOINT_COLUMNS)} from public.webhook_endpoints
        where organization_id = ${organizationId} and id = ${id.data}`
    : [];
  if (!rows[0]) throw new AppError("not_found", "That webhook endpoint does not exist.");
  return webhookEndpointRowSchema.parse(rows[0]);
}

/** An endpoint's deliveries, newest first, with the last answer of each. */
export async function listWebhookDeliveries(
  tx: Tx,
  organizationId: string,
  params: z.input<typeof webhookDeliveryListSchema>,
): Promise<{ deliveries: WebhookDelivery[]; hasMore: boolean }> {
  const p = webhookDeliveryListSchema.parse(params);
  const rows = await tx`
    select d.id, d.endpoint_id, d.event_id, ev.type as event_type, d.replay_of, d.status, d.attempts,
           d.next_attempt_at, d.last_attempt_at, d.response_status, d.response_body, d.duration_ms,
           d.error, d.created_at
    from public.webhook_deliveries d
    join public.outgoing_events ev on ev.id = d.event_id
    where d.organization_id = ${organizationId} and d.endpoint_id = ${p.endpointId}
      and (${p.startingAfter ?? null}::uuid is null or (d.created_at, d.id) < (
        select created_at, id from public.webhook_deliveries where id = ${p.startingAfter ?? null}::uuid))
    order by d.created_at desc, d.id desc
    limit ${p.limit + 1}`;
  const deliveries = z.array(webhookDeliveryRowSchema).parse(rows);
  return { deliveries: deliveries.slice(0, p.limit), hasMore: deliveries.length > p.limit };
}
