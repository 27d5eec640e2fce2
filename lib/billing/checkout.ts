import "server-only";
import { createHash } from "node:crypto";
import Stripe from "stripe";
import { z } from "zod";
import { stackConfig } from "@/lib/config/stack";
import { withServiceRoleBypassingRls, withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { BILLING_CYCLES } from "./config";
import { purchasablePlan } from "./plans";
import { callStripe, stripeClient, toBillingError } from "./stripe";

/**
 * Starting a Stripe Checkout and opening the Customer Portal, for members with billing:update.
 * The permission is checked in SQL (public.begin_billing_change) as the user; the customer link
 * is then recorded on the service path, since only it writes billing tables.
 */

export const checkoutInputSchema = z.object({
  plan: z.string({ error: "Choose a plan." }).regex(/^[a-z][a-z0-9_]*$/, "Choose one of the plans on offer."),
  cycle: z.enum(BILLING_CYCLES, { error: "Choose monthly or yearly billing." }),
});
export type CheckoutInput = z.infer<typeof checkoutInputSchema>;

const billingAccountSchema = z.object({
  organization_id: z.uuid(),
  organization_name: z.string(),
  organization_slug: z.string(),
  stripe_customer_id: z.string().nullable(),
  had_subscription: z.boolean(),
  live_subscription_id: z.string().nullable(),
  live_plan_id: z.string().nullable(),
  live_status: z.string().nullable(),
});
type BillingAccount = z.infer<typeof billingAccountSchema>;

export type RedirectTo = { url: string };

/** Where Stripe sends people back to: the organization's billing pages. */
export function billingUrl(slug: string, page: "" | "success" | "cancel" = ""): string {
  const base = `${stackConfig().siteUrl.replace(/\/+$/, "")}/o/${encodeURIComponent(slug)}/billing`;
  return page ? `${base}/${page}` : base;
}

export async function startCheckout(
  claims: UserClaims,
  organizationId: string,
  input: CheckoutInput,
): Promise<RedirectTo & { sessionId: string }> {
  const stripe = stripeClient();
  const { account, plan } = await withUser(claims, async (tx) => {
    const [row] = await tx`select * from public.begin_billing_change(${organizationId})`;
    return {
      account: billingAccountSchema.parse(row),
      plan: await purchasablePlan(tx, input.plan, input.cycle),
    };
  });
  if (account.live_subscription_id) {
    throw new AppError(
      "conflict",
      "This organization already has a subscription. Change or cancel it in the billing portal instead.",
    );
  }
  const customerId = await ensureCustomer(stripe, account, claims);
  // What ties the subscription back to the organization, on the session and on the subscription.
  const metadata = { organization_id: account.organization_id, plan: plan.id, billing_cycle: input.cycle };
  // One trial per organization: not for one that has had a subscription before.
  const trial = plan.trialDays > 0 && !account.had_subscription ? { trial_period_days: plan.trialDays } : {};
  const session = await callStripe(() =>
    stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customerId,
      client_reference_id: account.organization_id,
      line_items: [{ price: plan.priceId, quantity: 1 }],
      metadata,
      subscription_data: { metadata, ...trial },
      allow_promotion_codes: true,
      success_url: `${billingUrl(account.organization_slug, "success")}?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: billingUrl(account.organization_slug, "cancel"),
    }),
  );
  if (!session.url)
    throw new AppError("unavailable", "Stripe did not return a checkout page. Please try again.");
  return { url: session.url, sessionId: session.id };
}

export async function openBillingPortal(claims: UserClaims, organizationId: string): Promise<RedirectTo> {
  const stripe = stripeClient();
  const [row] = await withUser(
    claims,
    (tx) => tx`select * from public.begin_billing_change(${organizationId})`,
  );
  const account = billingAccountSchema.parse(row);
  if (!account.stripe_customer_id) {
    throw new AppError(
      "conflict",
      "There is no billing account yet. Choose a plan first; the portal manages it afterwards.",
    );
  }
  const customerId = account.stripe_customer_id;
  const session = await callStripe(() =>
    stripe.billingPortal.sessions.create({
      customer: customerId,
      return_url: billingUrl(account.organization_slug),
    }),
  );
  return { url: session.url };
}

/** The organization's Stripe customer: the one on record if Stripe still has it, else a new one. */
async function ensureCustomer(stripe: Stripe, account: BillingAccount, claims: UserClaims): Promise<string> {
  const known = account.stripe_customer_id;
  if (known && (await customerStillExists(stripe, known))) return known;
  const params: Stripe.CustomerCreateParams = {
    name: account.organization_name,
    ...(claims.email ? { email: claims.email } : {}),
    metadata: { organization_id: account.organization_id, organization_slug: account.organization_slug },
  };
  // Two checkouts started at once get the same customer from Stripe, not two.
  const idempotencyKey = `orgflow-customer-${account.organization_id}-${createHash("sha256")
    .update(JSON.stringify([params, known]))
    .digest("hex")
    .slice(0, 16)}`;
  const customer = await callStripe(() => stripe.customers.create(params, { idempotencyKey }));
  // Tenancy: the organization is the one the user was just allowed billing:update in.
  return withServiceRoleBypassingRls(async (tx) => {
    const [linked] = await tx<{ stripe_customer_id: string }[]>`
      insert into public.billing_customers (organization_id, stripe_customer_id, email)
      values (${account.organization_id}, ${customer.id}, ${claims.email ?? null})
      on conflict (organization_id) do update
        set stripe_customer_id = excluded.stripe_customer_id, email = excluded.email
        where public.billing_customers.stripe_customer_id = ${known ?? ""}
      returning stripe_customer_id`;
    if (linked) return linked.stripe_customer_id;
    // Another checkout linked a customer first: use that one.
    const [winner] = await tx<{ stripe_customer_id: string }[]>`
      select stripe_customer_id from public.billing_customers where organization_id = ${account.organization_id}`;
    return winner!.stripe_customer_id;
  });
}

/** False when Stripe deleted the customer or never had it (e.g. keys moved to another account). */
async function customerStillExists(stripe: Stripe, customerId: string): Promise<boolean> {
  try {
    const existing = await stripe.customers.retrieve(customerId);
    return !("deleted" in existing && existing.deleted);
  } catch (e) {
    if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === "resource_missing") return false;
    throw toBillingError(e);
  }
}
