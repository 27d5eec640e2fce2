import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Plan features (public.plan_features, declared once in SQL): what a plan unlocks beyond its limits.
 * Whether the organization has one is in its context (`hasFeature(org, key)`); this reads what a
 * locked page says about it.
 */

export const planFeatureSchema = z.object({
  feature: z.string(),
  name: z.string(),
  description: z.string(),
  included: z.boolean(),
  plan_id: z.string().nullable(),
  plan_name: z.string().nullable(),
});
export type PlanFeature = z.infer<typeof planFeatureSchema>;

/** Every feature, with whether the organization's plan has it and the cheapest plan that does. */
export async function listPlanFeatures(tx: Tx, organizationId: string): Promise<PlanFeature[]> {
  const rows = await tx`select * from public.organization_plan_features(${organizationId})`;
  return z.array(planFeatureSchema).parse(rows);
}

/** One feature, for its locked page; a key that is not declared is a programming error. */
export async function getPlanFeature(tx: Tx, organizationId: string, feature: string): Promise<PlanFeature> {
  const found = (await listPlanFeatures(tx, organizationId)).find((f) => f.feature === feature);
  if (!found) throw new AppError("not_found", `No plan feature is called ${feature}.`);
  return found;
}
