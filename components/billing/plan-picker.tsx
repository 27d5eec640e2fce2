"use client";

import * as React from "react";
import Link from "next/link";
import { Check } from "lucide-react";
import { StripeRedirectButton } from "@/components/billing/stripe-redirect-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { startCheckoutAction, openBillingPortalAction } from "@/lib/billing/actions";
import { FREE_PLAN_ID, yearlySavingsPercent, type Plan } from "@/lib/billing/catalog";
import type { BillingCycle } from "@/lib/billing/config";
import { formatCount, formatMegabytes, formatMoney } from "@/lib/billing/format";
import { cn } from "@/lib/utils/cn";

/**
 * What each card's button does:
 * - `checkout`: a member with billing:update and no live subscription starts a Stripe Checkout;
 * - `portal`: the organization already pays; plans change (or end) in the Customer Portal;
 * - `link`: the public pricing page, sending visitors to sign up (or to their billing page);
 * - `none`: nothing to click (no permission, or billing is not set up); `note` says why.
 */
export type PlanPickerMode =
  | { kind: "checkout"; slug: string; trialEligible: boolean }
  | { kind: "portal"; slug: string }
  | { kind: "link"; href: string; label: string; freeHref: string; freeLabel: string }
  | { kind: "none"; note?: string };

export function PlanPicker({
  plans,
  currentPlanId,
  mode,
  initialCycle = "monthly",
}: {
  plans: Plan[];
  currentPlanId?: string;
  mode: PlanPickerMode;
  initialCycle?: BillingCycle;
}) {
  const [cycle, setCycle] = React.useState<BillingCycle>(initialCycle);
  const bestSaving = Math.max(0, ...plans.map(yearlySavingsPercent));

  return (
    <div className="flex flex-col gap-6">
      <div
        className={cn(
          "flex flex-col items-center gap-2 sm:flex-row",
          mode.kind === "link" ? "sm:justify-center" : "sm:justify-between",
        )}
      >
        <CycleToggle cycle={cycle} onChange={setCycle} saving={bestSaving} />
        {mode.kind === "none" && mode.note ? (
          <p className="text-center text-sm text-muted-foreground sm:text-right">{mode.note}</p>
        ) : null}
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {plans.map((plan) => (
          <li key={plan.id} className="flex">
            <PlanCard plan={plan} cycle={cycle} current={plan.id === currentPlanId} mode={mode} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether the trial is on offer to whoever is looking: not to an organization that had one. */
function offersTrial(mode: PlanPickerMode): boolean {
  return mode.kind === "checkout" ? mode.trialEligible : mode.kind !== "portal";
}

function CycleToggle({
  cycle,
  onChange,
  saving,
}: {
  cycle: BillingCycle;
  onChange: (cycle: BillingCycle) => void;
  saving: number;
}) {
  const options: { value: BillingCycle; label: string }[] = [
    { value: "monthly", label: "Monthly" },
    { value: "yearly", label: "Yearly" },
  ];
  return (
    <fieldset className="flex items-center gap-3">
      <legend className="sr-only">Billing cycle</legend>
      <div className="inline-flex rounded-lg border bg-muted/60 p-1">
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground transition-colors has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
              cycle === option.value && "bg-background text-foreground shadow-xs",
            )}
          >
            <input
              type="radio"
              name="billing-cycle"
              value={option.value}
              checked={cycle === option.value}
              onChange={() => onChange(option.value)}
              className="sr-only"
            />
            {option.label}
          </label>
        ))}
      </div>
      {saving > 0 ? (
        <Badge variant="success" aria-live="polite">
          Save up to {saving}% yearly
        </Badge>
      ) : null}
    </fieldset>
  );
}

type PlanCardProps = { plan: Plan; cycle: BillingCycle; current: boolean; mode: PlanPickerMode };

function PlanCard({ plan, cycle, current, mode }: PlanCardProps) {
  const free = plan.id === FREE_PLAN_ID;
  const amount = cycle === "monthly" ? plan.monthly_amount : plan.yearly_amount;
  const perMonthOfYear = Math.round(plan.yearly_amount / 12);
  const headingId = `plan-${plan.id}`;
  const limits = [
    `${formatCount(plan.max_users)} ${plan.max_users === 1 ? "member" : "members"}`,
    `${formatCount(plan.max_workflows)} workflows`,
    `${formatCount(plan.max_bots)} ${plan.max_bots === 1 ? "chatbot" : "chatbots"}`,
    `${formatCount(plan.max_executions_per_month)} workflow runs a month`,
    `${formatMegabytes(plan.max_knowledge_base_mb)} knowledge base`,
  ];

  return (
    <article
      aria-labelledby={headingId}
      data-plan={plan.id}
      className={cn(
        "flex w-full flex-col gap-5 rounded-xl border bg-card p-5 text-card-foreground shadow-xs",
        current && "border-primary ring-2 ring-primary/20",
      )}
    >
      <header className="flex flex-col gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <h3 id={headingId} className="text-lg font-semibold tracking-tight">
            {plan.name}
          </h3>
          {current ? <Badge>Current plan</Badge> : null}
        </div>
        <p className="min-h-10 text-sm text-pretty text-muted-foreground">{plan.description}</p>
      </header>

      <div className="flex flex-col gap-1">
        <p className="flex items-baseline gap-1">
          <span className="text-3xl font-semibold tracking-tight tabular-nums">
            {formatMoney(amount, plan.currency)}
          </span>
          <span className="text-sm text-muted-foreground">
            {free ? "forever" : cycle === "monthly" ? "/ month" : "/ year"}
          </span>
        </p>
        <p className="min-h-5 text-xs text-muted-foreground">
          {free
            ? "No card needed."
            : cycle === "yearly"
              ? `${formatMoney(perMonthOfYear, plan.currency)} a month, billed yearly`
              : plan.trial_days > 0 && offersTrial(mode)
                ? `${plan.trial_days}-day free trial`
                : "Billed monthly"}
        </p>
      </div>

      <PlanAction plan={plan} cycle={cycle} current={current} mode={mode} />

      <div className="flex flex-col gap-3 border-t pt-4 text-sm">
        <ul aria-label={`${plan.name} limits`} className="flex flex-col gap-2">
          {limits.map((limit) => (
            <li key={limit} className="flex gap-2">
              <Check className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden="true" />
              <span>{limit}</span>
            </li>
          ))}
        </ul>
        {plan.features.length > 0 ? (
          <ul aria-label={`${plan.name} features`} className="flex flex-col gap-2 text-muted-foreground">
            {plan.features.map((feature) => (
              <li key={feature} className="flex gap-2">
                <Check className="mt-0.5 size-4 shrink-0 text-muted-foreground/70" aria-hidden="true" />
                <span>{feature}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </article>
  );
}

/** Full width, and wrapping rather than overflowing in narrow cards. */
const buttonClasses = "h-auto min-h-9 w-full py-2 whitespace-normal";

function PlanAction({ plan, cycle, current, mode }: PlanCardProps) {
  const free = plan.id === FREE_PLAN_ID;
  if (mode.kind === "link") {
    return (
      <Button asChild variant={free ? "outline" : "default"} className={buttonClasses}>
        <Link href={free ? mode.freeHref : mode.href}>{free ? mode.freeLabel : mode.label}</Link>
      </Button>
    );
  }
  if (current) {
    return (
      <Button variant="outline" className={buttonClasses} disabled>
        Your plan
      </Button>
    );
  }
  if (mode.kind === "none" || (free && mode.kind === "checkout")) return null;
  if (mode.kind === "portal") {
    return (
      <StripeRedirectButton
        action={openBillingPortalAction}
        fields={{ organization: mode.slug }}
        variant="outline"
        className={buttonClasses}
        aria-label={`Switch plan to ${plan.name} in the billing portal`}
      >
        Switch plan
      </StripeRedirectButton>
    );
  }
  const text = mode.trialEligible && plan.trial_days > 0 ? "Start free trial" : "Choose";
  return (
    <StripeRedirectButton
      action={startCheckoutAction}
      fields={{ organization: mode.slug, plan: plan.id, cycle }}
      className={buttonClasses}
      aria-label={`${text} ${text === "Choose" ? "" : "of "}${plan.name}, billed ${cycle}`}
    >
      {text === "Choose" ? `Choose ${plan.name}` : text}
    </StripeRedirectButton>
  );
}
