import { PeriodActions } from "@/components/commissions/period-actions";
import { Badge } from "@/components/ui/badge";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { PeriodRow } from "@/lib/commissions/payouts";

/** The recent months, open or closed (by whom, when), with closing and recomputing. */
export function PeriodsTable({
  slug,
  months,
  periods,
  canClose,
  canRecompute,
}: {
  slug: string;
  months: string[];
  periods: PeriodRow[];
  canClose: boolean;
  canRecompute: boolean;
}) {
  const closed = new Map(periods.map((p) => [p.period_month.slice(0, 7), p]));
  return (
    <section aria-labelledby="periods-title" className="flex flex-col gap-3">
      <div>
        <h2 id="periods-title" className="text-base font-semibold">
          Periods
        </h2>
        <p className="text-sm text-muted-foreground">
          Closing a month locks its approved commissions; later changes become adjustments in the next payout.
        </p>
      </div>
      <Table aria-label="Periods">
        <TableHeader>
          <TableRow>
            <TableHead>Month</TableHead>
            <TableHead>Status</TableHead>
            <TableActionsHead className="w-64" />
          </TableRow>
        </TableHeader>
        <TableBody>
          {[...months].reverse().map((m) => {
            const p = closed.get(m);
            const isClosed = Boolean(p?.closed_at);
            return (
              <TableRow key={m}>
                <TableCell className="font-medium tabular-nums">{m}</TableCell>
                <TableCell>
                  {isClosed ? (
                    <span className="text-sm">
                      <Badge variant="secondary">closed</Badge>{" "}
                      <span className="text-muted-foreground">
                        {p!.closed_at!.toISOString().slice(0, 10)}
                        {p!.closed_by_name ? ` by ${p!.closed_by_name}` : ""}
                      </span>
                    </span>
                  ) : (
                    <Badge variant="outline">open</Badge>
                  )}
                </TableCell>
                <TableCell>
                  <PeriodActions
                    slug={slug}
                    month={m}
                    closed={isClosed}
                    canClose={canClose}
                    canRecompute={canRecompute}
                  />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </section>
  );
}
