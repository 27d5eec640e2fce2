import type { Metadata } from "next";
import Link from "next/link";
import { CircleCheck, LoaderCircle } from "lucide-react";
import { CheckoutWait } from "@/components/billing/checkout-wait";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { getPlanStateCached } from "@/lib/billing/overview";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Thank you" };

/**
 * Where Stripe Checkout sends a customer who paid. The plan changes when Stripe's webhook arrives,
 * usually within seconds: until then the page says it is waiting and looks again by itself.
 */
export default async function CheckoutSuccessPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { claims, org } = await requireOrganizationPage(slug, { path: "/billing/success" });
  const state = await getPlanStateCached(claims, org.organization.id);
  const confirmed = state?.status.subscription_plan_id != null;
  const back = (
    <Button asChild variant={confirmed ? "default" : "outline"}>
      <Link href={`/o/${slug}/billing`}>Go to billing</Link>
    </Button>
  );

  if (confirmed && state) {
    return (
      <EmptyState
        icon={CircleCheck}
        title={`You're on the ${state.status.subscription_plan_name} plan`}
        description={
          state.status.status === "trialing"
            ? "Your trial has started. Its limits apply now; the card is charged when the trial ends."
            : "Thank you! The new plan's limits apply now. Your receipt is on its way from Stripe."
        }
        action={back}
      />
    );
  }
  return (
    <EmptyState
      icon={LoaderCircle}
      title="Confirming your payment…"
      description="Stripe is letting us know about your payment. This usually takes a few seconds; this page updates by itself."
      action={
        <>
          <CheckoutWait />
          {back}
        </>
      }
    />
  );
}
