import { ExternalLink, Receipt } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Plan } from "@/lib/billing/catalog";
import { formatCount, formatDay, formatMegabytes, formatMoney } from "@/lib/billing/format";
import type { BillingDetails, PaymentRow, PlanStatus } from "@/lib/billing/overview";

const statusLabels: Record<
  string,
  { label: string; variant: "success" | "warning" | "destructive" | "secondary" }
> = {
  active: { label: "Active", variant: "success" },
  trialing: { label: "Trial", variant: "success" },
  past_due: { label: "Payment failed", variant: "warning" },
  unpaid: { label: "Unpaid", variant: "destructive" },
  incomplete: { label: "Awaiting payment", variant: "warning" },
  canceled: { label: "Canceled", variant: "secondary" },
};

export function StatusBadge({ status }: { status: string }) {
  const known = statusLabels[status] ?? { label: status.replaceAll("_", " "), variant: "secondary" as const };
  return <Badge variant={known.variant}>{known.label}</Badge>;
}

/** The plan the organization is on now: its state, its renewal, and the limits it gives. */
export function CurrentPlanCard({
  status,
  plan,
  details,
  actions,
}: {
  status: PlanStatus;
  plan: Plan | undefined;
  details: BillingDetails | null;
  actions?: React.ReactNode;
}) {
  const subscription = details?.subscription;
  const live = subscription && !["canceled", "incomplete_expired"].includes(subscription.status);
  const facts: { term: string; value: React.ReactNode }[] = [];
  if (live && subscription) {
    facts.push({ term: "Billed", value: subscription.billing_cycle === "yearly" ? "Yearly" : "Monthly" });
    if (subscription.status === "trialing" && subscription.trial_end) {
      facts.push({ term: "Trial ends", value: formatDay(subscription.trial_end) });
    } else if (subscription.current_period_end) {
      facts.push({
        term: subscription.cancel_at_period_end ? "Ends on" : "Renews on",
        value: formatDay(subscription.current_period_end),
      });
    }
  } else if (subscription?.ended_at) {
    facts.push({ term: `${subscription.plan_name} ended`, value: formatDay(subscription.ended_at) });
  }
  if (status.status === "past_due" && status.grace_ends_at) {
    facts.push({ term: "Grace period until", value: formatDay(status.grace_ends_at) });
  }

  return (
    <Card data-testid="current-plan">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardDescription>Current plan</CardDescription>
          <CardTitle className="flex flex-wrap items-center gap-2 text-2xl">
            <span data-testid="current-plan-name">{status.plan_name}</span>
            <StatusBadge status={status.status} />
          </CardTitle>
          {status.subscription_plan_id && status.subscription_plan_id !== status.plan_id ? (
            <p className="text-sm text-muted-foreground">
              Your {status.subscription_plan_name} subscription is not paid, so the {status.plan_name}{" "}
              plan&apos;s limits apply.
            </p>
          ) : null}
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {facts.length > 0 ? (
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
            {facts.map((fact) => (
              <div key={fact.term} className="contents">
                <dt className="text-muted-foreground">{fact.term}</dt>
                <dd className="font-medium">{fact.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {plan ? (
          <ul
            aria-label="Limits of the current plan"
            className="grid gap-2 text-sm sm:grid-cols-2 lg:grid-cols-3"
            data-testid="plan-limits"
          >
            <Limit label="Members" value={formatCount(plan.max_users)} />
            <Limit label="Workflows" value={formatCount(plan.max_workflows)} />
            <Limit label="Chatbots" value={formatCount(plan.max_bots)} />
            <Limit label="Workflow runs a month" value={formatCount(plan.max_executions_per_month)} />
            <Limit label="Knowledge base" value={formatMegabytes(plan.max_knowledge_base_mb)} />
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}

function Limit({ label, value }: { label: string; value: string }) {
  return (
    <li className="flex items-baseline justify-between gap-3 rounded-lg border bg-muted/30 px-3 py-2">
      <span className="text-muted-foreground">{label}</span>
      <span className="font-semibold tabular-nums">{value}</span>
    </li>
  );
}

const paymentStatus: Record<
  PaymentRow["status"],
  { label: string; variant: "success" | "destructive" | "secondary" }
> = {
  succeeded: { label: "Paid", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  refunded: { label: "Refunded", variant: "secondary" },
  pending: { label: "Pending", variant: "secondary" },
};

/** The organization's invoices, newest first, with a link to each on Stripe. */
export function PaymentsTable({ payments }: { payments: PaymentRow[] }) {
  if (payments.length === 0) {
    return (
      <EmptyState
        icon={Receipt}
        title="No invoices yet"
        description="Invoices appear here once a paid plan is billed. Trials are not billed until they end."
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Date</TableHead>
          <TableHead>Invoice</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Link</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {payments.map((payment) => {
          const status = paymentStatus[payment.status];
          return (
            <TableRow key={payment.id}>
              <TableCell className="whitespace-nowrap">
                {formatDay(payment.paid_at ?? payment.created_at)}
              </TableCell>
              <TableCell className="text-muted-foreground">
                {payment.invoice_number ?? payment.description ?? "—"}
              </TableCell>
              <TableCell className="text-right font-medium tabular-nums">
                {formatMoney(payment.amount, payment.currency)}
              </TableCell>
              <TableCell>
                <Badge variant={status.variant}>{status.label}</Badge>
              </TableCell>
              <TableCell className="text-right">
                {payment.hosted_invoice_url ? (
                  <a
                    href={payment.hosted_invoice_url}
                    target="_blank"
                    rel="noreferrer"
                    className="inline-flex items-center gap-1 text-sm font-medium text-primary underline-offset-4 hover:underline"
                  >
                    View
                    <ExternalLink className="size-3.5" aria-hidden="true" />
                    <span className="sr-only">
                      invoice {payment.invoice_number ?? ""} (opens in a new tab)
                    </span>
                  </a>
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
