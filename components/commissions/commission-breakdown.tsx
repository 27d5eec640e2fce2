import { Money } from "@/components/commissions/money";
import { StatusBadge } from "@/components/commissions/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CalculationRow } from "@/lib/commissions/calculations";

const KINDS: Record<CalculationRow["kind"], string> = {
  commission: "Commission",
  clawback: "Clawback",
  adjustment: "Adjustment",
};

/**
 * One sale's commission lines: who earns what under which rule, on what base, in which status,
 * with the engine's own explanation of the sum. What the member may see of them (RLS: a sales
 * member sees only their own).
 */
export function CommissionBreakdown({ lines, currency }: { lines: CalculationRow[]; currency: string }) {
  const total = lines
    .filter((l) => l.status !== "rejected")
    .reduce((sum, l) => sum + BigInt(l.amount_minor), 0n);
  return (
    <section aria-labelledby="breakdown-heading" className="flex flex-col gap-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="breakdown-heading" className="text-base font-semibold">
          Commission breakdown
        </h2>
        {lines.length ? (
          <p className="text-sm text-muted-foreground">
            Total <Money minor={total} currency={currency} className="font-medium text-foreground" />
          </p>
        ) : null}
      </div>
      {lines.length === 0 ? (
        <p className="rounded-xl border bg-card p-4 text-sm text-muted-foreground shadow-xs">
          No commission on this sale: it has no rep yet, or no rule or default rate pays for it.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border bg-card shadow-xs">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Rep</TableHead>
                <TableHead scope="col">Rule</TableHead>
                <TableHead scope="col">Month</TableHead>
                <TableHead scope="col" className="text-right">
                  Base
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Amount
                </TableHead>
                <TableHead scope="col">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((l) => (
                <TableRow key={l.id} data-calculation={l.id}>
                  <TableCell className="font-medium">{l.team_member_name}</TableCell>
                  <TableCell>
                    <span className="block">{l.rule_name ?? "Default rate"}</span>
                    <span className="block text-xs whitespace-pre-line text-muted-foreground">
                      {KINDS[l.kind]}: {l.explanation}
                    </span>
                  </TableCell>
                  <TableCell className="tabular-nums">{l.period_month.slice(0, 7)}</TableCell>
                  <TableCell className="text-right">
                    <Money minor={l.base_minor} currency={l.currency} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Money minor={l.amount_minor} currency={l.currency} />
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={l.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
