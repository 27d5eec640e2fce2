import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { priceCatalog } from "./plans";
import { stripeClient, toBillingError } from "./stripe";
import {
  dateOf,
  idOf,
  subscriptionSchema,
  type StripeInvoice,
  type StripeSubscription,
} from "./stripe-objects";

/**
 * Mirroring Stripe into our tables, on the service path (the webhook's transaction). Tenancy is
 * checked here: a Stripe object is tied to an organization only through the customer we made for
 * it, or, before that link exists, through the organization id we put in its metadata.
 */

const uuidSchema = z.uuid();

/**
 * The organization a Stripe customer belongs to: the customer we created for it wins; the
 * metadata we set at checkout is used only for a customer not yet linked, and must name an
 * organization that exists.
 */
export async function resolveOrganization(
  tx: Tx,
  customerId: string | null,
  claimedOrganizationId: string | null | undefined,
): Promise<string | null> {
  if (customerId) {
    const [linked] = await tx<{ organization_id: string }[]>`
      select organization_id from public.billing_customers where stripe_customer_id = ${customerId}`;
    if (linked) return linked.organization_id;
  }
  const claimed = uuidSchema.safeParse(claimedOrganizationId);
  if (!claimed.success) return null;
  const [org] = await tx<{ id: string }[]>`select id from public.organizations where id = ${claimed.data}`;
  return org?.id ?? null;
}

/** Links a customer to an organization that has none yet (a checkout whose link was not saved). */
export async function linkCustomer(tx: Tx, organizationId: string, customerId: string): Promise<void> {
  await tx`
    insert into public.billing_customers (organization_id, stripe_customer_id)
    values (${organizationId}, ${customerId})
    on conflict do nothing`;
}

/** Serialises everything billing does for one organization: the last to commit read Stripe last. */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx`select 1 from public.organizations where id = ${organizationId} for update`;
}

/**
 * Reads the subscription from Stripe now, whatever the event said, and stores it: events may
 * arrive late, twice or out of order, but the stored state is always Stripe's latest. Then the
 * organization's plan, status and limits follow it. `fallback` is the event's own copy, used only
 * when Stripe no longer has the subscription.
 */
export async function syncSubscription(
  tx: Tx,
  organizationId: string,
  subscriptionId: string,
  options: { fallback?: unknown; paymentFailedAt?: Date } = {},
): Promise<StripeSubscription> {
  await lockOrganization(tx, organizationId);
  const subscription = await retrieveSubscription(subscriptionId, options.fallback);
  const item = subscription.items.data[0]!;
  const customerId = idOf(subscription.customer)!;
  const owner = await resolveOrganization(tx, customerId, null);
  if (owner && owner !== organizationId) {
    throw new AppError(
      "conflict",
      `Subscription ${subscription.id} belongs to another organization's customer.`,
    );
  }
  const catalog = await priceCatalog(tx);
  const known = catalog.get(item.price.id);
  const planId = known?.planId ?? (await planFromMetadata(tx, subscription.metadata.plan));
  if (!planId) {
    throw new AppError(
      "unprocessable",
      `Stripe price ${item.price.id} is not one of Orgflow's plans. Set STRIPE_PRICE_<PLAN>_<MONTHLY|YEARLY> for it.`,
    );
  }
  const cycle = known?.cycle ?? (item.price.recurring?.interval === "year" ? "yearly" : "monthly");

  const row = {
    organization_id: organizationId,
    plan_id: planId,
    stripe_subscription_id: subscription.id,
    stripe_customer_id: customerId,
    stripe_price_id: item.price.id,
    status: subscription.status,
    billing_cycle: cycle,
    current_period_start: dateOf(item.current_period_start),
    current_period_end: dateOf(item.current_period_end),
    cancel_at_period_end: subscription.cancel_at_period_end,
    cancel_at: dateOf(subscription.cancel_at),
    canceled_at: dateOf(subscription.canceled_at),
    ended_at: dateOf(subscription.ended_at),
    trial_start: dateOf(subscription.trial_start),
    trial_end: dateOf(subscription.trial_end),
    stripe_created_at: dateOf(subscription.created),
    synced_at: new Date(),
  };
  // The grace period counts from the first failed payment of a run of them; paying ends the run.
  const now = new Date();
  const failedAt = options.paymentFailedAt && options.paymentFailedAt < now ? options.paymentFailedAt : now;
  const stored = await tx`
    insert into public.subscriptions ${tx({ ...row, past_due_since: row.status === "past_due" ? failedAt : null })}
    on conflict (stripe_subscription_id) do update
      set ${excludedSet(
        tx,
        Object.keys(row).filter((c) => c !== "organization_id" && c !== "stripe_subscription_id"),
      )},
          past_due_since = case when excluded.status = 'past_due'
                                then least(public.subscriptions.past_due_since, excluded.past_due_since) end
      where public.subscriptions.organization_id = excluded.organization_id
    returning id`;
  if (stored.length === 0) {
    throw new AppError("conflict", `Subscription ${subscription.id} is recorded for another organization.`);
  }
  await tx`select private.apply_billing_state(${organizationId})`;
  await linkCustomer(tx, organizationId, customerId);
  return subscription;
}

async function retrieveSubscription(id: string, fallback: unknown): Promise<StripeSubscription> {
  const stripe = stripeClient();
  try {
    return subscriptionSchema.parse(await stripe.subscriptions.retrieve(id));
  } catch (e) {
    if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === "resource_missing" && fallback) {
      const parsed = subscriptionSchema.safeParse(fallback);
      if (parsed.success) return parsed.data;
    }
    if (e instanceof z.ZodError) {
      throw new AppError(
        "unprocessable",
        `Stripe's copy of subscription ${id} is not in the expected shape.`,
      );
    }
    throw toBillingError(e);
  }
}

async function planFromMetadata(tx: Tx, plan: string | undefined): Promise<string | null> {
  if (!plan) return null;
  const [row] = await tx<{ id: string }[]>`select id from public.subscription_plans where id = ${plan}`;
  return row?.id ?? null;
}

/** `col = excluded.col, …` for an upsert; the columns come from our own row objects, never input. */
export function excludedSet(tx: Tx, columns: readonly string[]) {
  return tx.unsafe(
    columns.map((c) => `"${c.replaceAll('"', '""')}" = excluded."${c.replaceAll('"', '""')}"`).join(", "),
  );
}

/**
 * Records an invoice's payment: one row per invoice, moved forward by newer events only, so a
 * late `payment_failed` cannot undo the `paid` that followed it.
 */
export async function recordInvoicePayment(
  tx: Tx,
  organizationId: string,
  invoice: StripeInvoice,
  outcome: "succeeded" | "failed",
  eventCreatedAt: Date,
): Promise<void> {
  const subscriptionId = idOf(invoice.parent?.subscription_details?.subscription);
  const paymentIntent = idOf(invoice.payments?.data[0]?.payment.payment_intent);
  const [subscription] = subscriptionId
    ? await tx<{ id: string }[]>`
        select id from public.subscriptions
        where stripe_subscription_id = ${subscriptionId} and organization_id = ${organizationId}`
    : [];
  const paidAt =
    outcome === "succeeded" ? (dateOf(invoice.status_transitions?.paid_at) ?? eventCreatedAt) : null;
  const row = {
    organization_id: organizationId,
    subscription_id: subscription?.id ?? null,
    stripe_invoice_id: invoice.id,
    stripe_payment_intent_id: paymentIntent && /^pi_/.test(paymentIntent) ? paymentIntent : null,
    amount: outcome === "succeeded" ? invoice.amount_paid : invoice.amount_due,
    currency: invoice.currency,
    status: outcome,
    invoice_number: invoice.number ?? null,
    description: invoice.description ?? null,
    hosted_invoice_url:
      invoice.hosted_invoice_url && /^https?:\/\//.test(invoice.hosted_invoice_url)
        ? invoice.hosted_invoice_url
        : null,
    failure_message: outcome === "failed" ? "The card was declined or could not be charged." : null,
    attempt_count: invoice.attempt_count ?? 0,
    period_start: dateOf(invoice.period_start),
    period_end: dateOf(invoice.period_end),
    paid_at: paidAt,
    stripe_event_created_at: eventCreatedAt,
  };
  const columns = Object.keys(row).filter((c) => c !== "stripe_invoice_id" && c !== "organization_id");
  await tx`
    insert into public.payments ${tx(row)}
    on conflict (stripe_invoice_id) do update set ${excludedSet(tx, columns)}
    where public.payments.organization_id = excluded.organization_id
      and (public.payments.stripe_event_created_at is null
           or public.payments.stripe_event_created_at < excluded.stripe_event_created_at
           or (public.payments.stripe_event_created_at = excluded.stripe_event_created_at
               and not (public.payments.status = 'succeeded' and excluded.status = 'failed')))`;
}
