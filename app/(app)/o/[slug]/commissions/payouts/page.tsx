import type { Metadata } from "next";
import { Download, Wallet } from "lucide-react";
import { CommissionsNav } from "@/components/commissions/nav";
import { CreatePayoutsButton } from "@/components/commissions/payout-actions";
import { PayoutsTable } from "@/components/commissions/payouts/payouts-table";
import { MonthSelect } from "@/components/commissions/month-select";
import { commissionSections, monthParam, recentMonths } from "@/components/commissions/section-page";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listPayouts } from "@/lib/commissions/payouts";
import { LockedFeature } from "@/components/billing/locked-feature";
import { getPlanFeature } from "@/lib/billing/features";
import { can, hasFeature } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { pageParam } from "@/lib/utils/search-params";
import { teamMemberIdsOfUser } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Payouts" };

const PAGE_SIZE = 50;

export default async function PayoutsPage(props: OrganizationPageProps) {
  const { slug, search, claims, org, read } = await openOrganizationPage(props, {
    path: "/commissions/payouts",
    permission: ["payouts", "read"],
  });
  const organizationId = org.organization.id;
  if (!hasFeature(org, "commission_approvals")) {
    const feature = await read((tx) => getPlanFeature(tx, organizationId, "commission_approvals"));
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Payouts" description="Approved commissions are paid out in batches." />
        <CommissionsNav slug={slug} active="payouts" sections={commissionSections(org)} />
        <LockedFeature feature={feature} slug={slug} canUpgrade={can(org, "billing", "update")} />
      </div>
    );
  }
  const months = recentMonths(24);
  const month = monthParam(search.month) ?? months[0]!;
  const page = pageParam(search.page);
  const { rows, total } = await read(async (tx) => {
    const result = await listPayouts(tx, organizationId, {
      month: `${month}-01`,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const mine = await teamMemberIdsOfUser(tx, organizationId, claims.sub);
    return {
      ...result,
      rows: result.rows.map((r) => ({ ...r, own: mine.includes(r.team_member_id) })),
    };
  });
  const permissions = {
    approve: can(org, "payouts", "approve"),
    update: can(org, "payouts", "update"),
    delete: can(org, "payouts", "delete"),
  };
  const path = `/o/${slug}/commissions/payouts`;
  const options = months.includes(month) ? months : [month, ...months];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Payouts"
        description="Approved commissions go into a draft payout per rep; a manager approves it, and it is marked paid with the payroll reference."
        actions={
          <>
            <Button asChild variant="outline">
              <a href={`${path}/export?month=${month}`} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
            {can(org, "payouts", "create") ? (
              <CreatePayoutsButton slug={slug} months={options} month={month} />
            ) : null}
          </>
        }
      />
      <CommissionsNav slug={slug} active="payouts" sections={commissionSections(org)} />
      <form action={path} className="flex flex-wrap items-end gap-3">
        <MonthSelect id="month" label="Period" months={options} defaultValue={month} className="w-40" />
        <Button type="submit" variant="outline">
          Show
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState
          icon={Wallet}
          title={`No payouts for ${month}`}
          description="Approve commissions, then create the payouts of the period."
        />
      ) : (
        <PayoutsTable slug={slug} month={month} rows={rows} permissions={permissions} />
      )}
      <Pagination
        path={path}
        params={{ month }}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        noun="payouts"
      />
    </div>
  );
}
