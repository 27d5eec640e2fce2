import type { Metadata } from "next";
import Link from "next/link";
import { CommissionsChart } from "@/components/commissions/commissions-chart";
import { Money } from "@/components/commissions/money";
import { CommissionsNav } from "@/components/commissions/nav";
import { PeriodActions } from "@/components/commissions/period-actions";
import { commissionSections, recentMonths } from "@/components/commissions/section-page";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { monthlyTotalsByRep } from "@/lib/commissions/calculations";
import { listPeriods } from "@/lib/commissions/payouts";
import { hasCommissionPlans } from "@/lib/commissions/rules";
import { can } from "@/lib/organizations/can";
import { openOrganizationPage, type OrganizationPageProps } from "@/lib/organizations/page";
import { firstParam, hrefWithParams } from "@/lib/utils/search-params";
import { pendingApprovalTotals } from "@/lib/commissions/queries";

export const metadata: Metadata = { title: "Commissions" };

export default async function CommissionsPage(props: OrganizationPageProps) {
  const { slug, search, org, read } = await openOrganizationPage(props, {
    path: "/commissions",
    permission: ["commissions", "read"],
  });
  const organizationId = org.organization.id;
  const months = recentMonths(6).reverse();
  const canPeriods = can(org, "payouts", "read");
  const { totals, periods, pending, hasPlan } = await read(async (tx) => ({
    hasPlan: await hasCommissionPlans(tx, organizationId),
    totals: await monthlyTotalsByRep(
      tx,
      organizationId,
      `${months[0]}-01`,
      `${months[months.length - 1]}-01`,
    ),
    periods: canPeriods ? await listPeriods(tx, organizationId) : [],
    pending: await pendingApprovalTotals(tx, organizationId),
  }));
  const currencies = [...new Set(totals.map((t) => t.currency))].sort();
  const currencyParam = firstParam(search.currency)?.toUpperCase();
  const currency =
    currencyParam && currencies.includes(currencyParam) ? currencyParam : (currencies[0] ?? "USD");
  const closed = new Map(periods.map((p) => [p.period_month.slice(0, 7), p]));
  const base = `/o/${slug}/commissions`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Commissions"
        description={
          can(org, "team_commissions", "read")
            ? "What the team earned by month, what waits for approval, and which months are closed."
            : "What you earned by month and what waits for approval."
        }
      />
      <CommissionsNav slug={slug} active="overview" sections={commissionSections(org)} />
      {hasPlan ? null : (
        <Alert title="Start with a commission plan">
          <p>
            A plan says how your team earns: a percentage or a fixed amount per sale, tiers, who it applies
            to. Once it exists, every payment from GoHighLevel or entered by hand becomes a commission line to
            approve here.
          </p>
          {can(org, "commissions", "create") ? (
            <p className="mt-2">
              <Button asChild size="sm">
                <Link href={`${base}/rules`}>Create a plan</Link>
              </Button>
            </p>
          ) : (
            <p className="mt-1">Ask an owner or administrator to create one.</p>
          )}
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle className="text-sm font-medium text-muted-foreground">Waiting for approval</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-1">
            {pending.length === 0 ? (
              <p className="text-xl font-semibold">Nothing</p>
            ) : (
              pending.map((p) => (
                <p key={p.currency} className="text-xl font-semibold">
                  <Money minor={p.total} currency={p.currency} />{" "}
                  <span className="text-sm font-normal text-muted-foreground">in {p.n} lines</span>
                </p>
              ))
            )}
            <Link
              href={`${base}/approvals`}
              className="text-sm text-primary underline-offset-4 hover:underline"
            >
              Open the approval queue
            </Link>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-sm font-medium text-muted-foreground">Statements</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-1">
            <p className="text-sm">Every line with the math behind it, and every payout.</p>
            <Link
              href={`${base}/statements`}
              className="text-sm text-primary underline-offset-4 hover:underline"
            >
              Open statements
            </Link>
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <CardTitle className="text-base">Earned by rep and month</CardTitle>
            <CardDescription>
              Approved and paid commissions, net of refunds, {months[0]} to {months[months.length - 1]}.
            </CardDescription>
          </div>
          {currencies.length > 1 ? (
            <nav aria-label="Currency" className="flex gap-1">
              {currencies.map((c) => (
                <Link
                  key={c}
                  href={hrefWithParams(base, { currency: c })}
                  aria-current={c === currency ? "page" : undefined}
                >
                  <Badge variant={c === currency ? "default" : "outline"}>{c}</Badge>
                </Link>
              ))}
            </nav>
          ) : null}
        </CardHeader>
        <CardContent>
          {totals.length === 0 ? (
            <p className="py-8 text-center text-sm text-muted-foreground">
              No commissions in the last six months yet.
            </p>
          ) : (
            <CommissionsChart totals={totals} months={months} currency={currency} />
          )}
        </CardContent>
      </Card>
      {canPeriods ? (
        <section aria-labelledby="periods-title" className="flex flex-col gap-3">
          <div>
            <h2 id="periods-title" className="text-base font-semibold">
              Periods
            </h2>
            <p className="text-sm text-muted-foreground">
              Closing a month locks its approved commissions; later changes become adjustments in the next
              payout.
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
                        canClose={can(org, "payouts", "update")}
                        canRecompute={can(org, "commissions", "update")}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </section>
      ) : null}
    </div>
  );
}
