import { z } from "zod";
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from "./events";

/**
 * Outgoing webhooks: what forms and (later) the REST API accept, and what reads return. The lib
 * functions in webhooks.ts and queries.ts take these, `(tx, organizationId, params)`.
 */

const eventName = z.enum([ALL_EVENTS, ...WEBHOOK_EVENT_TYPES], { error: "Unknown event." });

export const webhookUrlSchema = z
  .string({ error: "Enter the URL to send events to." })
  .trim()
  .min(1, "Enter the URL to send events to.")
  .max(2000, "Use at most 2,000 characters.")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "Enter a full http:// or https:// URL, without a user name or password in it.");

export const webhookEndpointFieldsSchema = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(500, "Use at most 500 characters.").default(""),
  events: z
    .array(eventName, { error: "Choose at least one event." })
    .min(1, "Choose at least one event.")
    .max(50)
    .transform((events) => (events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events)])),
});
export type WebhookEndpointFields = z.infer<typeof webhookEndpointFieldsSchema>;

const endpointId = z.uuid({ error: "That webhook endpoint does not exist." });

export const webhookEndpointUpdateSchema = webhookEndpointFieldsSchema.extend({ id: endpointId });
export const webhookEndpointIdSchema = z.object({ id: endpointId });
export const webhookEndpointStatusSchema = z.object({ id: endpointId, enabled: z.enum(["true", "false"]) });
export const webhookDeliveryIdSchema = z.object({
  id: z.uuid({ error: "That delivery does not exist." }),
});
export const webhookDeliveryListSchema = z.object({
  endpointId,
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** Deliveries created before this one (cursor pagination, newest first). */
  startingAfter: z.uuid().optional(),
});

export const webhookEndpointRowSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  secret_hint: z.string(),
  status: z.enum(["enabled", "disabled"]),
  disabled_reason: z.string().nullable(),
  disabled_at: z.date().nullable(),
  failing_since: z.date().nullable(),
  consecutive_failures: z.number().int(),
  last_success_at: z.date().nullable(),
  created_at: z.date(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointRowSchema>;

export const DELIVERY_STATUSES = ["pending", "sending", "retrying", "succeeded", "failed"] as const;

export const webhookDeliveryRowSchema = z.object({
  id: z.uuid(),
  endpoint_id: z.uuid(),
  event_id: z.uuid(),
  event_type: z.string(),
  replay_of: z.uuid().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  next_attempt_at: z.date(),
  last_attempt_at: z.date().nullable(),
  response_status: z.number().int().nullable(),
  response_body: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: z.date(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliveryRowSchema>;

/** What creating an endpoint or rotating its secret returns: the secret, this once. */
export type WebhookSecretReveal = { id: string; url: string; secret: string };
