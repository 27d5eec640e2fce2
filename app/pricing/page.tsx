import type { Metadata } from "next";
import { PlanPicker } from "@/components/billing/plan-picker";
import { SiteFooter } from "@/components/marketing/site-footer";
import { SiteHeader } from "@/components/marketing/site-header";
import { getClaims } from "@/lib/auth/session";
import { listPlans } from "@/lib/billing/plans";
import { defaultOrganizationSlug } from "@/lib/organizations/organizations";
import { readAsUser } from "@/lib/organizations/page";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Orgflow's plans: start free, upgrade when your team grows.",
};

/**
 * The public price list. Visitors are sent to sign up; signed-in members to their organization's
 * billing page, where owners and administrators choose a plan.
 */
export default async function PricingPage() {
  const claims = await getClaims();
  const [plans, slug] = await Promise.all([
    listPlans(),
    claims ? readAsUser(claims)((tx) => defaultOrganizationSlug(tx, claims.sub)) : null,
  ]);
  const cta = {
    kind: "link" as const,
    href: slug ? `/o/${slug}/billing` : claims ? "/dashboard" : "/sign-up",
    label: slug ? "Choose on the billing page" : "Get started",
    freeHref: claims ? "/dashboard" : "/sign-up",
    freeLabel: claims ? "Open Orgflow" : "Start free",
  };

  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader signedIn={Boolean(claims)} />
      <main
        id="main"
        className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-10 px-4 py-12 sm:px-6 sm:py-16"
      >
        <div className="mx-auto flex max-w-2xl flex-col items-center gap-3 text-center">
          <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
            Simple plans that grow with you
          </h1>
          <p className="text-base text-pretty text-muted-foreground sm:text-lg">
            Start free. Upgrade when your team, your automations or your chatbots need more room. Paid plans
            start with a free trial, and moving to a smaller plan never deletes anything.
          </p>
        </div>
        <PlanPicker plans={plans} mode={cta} />
        <p className="text-center text-sm text-muted-foreground">
          Prices in US dollars, excluding taxes. Billed by Stripe; cancel any time from the billing page.
        </p>
      </main>
      <SiteFooter />
    </div>
  );
}
