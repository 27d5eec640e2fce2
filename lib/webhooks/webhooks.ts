import "server-only";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { Tx } from "@/lib/db/client";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import { isPrivateAddress } from "@/lib/engine/ssrf";
import { AppError } from "@/lib/errors";
import { encryptCredentials, secretHint } from "@/lib/integrations/crypto";
import { TEST_EVENT } from "./events";
import { newWebhookSecret } from "./signature";
import {
  webhookEndpointFieldsSchema,
  webhookEndpointRowSchema,
  type WebhookEndpoint,
  type WebhookSecretReveal,
} from "./schemas";

/**
 * Writes of outgoing webhooks, `(tx, organizationId, params)` in the caller's transaction: RLS and
 * the `webhooks` permission decide; what members may not write themselves (a replayed delivery, a
 * test event) is done on the service path after the endpoint was found under RLS.
 */

/** What create and update accept (checked with webhookEndpointFieldsSchema). */
type EndpointFieldsInput = { url: string; description?: string; events: readonly string[] };

const NOT_FOUND = "That webhook endpoint does not exist.";

/** The signing secret at rest: encrypted with the integrations key, bound to its endpoint. */
export function sealWebhookSecret(organizationId: string, endpointId: string, secret: string): string {
  return encryptCredentials({ secret }, { organizationId, integrationId: `webhook:${endpointId}` });
}

/**
 * A URL naming a private address outright (127.0.0.1, 10.x, [::1], localhost) is refused at once
 * unless the organization lets steps reach private networks; names are checked again, resolved,
 * before every delivery (lib/engine/ssrf.ts).
 */
async function refusePrivateLiteral(tx: Tx, organizationId: string, url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const localName = host === "localhost" || host.endsWith(".localhost");
  if (!localName && !(isIP(host) !== 0 && isPrivateAddress(host))) return;
  const [org] = await tx`select settings -> 'allow_private_network' = 'true'::jsonb as allowed
                         from public.organizations where id = ${organizationId}`;
  if (org?.allowed === true) return;
  throw new AppError("validation_failed", "Private network addresses are blocked.", {
    url: [
      "This address is on a private network, which webhooks may not reach. An owner can allow it in Settings → General → “Network access for workflow steps”.",
    ],
  });
}

export async function createWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  params: EndpointFieldsInput,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const fields = webhookEndpointFieldsSchema.parse(params);
  await refusePrivateLiteral(tx, organizationId, fields.url);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const [row] = await tx`
    insert into public.webhook_endpoints (id, organization_id, url, description, events, secret_ciphertext, secret_hint)
    values (${id}, ${organizationId}, ${fields.url}, ${fields.description}, ${fields.events},
            ${sealWebhookSecret(organizationId, id, secret)}, ${secretHint(secret)})
    returning id, url, description, events, secret_hint, status, disabled_reason, disabled_at,
              failing_since, consecutive_failures, last_success_at, created_at`;
  return { endpoint: webhookEndpointRowSchema.parse(row), secret };
}

export async function updateWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  params: { id: string } & EndpointFieldsInput,
): Promise<void> {
  const fields = webhookEndpointFieldsSchema.parse(params);
  await refusePrivateLiteral(tx, organizationId, fields.url);
  const rows = await tx`
    update public.webhook_endpoints
    set url = ${fields.url}, description = ${fields.description}, events = ${fields.events}
    where organization_id = ${organizationId} and id = ${params.id}
    returning id`;
  if (!rows.length) throw new AppError("not_found", NOT_FOUND);
}

/** Turns an endpoint off or back on (on again, it starts with a clean failure count). */
export async function setWebhookEndpointEnabled(
  tx: Tx,
  organizationId: string,
  params: { id: string; enabled: boolean },
): Promise<void> {
  const rows = await tx`
    update public.webhook_endpoints set status = ${params.enabled ? "enabled" : "disabled"}
    where organization_id = ${organizationId} and id = ${params.id}
    returning id`;
  if (!rows.length) throw new AppError("not_found", NOT_FOUND);
}

export async function deleteWebhookEndpoint(
  tx: Tx,
  organizationId: string,
  params: { id: string },
): Promise<void> {
  const rows = await tx`
    delete from public.webhook_endpoints where organization_id = ${organizationId} and id = ${params.id}
    returning id`;
  if (!rows.length) throw new AppError("not_found", NOT_FOUND);
}

/** A new signing secret; the old one stops at once. Returned this once. */
export async function rotateWebhookSecret(
  tx: Tx,
  organizationId: string,
  params: { id: string },
): Promise<WebhookSecretReveal> {
  const secret = newWebhookSecret();
  const [row] = await tx`
    update public.webhook_endpoints
    set secret_ciphertext = ${sealWebhookSecret(organizationId, params.id, secret)},
        secret_hint = ${secretHint(secret)}
    where organization_id = ${organizationId} and id = ${params.id}
    returning id, url`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return { id: String(row.id), url: String(row.url), secret };
}

/** Sends a delivery's event to its endpoint again, as a new delivery; returns its id. */
export async function replayWebhookDelivery(
  tx: Tx,
  organizationId: string,
  params: { id: string },
): Promise<string> {
  const [found] = await tx`
    select d.id, d.endpoint_id, d.event_id, e.status as endpoint_status
    from public.webhook_deliveries d join public.webhook_endpoints e on e.id = d.endpoint_id
    where d.organization_id = ${organizationId} and d.id = ${params.id}`;
  if (!found) throw new AppError("not_found", "That delivery does not exist.");
  if (found.endpoint_status !== "enabled")
    throw new AppError("conflict", "Turn the endpoint on before sending events to it again.");
  return queueDelivery(tx, organizationId, {
    endpointId: String(found.endpoint_id),
    eventId: String(found.event_id),
    replayOf: String(found.id),
  });
}

/** Sends a `webhook_endpoint.test` event to one endpoint, to check it; returns the delivery id. */
export async function sendTestWebhookEvent(
  tx: Tx,
  organizationId: string,
  params: { id: string },
): Promise<string> {
  const [endpoint] = await tx`
    select id, status from public.webhook_endpoints where organization_id = ${organizationId} and id = ${params.id}`;
  if (!endpoint) throw new AppError("not_found", NOT_FOUND);
  if (endpoint.status !== "enabled")
    throw new AppError("conflict", "Turn the endpoint on to send it a test.");
  return asServiceRoleBypassingRls(tx, async () => {
    const [event] = await tx`
      insert into public.outgoing_events (organization_id, type, data)
      values (${organizationId}, ${TEST_EVENT},
              ${tx.json({ object: "webhook_endpoint", id: params.id, message: "A test event sent from Orgflow." })})
      returning id`;
    return queueDelivery(tx, organizationId, { endpointId: params.id, eventId: String(event!.id) });
  });
}

async function queueDelivery(
  tx: Tx,
  organizationId: string,
  d: { endpointId: string; eventId: string; replayOf?: string },
): Promise<string> {
  return asServiceRoleBypassingRls(tx, async () => {
    const [row] = await tx`
      insert into public.webhook_deliveries (organization_id, endpoint_id, event_id, replay_of)
      values (${organizationId}, ${d.endpointId}, ${d.eventId}, ${d.replayOf ?? null})
      returning id`;
    const id = String(row!.id);
    await tx`select private.queue_webhook_delivery(${id})`;
    return id;
  });
}
