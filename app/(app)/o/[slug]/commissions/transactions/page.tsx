import type { Metadata } from "next";
import Link from "next/link";
import { Receipt } from "lucide-react";
import { Money } from "@/components/commissions/money";
import { CommissionsNav } from "@/components/commissions/nav";
import { commissionSections } from "@/components/commissions/section-page";
import { StatusBadge } from "@/components/commissions/status-badge";
import { ManualSaleButton, RefundButton } from "@/components/commissions/transaction-forms";
import { TransactionsImport } from "@/components/commissions/transactions-import";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { NativeSelect } from "@/components/ui/select";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { myTeamMember } from "@/lib/commissions/calculations";
import { minorToMajor } from "@/lib/commissions/money";
import { listTransactions } from "@/lib/commissions/transactions";
import { readOrganizationSettings } from "@/lib/organizations/settings";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam, listParams } from "@/lib/utils/search-params";
import { teamMemberOptions } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Transactions" };

const PAGE_SIZE = 25;
const SOURCES = {
  ghl_invoice: "GHL invoice",
  ghl_order: "GHL order",
  ghl_opportunity: "GHL opportunity",
  manual: "Entered by hand",
  csv: "CSV import",
} as const;
const STATUSES = ["paid", "partially_refunded", "refunded"] as const;

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
      <form
        action={path}
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_12rem_12rem_auto_auto] lg:items-end"
        role="search"
      >
        <div className="grid gap-2">
          <Label htmlFor="q">Search</Label>
          <Input
            id="q"
            name="q"
            type="search"
            defaultValue={query}
            placeholder="Reference, rep, description, GHL user"
          />
        </div>
        <div className="grid gap-2">
          <Label htmlFor="source">Source</Label>
          <NativeSelect id="source" name="source" defaultValue={filters.source ?? ""}>
            <option value="">All sources</option>
            {Object.entries(SOURCES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="status">Status</Label>
          <NativeSelect id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </NativeSelect>
        </div>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" name="unmapped" value="1" defaultChecked={unmapped} className="size-4" />
          No team member yet
        </label>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
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
        <Table aria-label="Transactions">
          <TableHeader>
            <TableRow>
              <TableHead>Paid</TableHead>
              <TableHead>Reference</TableHead>
              <TableHead>Rep</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead className="text-right">Commission</TableHead>
              <TableHead>Status</TableHead>
              {canUpdate ? <TableActionsHead /> : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((t) => (
              <TableRow key={t.id}>
                <TableCell className="whitespace-nowrap tabular-nums">
                  {t.paid_at.toISOString().slice(0, 10)}
                </TableCell>
                <TableCell>
                  <Link
                    href={`${path}/${t.id}`}
                    className="font-medium underline-offset-4 hover:underline"
                    title="Details and receipts"
                  >
                    {t.external_id}
                  </Link>
                  <div className="text-xs text-muted-foreground">
                    {SOURCES[t.source]}
                    {t.description ? ` · ${t.description}` : ""}
                  </div>
                </TableCell>
                <TableCell>
                  {t.team_member_name ?? (
                    <span className="text-muted-foreground">
                      {t.ghl_user_id ? `Unmapped GHL user ${t.ghl_user_id}` : "—"}
                    </span>
                  )}
                </TableCell>
                <TableCell className="text-right">
                  <Money minor={t.amount_minor} currency={t.currency} />
                  {t.refunded_amount_minor !== "0" ? (
                    <div className="text-xs text-muted-foreground">
                      refunded <Money minor={t.refunded_amount_minor} currency={t.currency} />
                    </div>
                  ) : null}
                </TableCell>
                <TableCell className="text-right">
                  {t.commission_minor ? (
                    <Money minor={t.commission_minor} currency={t.currency} />
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
                <TableCell>
                  <StatusBadge status={t.status} />
                </TableCell>
                {canUpdate ? (
                  <TableCell className="text-right">
                    {t.status !== "refunded" ? (
                      <RefundButton
                        slug={slug}
                        id={t.id}
                        label={t.external_id}
                        currency={t.currency}
                        refunded={minorToMajor(t.refunded_amount_minor, t.currency)}
                      />
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
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
