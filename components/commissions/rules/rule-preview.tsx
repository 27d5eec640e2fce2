"use client";

import * as React from "react";
import { Input } from "@/components/ui/input";
import { computeCommission, splitDeal, type RuleSpec } from "@/lib/commissions/math";
import { formatMinor, parseMajorAmount } from "@/lib/commissions/money";
import type { MemberOption } from "../member-options";
import type { RuleValues } from "../rule-values";

/** The live preview of the rule being edited, computed in the browser with the same math. */
export function livePreview(
  v: RuleValues,
  dealText: string,
  priorText: string,
  members: MemberOption[],
): string {
  try {
    const currency = /^[A-Za-z]{3}$/.test(v.currency) ? v.currency.toUpperCase() : "USD";
    const deal = parseMajorAmount(dealText || "0", currency);
    if (deal <= 0n) return "Enter a deal amount to see what it pays.";
    const prior = priorText ? parseMajorAmount(priorText, currency) : 0n;
    const spec: RuleSpec = {
      kind: v.kind,
      ratePercent: v.rate_percent || "0",
      flatAmountMinor: v.flat_amount ? parseMajorAmount(v.flat_amount, currency) : 0n,
      quotaMinor: v.quota ? parseMajorAmount(v.quota, currency) : null,
      tiers: v.tiers,
      acceleratorMultiplier: v.accelerator_multiplier || null,
      capPerPeriodMinor: v.cap ? parseMajorAmount(v.cap, currency) : null,
    };
    if (v.kind === "tiered" && !spec.quotaMinor) return "Enter the quota for the period.";
    const shares = v.splits.length
      ? splitDeal(
          deal,
          v.splits.map((s) => s.percent || "0"),
        ).map((base, i) => ({
          who: v.splits[i]!.teamMemberId
            ? (members.find((m) => m.id === v.splits[i]!.teamMemberId)?.name ?? "someone")
            : "the deal's rep",
          base,
        }))
      : [{ who: "the rep", base: deal }];
    return (
      `A ${formatMinor(deal, currency)} deal pays ` +
      shares
        .map((s) => {
          const r = computeCommission({ rule: spec, baseMinor: s.base, currency, priorBaseMinor: prior });
          return `${s.who} ${formatMinor(r.amountMinor, currency)} (${r.explanation})`;
        })
        .join("; ")
    );
  } catch (e) {
    return `Cannot preview yet: ${(e as Error).message}.`;
  }
}

/** A deal to try the rule on (and what was sold before it in the month), and what it pays. */
export function RulePreview({ values, members }: { values: RuleValues; members: MemberOption[] }) {
  const [deal, setDeal] = React.useState("12000");
  const [prior, setPrior] = React.useState("");
  return (
    <section aria-label="Live preview" className="flex flex-col gap-2 rounded-lg bg-muted/50 p-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="grid gap-1 text-xs">
          Try a deal of
          <Input inputMode="decimal" value={deal} onChange={(e) => setDeal(e.target.value)} />
        </label>
        {values.kind === "tiered" || values.cap ? (
          <label className="grid gap-1 text-xs">
            Already sold (or earned, for the cap) this month
            <Input inputMode="decimal" value={prior} onChange={(e) => setPrior(e.target.value)} />
          </label>
        ) : null}
      </div>
      <p className="text-sm" aria-live="polite">
        {livePreview(values, deal, prior, members)}
      </p>
    </section>
  );
}
