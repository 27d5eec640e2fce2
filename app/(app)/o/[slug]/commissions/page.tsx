import type { Metadata } from "next";
import { CommissionsNav } from "@/components/commissions/nav";
import { EarnedCard } from "@/components/commissions/overview/earned-card";
import { OverviewCards } from "@/components/commissions/overview/overview-cards";
import { PeriodsTable } from "@/components/commissions/overview/periods-table";
import { StartPlanAlert } from "@/components/commissions/overview/start-plan-alert";
import { commissionSections, recentMonths } from "@/components/commissions/section-page";
import { PageHeader } from "@/components/ui/page-header";
import { monthlyTotalsByRep } from "@/lib/commissions/calculations";
import { listPeriods } from "@/lib/commissions/payouts";
import { hasCommissionPlans } from "@/lib/commissions/rules";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";
import { pendingApprovalTotals } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Commissions" };

export default async function CommissionsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/commissions",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  const months = recentMonths(6).reverse();
  const canPeriods = can(org, "payouts", "read");
  const { totals, periods, pending, hasPlan } = await read(async (tx) => ({
    hasPlan: await hasCommissionPlans(tx, organizationId),
    totals: await monthlyTotalsByRep(
      tx,
      organizationId,
      `${months[0]}-01`,
      `${months[months.length - 1]}-01`,
    ),
    periods: canPeriods ? await listPeriods(tx, organizationId) : [],
    pending: await pendingApprovalTotals(tx, organizationId),
  }));
  const currencies = [...new Set(totals.map((t) => t.currency))].sort();
  const currencyParam = firstParam(search.currency)?.toUpperCase();
  const currency =
    currencyParam && currencies.includes(currencyParam) ? currencyParam : (currencies[0] ?? "USD");
  const base = `/o/${slug}/commissions`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Commissions"
        description={
          can(org, "team_commissions", "read")
            ? "What the team earned by month, what waits for approval, and which months are closed."
            : "What you earned by month and what waits for approval."
        }
      />
      <CommissionsNav slug={slug} active="overview" sections={commissionSections(org)} />
      {hasPlan ? null : <StartPlanAlert base={base} canCreate={can(org, "commissions", "create")} />}
      <OverviewCards base={base} pending={pending} />
      <EarnedCard base={base} months={months} totals={totals} currencies={currencies} currency={currency} />
      {canPeriods ? (
        <PeriodsTable
          slug={slug}
          months={months}
          periods={periods}
          canClose={can(org, "payouts", "update")}
          canRecompute={can(org, "commissions", "update")}
        />
      ) : null}
    </div>
  );
}
