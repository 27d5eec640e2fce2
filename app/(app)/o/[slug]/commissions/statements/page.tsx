import type { Metadata } from "next";
import { FileText } from "lucide-react";
import { Money } from "@/components/commissions/money";
import { CommissionsNav } from "@/components/commissions/nav";
import { MonthSelect } from "@/components/commissions/month-select";
import { commissionSections, monthParam, recentMonths } from "@/components/commissions/section-page";
import { StatusBadge } from "@/components/commissions/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { myTeamMember, statementFor } from "@/lib/commissions/calculations";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam } from "@/lib/utils/search-params";
import { teamMembersByName } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Statements" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function StatementsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/commissions/statements",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  const everyone = can(org, "team_commissions", "read");
  const months = recentMonths(24);
  const to = monthParam(search.to) ?? months[0]!;
  const fromParam = monthParam(search.from);
  const from = fromParam && fromParam <= to ? fromParam : months[5]!;
  const repParam = firstParam(search.rep);

  const { reps, me, statement } = await read(async (tx) => {
    const me = await myTeamMember(tx, organizationId);
    const reps = everyone ? await teamMembersByName(tx, organizationId) : me ? [me] : [];
    const chosen = repParam && UUID.test(repParam) ? repParam : (me?.id ?? reps[0]?.id);
    const statement = chosen
      ? await statementFor(tx, organizationId, chosen, `${from}-01`, `${to}-01`)
      : null;
    return { reps, me, statement };
  });
  const path = `/o/${slug}/commissions/statements`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Statements"
        description={
          everyone
            ? "What each rep earned, how, and what was paid."
            : "What you earned, how it was worked out, and what was paid."
        }
      />
      <CommissionsNav slug={slug} active="statements" sections={commissionSections(org)} />
      {reps.length === 0 ? (
        <EmptyState
          icon={FileText}
          title="No statement to show"
          description={
            everyone
              ? "Add team members to see their statements."
              : "Your login is not linked to a team member yet. Ask an administrator to link you on the Team page."
          }
        />
      ) : (
        <>
          <form action={path} className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-end">
            <div className="grid gap-2">
              <Label htmlFor="rep">Rep</Label>
              <NativeSelect
                id="rep"
                name="rep"
                defaultValue={statement?.teamMember.id ?? me?.id ?? ""}
                disabled={!everyone}
              >
                {reps.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.full_name}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <MonthSelect id="from" label="From" months={months} defaultValue={from} />
            <MonthSelect id="to" label="To" months={months} defaultValue={to} />
            <Button type="submit" variant="outline">
              Show
            </Button>
          </form>
          {!statement ? (
            <EmptyState
              icon={FileText}
              title="Statement not found"
              description="You can only see your own statement."
            />
          ) : (
            <section
              aria-label={`Statement of ${statement.teamMember.full_name}`}
              className="flex flex-col gap-6"
            >
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
                            {p.paid_at
                              ? `${p.paid_at.toISOString().slice(0, 10)} · ${p.reference ?? ""}`
                              : "—"}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                )}
              </div>
            </section>
          )}
        </>
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
