import "server-only";
import { z } from "zod";
import { withAnon, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { FREE_PLAN_ID, planSchema, type Plan } from "./catalog";
import { billingConfig, type BillingConfig, type BillingCycle } from "./config";

/** The plan catalog (subscription_plans) and how its Stripe prices are resolved. */

/** The active plans, cheapest first: the public catalog, readable without signing in. */
export async function listPlans(): Promise<Plan[]> {
  const rows = await withAnon((tx) => tx`select * from public.list_subscription_plans()`);
  return z.array(planSchema).parse(rows);
}

const planPricesSchema = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  trial_days: z.number().int(),
  stripe_price_monthly: z.string().nullable(),
  stripe_price_yearly: z.string().nullable(),
});
type PlanPricesRow = z.infer<typeof planPricesSchema>;

export type PlanPrice = { planId: string; planName: string; cycle: BillingCycle };

/** The Stripe price of a plan and cycle: STRIPE_PRICE_<PLAN>_<CYCLE> if set, else the table's. */
export function priceIdFor(
  plan: Pick<PlanPricesRow, "id" | "stripe_price_monthly" | "stripe_price_yearly">,
  cycle: BillingCycle,
  config: BillingConfig = billingConfig(),
): string | null {
  const override = config.priceOverrides[plan.id]?.[cycle];
  return override ?? (cycle === "monthly" ? plan.stripe_price_monthly : plan.stripe_price_yearly);
}

/** Every plan's prices (inactive plans too: old subscriptions still carry them). */
async function loadPlanPrices(tx: Tx): Promise<PlanPricesRow[]> {
  const rows = await tx`
    select id, name, active, trial_days, stripe_price_monthly, stripe_price_yearly from public.subscription_plans`;
  return z.array(planPricesSchema).parse(rows);
}

/** The plan a user may buy, with the price to charge; refuses the free plan and unknown ones. */
export async function purchasablePlan(
  tx: Tx,
  planId: string,
  cycle: BillingCycle,
): Promise<{ id: string; name: string; trialDays: number; priceId: string }> {
  const plan = (await loadPlanPrices(tx)).find((p) => p.id === planId && p.active);
  if (!plan) throw new AppError("validation_failed", "Choose one of the plans on offer.");
  if (plan.id === FREE_PLAN_ID) {
    throw new AppError(
      "validation_failed",
      "The Free plan needs no checkout. To move to it, cancel your subscription in the billing portal.",
    );
  }
  const priceId = priceIdFor(plan, cycle);
  if (!priceId) throw new AppError("unavailable", `The ${plan.name} plan has no ${cycle} price set up yet.`);
  return { id: plan.id, name: plan.name, trialDays: plan.trial_days, priceId };
}

/** Which plan and cycle a Stripe price stands for, across the whole catalog. */
export async function priceCatalog(tx: Tx): Promise<Map<string, PlanPrice>> {
  const catalog = new Map<string, PlanPrice>();
  for (const plan of await loadPlanPrices(tx)) {
    for (const cycle of ["monthly", "yearly"] as const) {
      // The table's price too, when an override replaced it: subscriptions bought before still use it.
      const tablePrice = cycle === "monthly" ? plan.stripe_price_monthly : plan.stripe_price_yearly;
      for (const priceId of [tablePrice, priceIdFor(plan, cycle)]) {
        if (priceId) catalog.set(priceId, { planId: plan.id, planName: plan.name, cycle });
      }
    }
  }
  return catalog;
}
