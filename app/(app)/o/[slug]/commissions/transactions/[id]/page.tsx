import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { ArrowLeft } from "lucide-react";
import { ReceiptsPanel } from "@/components/commissions/receipts/receipts-panel";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { CommissionBreakdown } from "@/components/commissions/commission-breakdown";
import { RefundButton } from "@/components/commissions/transaction-forms";
import { listCalculations } from "@/lib/commissions/calculations";
import { formatMinor, minorToMajor } from "@/lib/commissions/money";
import {
  ACCEPTED_RECEIPT_TYPES,
  listReceipts,
  MAX_RECEIPT_BYTES,
  receiptTransaction,
} from "@/lib/commissions/receipt-files";
import { can } from "@/lib/organizations/can";
import { requireOrganizationPage } from "@/lib/organizations/page";

type Params = Promise<{ slug: string; id: string }>;

const SOURCES: Record<string, string> = {
  ghl_invoice: "GHL invoice",
  ghl_order: "GHL order",
  ghl_opportunity: "GHL opportunity",
  manual: "Entered by hand",
  csv: "CSV import",
};

const load = cache(async (slug: string, id: string) => {
  const { org, read } = await requireOrganizationPage(slug, {
    path: `/commissions/transactions/${id}`,
    permission: ["sales", "read"],
  });
  const organizationId = org.organization.id;
  const [transaction, receipts] = await read((tx) =>
    Promise.all([
      receiptTransaction(tx, organizationId, id),
      listReceipts(tx, organizationId, { transactionId: id }),
    ]),
  );
  if (!transaction) notFound();
  const lines = await read((tx) =>
    listCalculations(tx, organizationId, { transactionId: transaction.id, limit: 200 }),
  );
  return { org, transaction, receipts, lines: lines.rows };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, id } = await params;
  const { transaction } = await load(slug, id);
  return { title: `Sale ${transaction.external_id}` };
}

/** One sale: its details and its receipts (upload, reading status, view, correct, delete). */
export default async function TransactionPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const { org, transaction: t, receipts, lines } = await load(slug, id);
  const canRefund = can(org, "sales", "update") && t.status !== "refunded";
  const details: [string, ReactNode][] = [
    ["Amount", formatMinor(BigInt(t.amount_minor), t.currency)],
    ["Paid", t.paid_at.toISOString().slice(0, 10)],
    ["Sold by", t.team_member_name ?? "—"],
    ["Source", SOURCES[t.source] ?? t.source],
    ["Opportunity", t.opportunity_id ?? "—"],
    ["Status", t.status.replace("_", " ")],
  ];
  if (t.refunded_amount_minor !== "0")
    details.push(["Refunded", formatMinor(BigInt(t.refunded_amount_minor), t.currency)]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Sale ${t.external_id}`}
        description={t.description ?? undefined}
        actions={
          <>
            {canRefund ? (
              <RefundButton
                slug={slug}
                id={t.id}
                label={t.external_id}
                currency={t.currency}
                refunded={minorToMajor(t.refunded_amount_minor, t.currency)}
                withText
              />
            ) : null}
            <Button asChild variant="ghost">
              <Link href={`/o/${slug}/commissions/transactions`}>
                <ArrowLeft aria-hidden="true" />
                All transactions
              </Link>
            </Button>
          </>
        }
      />
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 rounded-xl border bg-card p-4 text-sm shadow-xs sm:grid-cols-2 lg:grid-cols-3">
        {details.map(([label, value]) => (
          <div key={label} className="flex flex-col gap-0.5">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="font-medium break-words tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <CommissionBreakdown lines={lines} currency={t.currency} />
      <ReceiptsPanel
        slug={slug}
        transactionId={t.id}
        initial={receipts}
        defaultCurrency={t.currency}
        maxBytes={MAX_RECEIPT_BYTES}
        accept={ACCEPTED_RECEIPT_TYPES}
        canCreate={can(org, "sales", "create")}
        canUpdate={can(org, "sales", "update")}
        canDelete={can(org, "sales", "delete")}
      />
    </div>
  );
}
