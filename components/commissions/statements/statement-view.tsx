import { Money } from "@/components/commissions/money";
import { StatusBadge } from "@/components/commissions/status-badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Statement } from "@/lib/commissions/calculations";

/** A rep's statement for a range of months: totals per currency, the lines with how, the payouts. */
export function StatementView({ statement }: { statement: Statement }) {
  return (
    <section aria-label={`Statement of ${statement.teamMember.full_name}`} className="flex flex-col gap-6">
      <StatementTotals statement={statement} />
      <StatementLines statement={statement} />
      <StatementPayouts statement={statement} />
    </section>
  );
}

function StatementTotals({ statement }: { statement: Statement }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {(statement.totals.length
        ? statement.totals
        : [{ currency: "USD", pending: "0", approved: "0", paid: "0", clawedBack: "0" }]
      ).flatMap((t) => [
        <Total
          key={`${t.currency}-p`}
          label="Waiting for approval"
          minor={t.pending}
          currency={t.currency}
        />,
        <Total
          key={`${t.currency}-a`}
          label="Approved, to be paid"
          minor={t.approved}
          currency={t.currency}
        />,
        <Total key={`${t.currency}-d`} label="Paid" minor={t.paid} currency={t.currency} />,
        <Total
          key={`${t.currency}-c`}
          label="Reduced by refunds"
          minor={t.clawedBack}
          currency={t.currency}
        />,
      ])}
    </div>
  );
}

function StatementLines({ statement }: { statement: Statement }) {
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">Commission lines</h2>
      {statement.lines.length === 0 ? (
        <p className="text-sm text-muted-foreground">No commissions in this period.</p>
      ) : (
        <Table aria-label="Commission lines">
          <TableHeader>
            <TableRow>
              <TableHead>Month</TableHead>
              <TableHead>Deal</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="min-w-72">How</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {statement.lines.map((l) => (
              <TableRow key={l.id}>
                <TableCell className="tabular-nums">{l.period_month.slice(0, 7)}</TableCell>
                <TableCell>
                  <div>{l.transaction_external_id}</div>
                  <div className="text-xs text-muted-foreground">
                    <Money minor={l.transaction_amount_minor} currency={l.currency} /> · {l.kind}
                  </div>
                </TableCell>
                <TableCell className="text-right">
                  <Money minor={l.amount_minor} currency={l.currency} />
                </TableCell>
                <TableCell>
                  <StatusBadge status={l.status} />
                </TableCell>
                <TableCell className="text-xs whitespace-pre-line text-muted-foreground">
                  {l.explanation}
                  {l.rejection_reason ? `\nRejected: ${l.rejection_reason}` : ""}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function StatementPayouts({ statement }: { statement: Statement }) {
  return (
    <div className="flex flex-col gap-2">
      <h2 className="text-base font-semibold">Payouts</h2>
      {statement.payouts.length === 0 ? (
        <p className="text-sm text-muted-foreground">No payouts in this period.</p>
      ) : (
        <Table aria-label="Payouts">
          <TableHeader>
            <TableRow>
              <TableHead>Period</TableHead>
              <TableHead className="text-right">Total</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Paid</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {statement.payouts.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="tabular-nums">{p.period_month.slice(0, 7)}</TableCell>
                <TableCell className="text-right">
                  <Money minor={p.total_minor} currency={p.currency} />
                </TableCell>
                <TableCell>
                  <StatusBadge status={p.status} />
                </TableCell>
                <TableCell className="text-sm">
                  {p.paid_at ? `${p.paid_at.toISOString().slice(0, 10)} · ${p.reference ?? ""}` : "—"}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

function Total({ label, minor, currency }: { label: string; minor: string; currency: string }) {
  return (
    <Card>
      <CardHeader className="pb-1">
        <CardTitle className="text-sm font-medium text-muted-foreground">{label}</CardTitle>
      </CardHeader>
      <CardContent className="text-xl font-semibold">
        <Money minor={minor} currency={currency} />
      </CardContent>
    </Card>
  );
}
