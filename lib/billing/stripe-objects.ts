import { z } from "zod";

/**
 * The parts of Stripe's objects that billing reads, parsed at the boundary. Signed events and API
 * answers are still input: anything that does not have these shapes is refused, not guessed at.
 * Shapes follow the API version the SDK pins (periods live on subscription items; an invoice
 * names its subscription under parent.subscription_details).
 */

const expandable = z.union([z.string(), z.object({ id: z.string() }).loose()]);
const timestamp = z.number().int().nonnegative();
const metadata = z
  .record(z.string(), z.string())
  .nullish()
  .transform((m) => m ?? {});

/** The id of a field Stripe may give as an id or, expanded, as the object. */
export function idOf(value: z.infer<typeof expandable> | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

export function dateOf(seconds: number | null | undefined): Date | null {
  return seconds == null ? null : new Date(seconds * 1000);
}

export const eventEnvelopeSchema = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  object: z.literal("event"),
  type: z.string().min(1).max(200),
  api_version: z.string().nullish(),
  created: timestamp,
  livemode: z.boolean(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }).loose(),
});
export type StripeEventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export const checkoutSessionSchema = z.object({
  id: z.string(),
  object: z.literal("checkout.session"),
  mode: z.string(),
  customer: expandable.nullish(),
  subscription: expandable.nullish(),
  client_reference_id: z.string().nullish(),
  metadata,
});

export const subscriptionSchema = z.object({
  id: z.string().regex(/^sub_[A-Za-z0-9_]+$/),
  object: z.literal("subscription"),
  customer: expandable,
  status: z.enum([
    "trialing",
    "active",
    "past_due",
    "canceled",
    "unpaid",
    "incomplete",
    "incomplete_expired",
    "paused",
  ]),
  metadata,
  items: z.object({
    data: z
      .array(
        z.object({
          price: z.object({
            id: z.string(),
            recurring: z.object({ interval: z.string() }).nullish(),
          }),
          current_period_start: timestamp.nullish(),
          current_period_end: timestamp.nullish(),
        }),
      )
      .min(1),
  }),
  cancel_at_period_end: z.boolean(),
  cancel_at: timestamp.nullish(),
  canceled_at: timestamp.nullish(),
  ended_at: timestamp.nullish(),
  trial_start: timestamp.nullish(),
  trial_end: timestamp.nullish(),
  created: timestamp,
});
export type StripeSubscription = z.infer<typeof subscriptionSchema>;

export const invoiceSchema = z.object({
  id: z.string().regex(/^in_[A-Za-z0-9_]+$/),
  object: z.literal("invoice"),
  customer: expandable.nullish(),
  currency: z.string().regex(/^[a-z]{3}$/),
  amount_due: z.number().int().nonnegative(),
  amount_paid: z.number().int().nonnegative(),
  attempt_count: z.number().int().nonnegative().nullish(),
  number: z.string().nullish(),
  description: z.string().nullish(),
  hosted_invoice_url: z.string().nullish(),
  period_start: timestamp.nullish(),
  period_end: timestamp.nullish(),
  status_transitions: z.object({ paid_at: timestamp.nullish() }).loose().nullish(),
  parent: z
    .object({
      subscription_details: z.object({ subscription: expandable.nullish(), metadata }).loose().nullish(),
    })
    .loose()
    .nullish(),
  payments: z
    .object({
      data: z.array(
        z.object({ payment: z.object({ payment_intent: expandable.nullish() }).loose() }).loose(),
      ),
    })
    .loose()
    .nullish(),
});
export type StripeInvoice = z.infer<typeof invoiceSchema>;

/** A subscription object as an event carries it (created/updated/deleted), before re-reading it. */
export const subscriptionRefSchema = z.object({
  id: z.string().regex(/^sub_[A-Za-z0-9_]+$/),
  object: z.literal("subscription"),
  customer: expandable,
  metadata,
});
