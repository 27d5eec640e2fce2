import { z } from "zod";

/** The plan catalog's shape and pure helpers, safe to import from client components. */

export const FREE_PLAN_ID = "free";

export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  currency: z.string(),
  /** Minor units (cents) a month, when billed monthly. */
  monthly_amount: z.number().int(),
  /** Minor units (cents) a year, when billed yearly. */
  yearly_amount: z.number().int(),
  features: z.array(z.string()),
  max_users: z.number().int(),
  max_workflows: z.number().int(),
  max_bots: z.number().int(),
  max_executions_per_month: z.number().int(),
  max_knowledge_base_mb: z.number().int(),
  trial_days: z.number().int(),
});
export type Plan = z.infer<typeof planSchema>;

/** How much cheaper a year is than twelve months, in whole percent ("save 17%"). */
export function yearlySavingsPercent(plan: Pick<Plan, "monthly_amount" | "yearly_amount">): number {
  if (plan.monthly_amount <= 0 || plan.yearly_amount <= 0) return 0;
  const fullYear = plan.monthly_amount * 12;
  return Math.max(0, Math.round(((fullYear - plan.yearly_amount) / fullYear) * 100));
}
