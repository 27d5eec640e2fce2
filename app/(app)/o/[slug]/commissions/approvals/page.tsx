import type { Metadata } from "next";
import Link from "next/link";
import { CheckCheck } from "lucide-react";
import { ApprovalQueue } from "@/components/commissions/approval-queue";
import { CommissionsNav } from "@/components/commissions/nav";
import { commissionSections } from "@/components/commissions/section-page";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listCalculations } from "@/lib/commissions/calculations";
import { LockedFeature } from "@/components/billing/locked-feature";
import { getPlanFeature } from "@/lib/billing/features";
import { can, hasFeature } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam, hrefWithParams, pageParam } from "@/lib/utils/search-params";
import { cn } from "@/lib/utils/cn";

export const metadata: Metadata = { title: "Approvals" };

const PAGE_SIZE = 50;
const VIEWS = { pending: "Waiting", approved: "Approved, not paid", rejected: "Rejected" } as const;

export default async function ApprovalsPage(props: OrganizationPageProps) {
  const { slug, search, claims, org, read } = await openOrganizationPage(props, {
    path: "/commissions/approvals",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  if (!hasFeature(org, "commission_approvals")) {
    const feature = await read((tx) => getPlanFeature(tx, organizationId, "commission_approvals"));
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title="Approvals" description="Managers approve commissions before they count." />
        <CommissionsNav slug={slug} active="approvals" sections={commissionSections(org)} />
        <LockedFeature feature={feature} slug={slug} canUpgrade={can(org, "billing", "update")} />
      </div>
    );
  }
  const viewParam = firstParam(search.view);
  const view = viewParam && viewParam in VIEWS ? (viewParam as keyof typeof VIEWS) : "pending";
  const page = pageParam(search.page);
  const { rows, total } = await read((tx) =>
    listCalculations(tx, organizationId, { status: view, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  );
  const canApprove = can(org, "commissions", "approve") && view === "pending";
  const path = `/o/${slug}/commissions/approvals`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Approvals"
        description="Commissions computed from paid deals wait here for a manager. Nobody approves their own."
      />
      <CommissionsNav slug={slug} active="approvals" sections={commissionSections(org)} />
      <nav aria-label="Which commissions" className="flex flex-wrap gap-2">
        {Object.entries(VIEWS).map(([key, label]) => (
          <Link
            key={key}
            href={hrefWithParams(path, { view: key === "pending" ? undefined : key })}
            aria-current={key === view ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
              key === view
                ? "border-primary bg-primary/10 font-medium"
                : "text-muted-foreground hover:text-foreground",
            )}
          >
            {label}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState
          icon={CheckCheck}
          title={
            view === "pending"
              ? "Nothing waiting for approval"
              : `No ${VIEWS[view].toLowerCase()} commissions`
          }
          description={view === "pending" ? "New commissions appear here as paid deals come in." : undefined}
        />
      ) : (
        <ApprovalQueue
          slug={slug}
          canApprove={canApprove}
          rows={rows.map((r) => ({
            id: r.id,
            teamMemberName: r.team_member_name,
            own: r.team_member_user_id === claims.sub,
            reference: r.transaction_external_id,
            paidOn: r.transaction_paid_at.toISOString().slice(0, 10),
            dealMinor: r.transaction_amount_minor,
            amountMinor: r.amount_minor,
            currency: r.currency,
            explanation: r.rejection_reason
              ? `${r.explanation}\nRejected: ${r.rejection_reason}`
              : r.explanation,
            ruleName: r.rule_name,
            kind: r.kind,
          }))}
        />
      )}
      <Pagination
        path={path}
        params={{ view: view === "pending" ? undefined : view }}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        noun="commissions"
      />
    </div>
  );
}
