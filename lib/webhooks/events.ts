/**
 * The events an organization can subscribe a webhook endpoint to. Each is emitted by a database
 * trigger in the transaction that makes it true (20261207037000_outgoing_webhooks.sql); the shape
 * of each `data.object` is documented in docs/webhooks.md. `*` subscribes to all of them.
 */
export const WEBHOOK_EVENTS = {
  "contact.created": "A contact is added (by hand, import, a chatbot, GoHighLevel or the API).",
  "payment.received": "A payment arrives from GoHighLevel (invoice paid, order, won opportunity).",
  "commission.approved": "A manager approves a commission line.",
  "payout.paid": "A commission payout is marked paid.",
  "execution.completed": "A workflow run completes (test runs from the builder excluded).",
  "execution.failed": "A workflow run fails (test runs from the builder excluded).",
  "conversation.handed_off": "A chatbot conversation is handed to a person.",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
export const ALL_EVENTS = "*";

/** The event a member sends by hand to check an endpoint (never emitted by anything else). */
export const TEST_EVENT = "webhook_endpoint.test";
