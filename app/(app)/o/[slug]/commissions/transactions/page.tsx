import type { Metadata } from "next";
import { Receipt } from "lucide-react";
import { CommissionsNav } from "@/components/commissions/nav";
import { commissionSections } from "@/components/commissions/section-page";
import { ManualSaleButton } from "@/components/commissions/transaction-forms";
import { TransactionFilters } from "@/components/commissions/transactions/transaction-filters";
import { SOURCES, STATUSES } from "@/components/commissions/transactions/transaction-labels";
import { TransactionsTable } from "@/components/commissions/transactions/transactions-table";
import { TransactionsImport } from "@/components/commissions/transactions-import";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { myTeamMember } from "@/lib/commissions/calculations";
import { listTransactions } from "@/lib/commissions/transactions";
import { readOrganizationSettings } from "@/lib/organizations/settings";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam, listParams } from "@/lib/utils/search-params";
import { teamMemberOptions } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Transactions" };

const PAGE_SIZE = 25;
export default async function TransactionsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/commissions/transactions",
    permission: ["sales", "read"],
  });
  const organizationId = org.organization.id;
  const { query, page, limit, offset } = listParams(search, PAGE_SIZE);
  const source = firstParam(search.source);
  const status = firstParam(search.status);
  const unmapped = firstParam(search.unmapped) === "1";
  const filters = {
    query,
    source: source && source in SOURCES ? source : null,
    status: status && (STATUSES as readonly string[]).includes(status) ? status : null,
    unmapped,
  };
  const [{ rows, total }, members, me] = await read((tx) =>
    Promise.all([
      listTransactions(tx, organizationId, { ...filters, limit, offset }),
      teamMemberOptions(tx, organizationId, { activeOnly: true }),
      myTeamMember(tx, organizationId),
    ]),
  );
  const canCreate = can(org, "sales", "create");
  const canUpdate = can(org, "sales", "update");
  const path = `/o/${slug}/commissions/transactions`;
  const filtered = Boolean(query || filters.source || filters.status || unmapped);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Sales and commissions"
        description="Paid deals from GoHighLevel, CSV imports and manual entry. Each one's commission follows the rules in force on its paid date."
        actions={
          canCreate ? (
            <ManualSaleButton
              slug={slug}
              members={members}
              defaultMemberId={me?.id}
              defaultCurrency={readOrganizationSettings(org.organization.settings).currency ?? undefined}
            />
          ) : null
        }
      />
      <CommissionsNav slug={slug} active="transactions" sections={commissionSections(org)} />
      <TransactionFilters path={path} query={query} filters={filters} unmapped={unmapped} />
      {rows.length === 0 ? (
        <EmptyState
          icon={Receipt}
          title={filtered ? "No transactions match" : "No transactions yet"}
          description={
            filtered
              ? "Try other filters."
              : "Connect GoHighLevel to receive paid invoices and orders, import a CSV, or add a sale by hand."
          }
        />
      ) : (
        <TransactionsTable slug={slug} path={path} rows={rows} canUpdate={canUpdate} />
      )}
      <Pagination
        path={path}
        params={{
          q: query,
          source: filters.source ?? undefined,
          status: filters.status ?? undefined,
          unmapped: unmapped ? "1" : undefined,
        }}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        noun="transactions"
      />
      {canCreate ? <TransactionsImport slug={slug} /> : null}
    </div>
  );
}
