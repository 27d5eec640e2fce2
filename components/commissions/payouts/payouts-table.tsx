import { Money } from "@/components/commissions/money";
import { PayoutActions } from "@/components/commissions/payout-actions";
import { StatusBadge } from "@/components/commissions/status-badge";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { PayoutRow } from "@/lib/commissions/payouts";

export type PayoutPermissions = { approve: boolean; update: boolean; delete: boolean };

/** A period's payouts, one per rep and currency, with what the member may do to each. */
export function PayoutsTable({
  slug,
  month,
  rows,
  permissions,
}: {
  slug: string;
  month: string;
  rows: (PayoutRow & { own: boolean })[];
  permissions: PayoutPermissions;
}) {
  return (
    <Table aria-label={`Payouts for ${month}`}>
      <TableHeader>
        <TableRow>
          <TableHead>Rep</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="text-right">Lines</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Paid</TableHead>
          <TableActionsHead className="w-56" />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((p) => (
          <TableRow key={p.id}>
            <TableCell className="font-medium">{p.team_member_name}</TableCell>
            <TableCell className="text-right">
              <Money minor={p.total_minor} currency={p.currency} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{p.lines}</TableCell>
            <TableCell>
              <StatusBadge status={p.status} />
            </TableCell>
            <TableCell className="text-sm">
              {p.paid_at ? (
                <>
                  <span className="tabular-nums">{p.paid_at.toISOString().slice(0, 10)}</span>
                  <div className="text-xs text-muted-foreground">{p.reference}</div>
                </>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell>
              <PayoutActions
                slug={slug}
                id={p.id}
                label={`${p.team_member_name}'s payout`}
                status={p.status}
                own={p.own}
                can={permissions}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
