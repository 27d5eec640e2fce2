import Link from "next/link";
import { Money } from "@/components/commissions/money";
import { StatusBadge } from "@/components/commissions/status-badge";
import { RefundButton } from "@/components/commissions/transaction-forms";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { minorToMajor } from "@/lib/commissions/money";
import type { TransactionRow } from "@/lib/commissions/transactions";
import { SOURCES } from "./transaction-labels";

/** A page of sales: each links to its details and receipts; with sales:update, a refund button. */
export function TransactionsTable({
  slug,
  path,
  rows,
  canUpdate,
}: {
  slug: string;
  path: string;
  rows: TransactionRow[];
  canUpdate: boolean;
}) {
  return (
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
  );
}
