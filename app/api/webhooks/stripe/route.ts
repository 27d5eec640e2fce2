import { handleStripeEvent, stripeEventInbox, verifyStripeEvent } from "@/lib/billing/webhooks";
import { defineWebhook } from "@/lib/http/webhook";

/** Stripe's webhook endpoint: signature checked on the raw body, stored, then handled once. */
export const POST = defineWebhook({
  source: "Stripe",
  verify: verifyStripeEvent,
  inbox: stripeEventInbox,
  handle: handleStripeEvent,
});
