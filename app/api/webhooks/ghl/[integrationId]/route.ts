import {
  acceptGhlWebhook,
  MAX_BODY_BYTES,
  verifyGhlWebhook,
  type GhlRouteContext,
  type GhlWebhookEvent,
} from "@/lib/ghl/webhooks";
import { defineQueuedWebhook } from "@/lib/http/webhook";

/**
 * GoHighLevel's webhook endpoint for one integration: signature (Ed25519, then RSA) checked on the
 * raw body, age and location checked, stored once per webhookId, answered 202 and processed by a
 * job. GHL retries only on 429, so a failure to store is answered 429.
 */
export const POST = defineQueuedWebhook<GhlWebhookEvent, GhlRouteContext>({
  source: "GoHighLevel",
  maxBytes: MAX_BODY_BYTES,
  verify: verifyGhlWebhook,
  accept: (event, rawBody) => acceptGhlWebhook(event, rawBody),
  unavailableStatus: 429,
});
