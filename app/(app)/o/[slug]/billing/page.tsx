import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowRight, CreditCard } from "lucide-react";
import { CurrentPlanCard, PaymentsTable } from "@/components/billing/billing-details";
import { PlanPicker, type PlanPickerMode } from "@/components/billing/plan-picker";
import { StripeRedirectButton } from "@/components/billing/stripe-redirect-button";
import { UsageMeters } from "@/components/billing/usage";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { openBillingPortalAction } from "@/lib/billing/actions";
import { billingConfig } from "@/lib/billing/config";
import { getBillingDetails, getPlanStateCached } from "@/lib/billing/overview";
import { listPlans } from "@/lib/billing/plans";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Billing" };

/**
 * The organization's plan, usage and invoices, for every member; choosing a plan (Stripe Checkout)
 * and managing the subscription (the Customer Portal) for owners and administrators.
 */
export default async function BillingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { claims, org, read } = await requireOrganizationPage(slug, { path: "/billing" });
  const organizationId = org.organization.id;
  const config = billingConfig();
  const canRead = can(org, "billing", "read");
  const canManage = can(org, "billing", "update");
  const [plans, state, details] = await Promise.all([
    listPlans(),
    getPlanStateCached(claims, organizationId),
    canRead ? read((tx) => getBillingDetails(tx, organizationId)) : null,
  ]);
  if (!state) notFound();

  const paying = state.status.subscription_plan_id !== null;
  const mode: PlanPickerMode = !config.enabled
    ? { kind: "none", note: "Plans can't be bought on this server yet." }
    : !canManage
      ? { kind: "none", note: "Only owners and administrators can change the plan." }
      : paying
        ? { kind: "portal", slug }
        : { kind: "checkout", slug, trialEligible: !details?.subscription };
  const portal =
    config.enabled && canManage && details?.hasCustomer ? (
      <StripeRedirectButton
        action={openBillingPortalAction}
        fields={{ organization: slug }}
        variant="outline"
      >
        <CreditCard aria-hidden="true" />
        Manage billing
      </StripeRedirectButton>
    ) : null;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Billing"
        description="Your plan, what it includes, what you've used, and your invoices."
        actions={portal}
      />

      {!config.enabled ? (
        // Customers read what it means for them; the server's set-up details are for the owner
        // (who may run the install) and the operator's log, not for every member.
        org.role === "owner" ? (
          <Alert variant="info" title="Billing isn't set up on this server">
            {config.problem ??
              "There are no Stripe keys here (STRIPE_SECRET_KEY), so plans can't be bought. They are shown below for reference, and the Free plan's limits apply."}
          </Alert>
        ) : (
          <Alert variant="info" title="Billing isn't available yet">
            Plans can&apos;t be bought here yet, so the Free plan&apos;s limits apply. They are shown below
            for reference.
          </Alert>
        )
      ) : null}

      <CurrentPlanCard
        status={state.status}
        plan={plans.find((p) => p.id === state.status.plan_id)}
        details={details}
      />

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
          <div className="flex flex-col gap-1.5">
            <CardTitle className="text-base">Usage</CardTitle>
            <CardDescription>What this organization uses of its plan right now.</CardDescription>
          </div>
          <Button asChild variant="ghost" size="sm">
            <Link href={`/o/${slug}/billing/usage`}>
              Usage by day
              <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        </CardHeader>
        <CardContent>
          <UsageMeters usage={state.usage} />
        </CardContent>
      </Card>

      <section aria-labelledby="plans-heading" className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 id="plans-heading" className="text-lg font-semibold tracking-tight">
            Plans
          </h2>
          <p className="text-sm text-muted-foreground">
            {paying && canManage && config.enabled
              ? "To switch plans or cancel, use the billing portal. Nothing is deleted when you move to a smaller plan."
              : "Prices exclude taxes. Moving to a smaller plan never deletes anything."}
          </p>
        </div>
        <PlanPicker plans={plans} currentPlanId={state.status.plan_id} mode={mode} />
      </section>

      {details ? (
        <section aria-labelledby="invoices-heading" className="flex flex-col gap-4">
          <h2 id="invoices-heading" className="text-lg font-semibold tracking-tight">
            Invoices
          </h2>
          <PaymentsTable payments={details.payments} />
        </section>
      ) : null}
    </div>
  );
}
