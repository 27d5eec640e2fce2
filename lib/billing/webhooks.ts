import "server-only";
import Stripe from "stripe";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WebhookInbox, WebhookOutcome } from "@/lib/http/webhook";
import { billingConfig } from "./config";
import {
  checkoutSessionSchema,
  dateOf,
  eventEnvelopeSchema,
  idOf,
  invoiceSchema,
  subscriptionRefSchema,
  type StripeEventEnvelope,
} from "./stripe-objects";
import { linkCustomer, recordInvoicePayment, resolveOrganization, syncSubscription } from "./sync";

/**
 * Stripe's webhooks (POST /api/webhooks/stripe): verification, the inbox (stripe_events) and what
 * each event does. Handled: checkout.session.completed, customer.subscription.created / updated /
 * deleted, invoice.paid, invoice.payment_failed. Every other type is stored and ignored.
 */

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
] as const;

/** Checks the Stripe-Signature header against the raw body with the SDK, then the envelope. */
export function verifyStripeEvent(rawBody: string, request: NextRequest): StripeEventEnvelope {
  const { webhookSecret } = billingConfig();
  if (!webhookSecret) {
    throw new AppError(
      "unavailable",
      "Stripe webhooks are not set up on this server: STRIPE_WEBHOOK_SECRET is not set.",
    );
  }
  const signature = request.headers.get("stripe-signature");
  if (!signature) throw new AppError("bad_request", "The Stripe-Signature header is missing.");
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new AppError("bad_request", "The Stripe signature does not match the body, or it is too old.");
    }
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
  const parsed = eventEnvelopeSchema.safeParse(event);
  if (!parsed.success) throw new AppError("bad_request", "The body is not a Stripe event.");
  return parsed.data;
}

/** stripe_events: every event stored before it is handled, handled once per event id. */
export const stripeEventInbox: WebhookInbox<StripeEventEnvelope> = {
  async store(event) {
    await withServiceRoleBypassingRls(
      (tx) => tx`
        insert into public.stripe_events (stripe_event_id, type, api_version, livemode, stripe_created_at, payload)
        values (${event.id}, ${event.type}, ${event.api_version ?? null}, ${event.livemode},
                ${dateOf(event.created)}, ${tx.json(event as never)})
        on conflict (stripe_event_id) do update
          set deliveries = public.stripe_events.deliveries + 1, last_received_at = now()`,
    );
  },

  async process(event, handle) {
    return withServiceRoleBypassingRls(async (tx) => {
      const [stored] = await tx<{ processed_at: Date | null }[]>`
        select processed_at from public.stripe_events where stripe_event_id = ${event.id} for update`;
      if (!stored || stored.processed_at) return null;
      const result = await handle(tx);
      await tx`
        update public.stripe_events
        set processed_at = now(), outcome = ${result.outcome}, error = null,
            organization_id = ${result.organizationId ?? null}
        where stripe_event_id = ${event.id}`;
      return result;
    });
  },

  async fail(event, message) {
    await withServiceRoleBypassingRls(
      (tx) => tx`
        update public.stripe_events set error = ${message}
        where stripe_event_id = ${event.id} and processed_at is null`,
    );
  },
};

export async function handleStripeEvent(event: StripeEventEnvelope, tx: Tx): Promise<WebhookOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
      return onCheckoutCompleted(tx, event);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return onSubscriptionChanged(tx, event);
    case "invoice.paid":
    case "invoice.payment_failed":
      return onInvoice(tx, event);
    default:
      return { outcome: "ignored", detail: `Orgflow does not act on ${event.type} events.` };
  }
}

function parseObject<S extends z.ZodType>(schema: S, event: StripeEventEnvelope): z.output<S> {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) {
    throw new AppError("bad_request", `The ${event.type} event does not carry the object it should.`);
  }
  return parsed.data;
}

const notOurs = (what: string): WebhookOutcome => ({
  outcome: "ignored",
  detail: `${what} belongs to no Orgflow organization.`,
});

async function onCheckoutCompleted(tx: Tx, event: StripeEventEnvelope): Promise<WebhookOutcome> {
  const session = parseObject(checkoutSessionSchema, event);
  if (session.mode !== "subscription") {
    return { outcome: "ignored", detail: `Checkout session ${session.id} is not for a subscription.` };
  }
  const customerId = idOf(session.customer);
  const subscriptionId = idOf(session.subscription);
  if (!customerId || !subscriptionId) {
    return { outcome: "ignored", detail: `Checkout session ${session.id} has no subscription yet.` };
  }
  const organizationId = await resolveOrganization(
    tx,
    customerId,
    session.metadata.organization_id ?? session.client_reference_id,
  );
  if (!organizationId) return notOurs(`Checkout session ${session.id}`);
  await linkCustomer(tx, organizationId, customerId);
  await syncSubscription(tx, organizationId, subscriptionId);
  return { outcome: "processed", organizationId };
}

async function onSubscriptionChanged(tx: Tx, event: StripeEventEnvelope): Promise<WebhookOutcome> {
  const ref = parseObject(subscriptionRefSchema, event);
  const organizationId = await resolveOrganization(tx, idOf(ref.customer), ref.metadata.organization_id);
  if (!organizationId) return notOurs(`Subscription ${ref.id}`);
  await syncSubscription(tx, organizationId, ref.id, { fallback: event.data.object });
  return { outcome: "processed", organizationId };
}

async function onInvoice(tx: Tx, event: StripeEventEnvelope): Promise<WebhookOutcome> {
  const invoice = parseObject(invoiceSchema, event);
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  const organizationId = await resolveOrganization(
    tx,
    idOf(invoice.customer),
    invoice.parent?.subscription_details?.metadata.organization_id,
  );
  if (!organizationId) return notOurs(`Invoice ${invoice.id}`);
  const failed = event.type === "invoice.payment_failed";
  const eventCreatedAt = dateOf(event.created)!;
  if (subscriptionId) {
    await syncSubscription(tx, organizationId, subscriptionId, {
      paymentFailedAt: failed ? eventCreatedAt : undefined,
    });
  }
  await recordInvoicePayment(tx, organizationId, invoice, failed ? "failed" : "succeeded", eventCreatedAt);
  return { outcome: "processed", organizationId };
}
