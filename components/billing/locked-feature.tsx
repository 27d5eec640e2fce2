import Link from "next/link";
import { LockKeyhole } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { PlanFeature } from "@/lib/billing/features";

/**
 * What a page shows instead of a feature the organization's plan does not include: what the
 * feature does, which plan has it, and the way there (the billing page for those who may change
 * the plan, a word to ask the owner for everyone else). Never an error.
 */
export function LockedFeature({
  feature,
  slug,
  canUpgrade,
}: {
  feature: PlanFeature;
  slug: string;
  canUpgrade: boolean;
}) {
  const plan = feature.plan_name ?? "a higher";
  return (
    <section aria-label={`${feature.name} is locked`} data-testid="locked-feature">
      <EmptyState
        icon={LockKeyhole}
        title={`${feature.name} is part of the ${plan} plan`}
        description={
          <>
            {feature.description}
            <br />
            <br />
            {canUpgrade
              ? `Your organization is on a plan without it. Upgrade to ${plan} or above to use it; the paid plans start with a free trial.`
              : `Your organization is on a plan without it. Ask your organization's owner to upgrade to ${plan} or above.`}
          </>
        }
        action={
          canUpgrade ? (
            <Button asChild>
              <Link href={`/o/${slug}/billing`}>Upgrade to {plan}</Link>
            </Button>
          ) : (
            <Button asChild variant="outline">
              <Link href={`/o/${slug}/billing`}>See plans</Link>
            </Button>
          )
        }
      />
    </section>
  );
}
