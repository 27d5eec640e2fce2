import { Badge } from "@/components/ui/badge";
import { sampleStatement, type StatementLine } from "@/lib/marketing/showcase";

const statusBadge: Record<
  StatementLine["status"],
  { label: string; variant: "success" | "default" | "warning" }
> = {
  paid: { label: "Paid", variant: "success" },
  approved: { label: "Approved", variant: "default" },
  pending: { label: "To approve", variant: "warning" },
};

/**
 * A rep's commission statement as the statements page shows it: totals, then each deal with what it
 * paid and how (worked out by the app's own commission math: lib/marketing/showcase.ts).
 */
export function StatementPicture() {
  const statement = sampleStatement();
  return (
    <figure
      data-picture="statement"
      className="overflow-hidden rounded-2xl border bg-card text-left shadow-xl shadow-primary/5"
    >
      <div aria-hidden="true">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b px-4 py-3">
          <span className="font-semibold">Statement of {statement.rep}</span>
          <span className="text-xs text-muted-foreground">
            {statement.period} · tiered plan, 8% → 12% above a USD 20,000.00 quota
          </span>
        </div>
        <div className="grid grid-cols-3 divide-x border-b">
          {[
            ["To approve", statement.totals.pending],
            ["Approved", statement.totals.approved],
            ["Paid", statement.totals.paid],
          ].map(([label, value]) => (
            <div key={label} className="flex flex-col gap-0.5 px-3 py-2.5 sm:px-4">
              <span className="text-[11px] text-muted-foreground">{label}</span>
              <span className="text-[13px] font-semibold tabular-nums sm:text-sm">{value}</span>
            </div>
          ))}
        </div>
        <table className="w-full text-[13px]">
          <thead className="text-left text-[11px] text-muted-foreground">
            <tr className="border-b">
              <th className="px-4 py-2 font-medium">Deal</th>
              <th className="hidden px-2 py-2 text-right font-medium sm:table-cell">Sale</th>
              <th className="px-2 py-2 text-right font-medium">Commission</th>
              <th className="py-2 pr-4 pl-2 text-right font-medium">Status</th>
            </tr>
          </thead>
          <tbody>
            {statement.lines.map((line) => (
              <tr key={line.deal} className="border-b last:border-b-0">
                <td className="px-4 py-2.5 align-top">
                  <span className="block font-medium">{line.deal}</span>
                  <span className="block text-[11px] text-muted-foreground">
                    {line.date}
                    <span className="sm:hidden"> · {line.sale}</span>
                  </span>
                </td>
                <td className="hidden px-2 py-2.5 text-right align-top whitespace-nowrap tabular-nums sm:table-cell">
                  {line.sale}
                </td>
                <td className="px-2 py-2.5 text-right align-top font-medium whitespace-nowrap tabular-nums">
                  {line.commission}
                </td>
                <td className="py-2.5 pr-4 pl-2 text-right align-top">
                  <Badge variant={statusBadge[line.status].variant}>{statusBadge[line.status].label}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="border-t bg-muted/40 px-4 py-2.5 text-[11px] text-muted-foreground">
          <span className="font-medium text-foreground">
            How {statement.lines.at(-1)!.deal} was worked out:
          </span>{" "}
          {statement.lines.at(-1)!.how}
        </p>
      </div>
      <figcaption className="sr-only">
        A commission statement for {statement.rep}: {statement.lines.length} deals, {statement.totals.paid}{" "}
        paid, {statement.totals.approved} approved and {statement.totals.pending} waiting for approval.
      </figcaption>
    </figure>
  );
}
