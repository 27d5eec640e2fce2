import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";

/**
 * The dashboard's getting-started checklist. Each step is done when the thing really exists (an
 * invitation sent, a connected GoHighLevel account, a published workflow, a bot with knowledge it
 * can answer from, a commission plan with a rule), never when a button was merely clicked.
 */
export const onboardingStepIds = ["invite", "ghl", "workflow", "bot", "commissions"] as const;
export type OnboardingStepId = (typeof onboardingStepIds)[number];

const onboardingRowSchema = z.object({
  invite: z.boolean(),
  ghl: z.boolean(),
  workflow: z.boolean(),
  bot: z.boolean(),
  commissions: z.boolean(),
  plan_without_rules: z.boolean(),
  dismissed: z.boolean(),
});

export type OnboardingProgress = {
  done: Record<OnboardingStepId, boolean>;
  dismissed: boolean;
  completed: number;
  /** A commission plan exists but says nothing yet (no rule): the step's next action is a rule. */
  planWithoutRules: boolean;
};

export async function readOnboardingProgress(
  tx: Tx,
  organizationId: string,
  userId: string,
): Promise<OnboardingProgress> {
  const [row] = await tx`
    select
      exists (select 1 from invitations where organization_id = ${organizationId})
        or (select count(*) from organization_members where organization_id = ${organizationId}) > 1 as invite,
      exists (select 1 from integrations where organization_id = ${organizationId}
              and type = 'gohighlevel' and status = 'active') as ghl,
      exists (select 1 from workflows where organization_id = ${organizationId}
              and published_at is not null and deleted_at is null) as workflow,
      exists (select 1 from documents where organization_id = ${organizationId} and status = 'ready') as bot,
      exists (select 1 from commission_plans p where p.organization_id = ${organizationId}
              and exists (select 1 from commission_rules r where r.plan_id = p.id)) as commissions,
      exists (select 1 from commission_plans p where p.organization_id = ${organizationId}
              and not exists (select 1 from commission_rules r where r.plan_id = p.id)) as plan_without_rules,
      exists (select 1 from user_settings where user_id = ${userId} and organization_id = ${organizationId}
              and onboarding_dismissed_at is not null) as dismissed`;
  const { dismissed, plan_without_rules, ...done } = onboardingRowSchema.parse(row);
  return {
    done,
    dismissed,
    completed: Object.values(done).filter(Boolean).length,
    planWithoutRules: plan_without_rules && !done.commissions,
  };
}

/** Puts the checklist away for this member in this organization (their own settings row). */
export async function dismissOnboarding(tx: Tx, organizationId: string, userId: string): Promise<void> {
  await tx`
    insert into user_settings (user_id, organization_id, onboarding_dismissed_at)
    values (${userId}, ${organizationId}, now())
    on conflict (user_id, organization_id) do update set onboarding_dismissed_at = excluded.onboarding_dismissed_at`;
}
