import "server-only";
import { cache } from "react";
import { z } from "zod";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";

/**
 * What the billing pages and the plan banner read, as the signed-in member (RLS decides): the plan
 * and its state (every member), usage against the limits (every member), the subscription, the
 * payments and the per-day usage (billing:read).
 */

export const planStatusSchema = z.object({
  plan_id: z.string(),
  plan_name: z.string(),
  status: z.enum(["trialing", "active", "past_due", "canceled", "unpaid", "incomplete"]),
  subscription_plan_id: z.string().nullable(),
  subscription_plan_name: z.string().nullable(),
  subscription_status: z.string().nullable(),
  past_due_since: z.date().nullable(),
  grace_ends_at: z.date().nullable(),
  trial_end: z.date().nullable(),
  current_period_end: z.date().nullable(),
  cancel_at_period_end: z.boolean(),
});
export type PlanStatus = z.infer<typeof planStatusSchema>;

export const usageRowSchema = z.object({
  resource: z.string(),
  label: z.string(),
  used: z.coerce.number().int(),
  max_allowed: z.number().int(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

export type PlanState = { status: PlanStatus; usage: UsageRow[] };

/**
 * The plan, its state and usage against its limits. Applies an expired grace period first, so a
 * page never shows (or allows) more than the organization has paid for.
 */
export async function getPlanState(tx: Tx, organizationId: string): Promise<PlanState | null> {
  await tx`select public.refresh_billing_state(${organizationId})`;
  const [status] = await tx`select * from public.organization_plan_status(${organizationId})`;
  if (!status) return null;
  const usage = await tx`select * from public.organization_usage(${organizationId})`;
  return { status: planStatusSchema.parse(status), usage: z.array(usageRowSchema).parse(usage) };
}

/**
 * Per request, in a transaction of its own as the member: the banner in the layout and the page
 * share this one read (a page guard's transaction is not the layout's), so it takes the claims.
 */
export const getPlanStateCached = cache((claims: UserClaims, organizationId: string) =>
  withUser(claims, (tx) => getPlanState(tx, organizationId)),
);

export const subscriptionRowSchema = z.object({
  plan_id: z.string(),
  plan_name: z.string(),
  status: z.string(),
  billing_cycle: z.enum(["monthly", "yearly"]),
  current_period_start: z.date().nullable(),
  current_period_end: z.date().nullable(),
  cancel_at_period_end: z.boolean(),
  canceled_at: z.date().nullable(),
  ended_at: z.date().nullable(),
  trial_end: z.date().nullable(),
});
export type SubscriptionRow = z.infer<typeof subscriptionRowSchema>;

export const paymentRowSchema = z.object({
  id: z.uuid(),
  amount: z.coerce.number().int(),
  currency: z.string(),
  status: z.enum(["pending", "succeeded", "failed", "refunded"]),
  invoice_number: z.string().nullable(),
  description: z.string().nullable(),
  hosted_invoice_url: z.string().nullable(),
  period_start: z.date().nullable(),
  period_end: z.date().nullable(),
  paid_at: z.date().nullable(),
  created_at: z.date(),
});
export type PaymentRow = z.infer<typeof paymentRowSchema>;

export type BillingDetails = {
  /** The newest subscription, live or ended; null when the organization never had one. */
  subscription: SubscriptionRow | null;
  hasCustomer: boolean;
  payments: PaymentRow[];
};

/** For members with billing:read (others get nothing back, by RLS). */
export async function getBillingDetails(tx: Tx, organizationId: string): Promise<BillingDetails> {
  const [subscription] = await tx`
    select s.plan_id, p.name as plan_name, s.status, s.billing_cycle, s.current_period_start,
           s.current_period_end, s.cancel_at_period_end, s.canceled_at, s.ended_at, s.trial_end
    from public.subscriptions s join public.subscription_plans p on p.id = s.plan_id
    where s.organization_id = ${organizationId}
    order by (s.status not in ('canceled', 'incomplete_expired')) desc, s.stripe_created_at desc nulls last,
             s.created_at desc
    limit 1`;
  const [customer] =
    await tx`select 1 from public.billing_customers where organization_id = ${organizationId}`;
  const payments = await tx`
    select id, amount, currency, status, invoice_number, description, hosted_invoice_url, period_start,
           period_end, paid_at, created_at
    from public.payments where organization_id = ${organizationId}
    order by created_at desc limit 12`;
  return {
    subscription: subscription ? subscriptionRowSchema.parse(subscription) : null,
    hasCustomer: Boolean(customer),
    payments: z.array(paymentRowSchema).parse(payments),
  };
}

export const DAILY_UNITS = {
  workflow_runs: "Workflow runs",
  agent_tokens: "Agent tokens",
} as const;

export type DailySeries = { unit: string; label: string; points: { day: string; quantity: number }[] };

/** Usage per day over the last `days` days, one series per unit, zeros included. */
export async function getDailyUsage(tx: Tx, organizationId: string, days = 30): Promise<DailySeries[]> {
  const rows =
    await tx`select day::text as day, unit, quantity from public.organization_daily_usage(${organizationId}, ${days})`;
  const parsed = z
    .array(z.object({ day: z.string(), unit: z.string(), quantity: z.coerce.number() }))
    .parse(rows);
  const series = new Map<string, DailySeries>();
  for (const row of parsed) {
    const label = DAILY_UNITS[row.unit as keyof typeof DAILY_UNITS] ?? row.unit.replaceAll("_", " ");
    const entry = series.get(row.unit) ?? { unit: row.unit, label, points: [] };
    entry.points.push({ day: row.day, quantity: row.quantity });
    series.set(row.unit, entry);
  }
  return [...series.values()];
}
