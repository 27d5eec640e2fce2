import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { parseFirstRow, parseIds, parseRows } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { computeCommission, splitDeal, type RuleSpec } from "./math";
import { currencyExponent, formatMinor, parseDecimal } from "./money";

/**
 * The rule engine: which rules are in force for a deal, how the deal is shared, and the
 * calculation lines that follow. Runs in the caller's transaction; every query filters by the
 * organization, so it is safe on the service path too.
 */

const decimal = z.union([z.string(), z.number()]);
/** Tiers and splits as rules.ts stores them (jsonb); extra keys are dropped. */
const storedTierSchema = z.object({ fromPercent: decimal, ratePercent: decimal });
const storedSplitSchema = z.object({
  teamMemberId: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  percent: decimal,
});

export const ruleRowSchema = z.object({
  id: z.string(),
  plan_id: z.string(),
  plan_name: z.string(),
  name: z.string(),
  team_member_id: z.string().nullable(),
  member_type: z.string().nullable(),
  kind: z.enum(["percentage", "flat", "tiered"]),
  rate_percent: z.string().nullable(),
  flat_amount_minor: z.string().nullable(),
  quota_minor: z.string().nullable(),
  tiers: z.array(storedTierSchema).nullable(),
  accelerator_multiplier: z.string().nullable(),
  cap_per_period_minor: z.string().nullable(),
  currency: z.string().nullable(),
  splits: z.array(storedSplitSchema).nullable(),
});
export type RuleRow = z.infer<typeof ruleRowSchema>;

export const memberRowSchema = z.object({
  id: z.string(),
  full_name: z.string(),
  member_type: z.string(),
  commission_rate: z.string().nullable(),
  commission_type: z.string(),
});
export type MemberRow = z.infer<typeof memberRowSchema>;

/** The organization's team members with their commission settings (what a deal's rep is read from). */
export async function loadMembers(tx: Tx, organizationId: string): Promise<MemberRow[]> {
  const rows = await tx`
    select id, full_name, member_type, commission_rate::text, commission_type
    from public.team_members where organization_id = ${organizationId}`;
  return parseRows(memberRowSchema, rows);
}

const priorsRowSchema = z.object({ base: z.string(), commission: z.string() });

/** A sum of base and commission (as text, exact) as the priors of a rule. */
export function priorsOf(result: readonly unknown[]): { base: bigint; commission: bigint } {
  const p = parseFirstRow(priorsRowSchema, result) ?? { base: "0", commission: "0" };
  return { base: BigInt(p.base), commission: BigInt(p.commission) };
}

export type DealLine = {
  teamMemberId: string;
  ruleId: string | null;
  baseMinor: bigint;
  amountMinor: bigint;
  explanation: string;
};

/** First day of the month of an instant, in UTC, as YYYY-MM-DD. */
export function periodMonthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

export function dateOnly(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const loadedRuleSchema = ruleRowSchema.extend({
  plan_from: z.string(),
  plan_to: z.string().nullable(),
  rule_from: z.string().nullable(),
  rule_to: z.string().nullable(),
});
export type LoadedRule = z.infer<typeof loadedRuleSchema>;

/** Every rule of the organization's active plans, with the dates that decide when it is in force. */
export async function loadRules(tx: Tx, organizationId: string): Promise<LoadedRule[]> {
  const rows = await tx`
    select r.id, r.plan_id, p.name as plan_name, r.name, r.team_member_id, r.member_type, r.kind,
           r.rate_percent::text, r.flat_amount_minor::text, r.quota_minor::text, r.tiers,
           r.accelerator_multiplier::text, r.cap_per_period_minor::text, r.currency, r.splits,
           p.effective_from::text as plan_from, p.effective_to::text as plan_to,
           r.effective_from::text as rule_from, r.effective_to::text as rule_to
    from public.commission_rules r
    join public.commission_plans p on p.id = r.plan_id and p.organization_id = r.organization_id
    where r.organization_id = ${organizationId} and p.active
    order by p.created_at, p.id, r.position, r.created_at, r.id`;
  return parseRows(loadedRuleSchema, rows);
}

/** The rules in force on `paidDate` (YYYY-MM-DD) for deals in `currency`. */
export function rulesInForce(rules: LoadedRule[], paidDate: string, currency: string): LoadedRule[] {
  return rules.filter(
    (r) =>
      r.plan_from <= paidDate &&
      (r.plan_to == null || r.plan_to >= paidDate) &&
      (r.rule_from == null || r.rule_from <= paidDate) &&
      (r.rule_to == null || r.rule_to >= paidDate) &&
      (r.currency == null || r.currency === currency),
  );
}

/**
 * The rules that apply to a rep: in each plan, the most specific level that has rules (the rep's
 * own, else their member type's, else the plan's rules for everyone), all of that level's rules.
 */
export function applicableRules(rules: RuleRow[], rep: Pick<MemberRow, "id" | "member_type">): RuleRow[] {
  const byPlan = new Map<string, RuleRow[]>();
  for (const r of rules) byPlan.set(r.plan_id, [...(byPlan.get(r.plan_id) ?? []), r]);
  const out: RuleRow[] = [];
  for (const planRules of byPlan.values()) {
    const own = planRules.filter((r) => r.team_member_id === rep.id);
    const typed = planRules.filter((r) => !r.team_member_id && r.member_type === rep.member_type);
    const everyone = planRules.filter((r) => !r.team_member_id && !r.member_type);
    out.push(...(own.length ? own : typed.length ? typed : everyone));
  }
  return out;
}

export function ruleSpec(r: RuleRow): RuleSpec {
  return {
    kind: r.kind,
    ratePercent: r.rate_percent,
    flatAmountMinor: r.flat_amount_minor == null ? null : BigInt(r.flat_amount_minor),
    quotaMinor: r.quota_minor == null ? null : BigInt(r.quota_minor),
    tiers: r.tiers,
    acceleratorMultiplier: r.accelerator_multiplier,
    capPerPeriodMinor: r.cap_per_period_minor == null ? null : BigInt(r.cap_per_period_minor),
  };
}

/** The team member's own default rate (team_members.commission_rate) as a rule, when set. */
export function defaultRuleOf(rep: MemberRow, currency: string): RuleSpec | null {
  if (rep.commission_rate == null) return null;
  if (rep.commission_type === "flat") {
    try {
      return { kind: "flat", flatAmountMinor: parseDecimal(rep.commission_rate, currencyExponent(currency)) };
    } catch {
      return null; // a flat amount finer than the currency's minor unit: no default
    }
  }
  return { kind: "percentage", ratePercent: rep.commission_rate };
}

export type Priors = (
  teamMemberId: string,
  ruleId: string | null,
) => Promise<{ base: bigint; commission: bigint }>;

/**
 * The lines a deal produces: for each applicable rule, the deal is shared by the rule's splits
 * (largest remainder, so shares sum to the deal) and the rule applied to each share with that
 * member's attainment and cap so far in the period.
 */
export async function linesForDeal(args: {
  rules: RuleRow[];
  rep: MemberRow;
  dealMinor: bigint;
  currency: string;
  priors: Priors;
  knownMembers: Set<string>;
}): Promise<DealLine[]> {
  const { rep, dealMinor, currency, priors } = args;
  const rules = applicableRules(args.rules, rep);
  const lines: DealLine[] = [];
  if (!rules.length) {
    const spec = defaultRuleOf(rep, currency);
    if (spec) {
      const r = computeCommission({ rule: spec, baseMinor: dealMinor, currency });
      lines.push({
        teamMemberId: rep.id,
        ruleId: null,
        baseMinor: dealMinor,
        amountMinor: r.amountMinor,
        explanation: `${rep.full_name}'s default rate: ${r.explanation}`,
      });
    }
    return lines;
  }
  for (const rule of rules) {
    const spec = ruleSpec(rule);
    const shares =
      rule.splits && rule.splits.length
        ? (() => {
            const members = rule.splits.map((s) => s.teamMemberId ?? rep.id);
            const amounts = splitDeal(
              dealMinor,
              rule.splits.map((s) => s.percent),
            );
            return members.map((m, i) => ({
              member: m,
              base: amounts[i]!,
              percent: rule.splits![i]!.percent,
            }));
          })()
        : [{ member: rep.id, base: dealMinor, percent: null as string | number | null }];
    for (const share of shares) {
      if (share.member !== rep.id && !args.knownMembers.has(share.member)) continue;
      const prior = await priors(share.member, rule.id);
      const r = computeCommission({
        rule: spec,
        baseMinor: share.base,
        currency,
        priorBaseMinor: prior.base,
        priorCommissionMinor: prior.commission,
      });
      const splitNote =
        share.percent != null
          ? `${share.percent}% split of ${formatMinor(dealMinor, currency)} = ${formatMinor(share.base, currency)}; `
          : "";
      lines.push({
        teamMemberId: share.member,
        ruleId: rule.id,
        baseMinor: share.base,
        amountMinor: r.amountMinor,
        explanation: `${rule.name} (${rule.plan_name}): ${splitNote}${r.explanation}`,
      });
    }
  }
  return lines;
}

const transactionRowSchema = z.object({
  id: z.string(),
  team_member_id: z.string().nullable(),
  amount_minor: z.string(),
  currency: z.string(),
  paid_at: z.date(),
  refunded_amount_minor: z.string(),
});

/**
 * Computes and stores the pending calculation lines of one transaction (idempotent: a rule pays a
 * member once per transaction). Returns the ids of the lines of the transaction.
 */
export async function computeForTransaction(
  tx: Tx,
  organizationId: string,
  transactionId: string,
): Promise<string[]> {
  const t = parseFirstRow(
    transactionRowSchema,
    await tx`
      select id, team_member_id, amount_minor::text, currency, paid_at, refunded_amount_minor::text
      from public.sales_transactions where id = ${transactionId} and organization_id = ${organizationId}`,
  );
  if (!t) throw new AppError("not_found", "That transaction does not exist.");
  if (!t.team_member_id) return [];
  const members = await loadMembers(tx, organizationId);
  const rep = members.find((m) => m.id === t.team_member_id);
  if (!rep) return [];
  const paidAt = new Date(t.paid_at);
  const period = periodMonthOf(paidAt);
  const rules = rulesInForce(await loadRules(tx, organizationId), dateOnly(paidAt), t.currency);
  const priors: Priors = async (memberId, ruleId) => {
    return priorsOf(
      await tx`
      select coalesce(sum(c.base_minor), 0)::text as base, coalesce(sum(c.amount_minor), 0)::text as commission
      from public.commission_calculations c
      join public.sales_transactions s on s.id = c.transaction_id and s.organization_id = c.organization_id
      where c.organization_id = ${organizationId} and c.team_member_id = ${memberId}
        and c.rule_id is not distinct from ${ruleId}::uuid and c.period_month = ${period}::date
        and c.kind = 'commission' and c.status not in ('rejected', 'clawed_back') and c.currency = ${t.currency}
        and (s.paid_at, s.id) < (${paidAt}, ${t.id}::uuid)`,
    );
  };
  const lines = await linesForDeal({
    rules,
    rep,
    dealMinor: BigInt(t.amount_minor),
    currency: t.currency,
    priors,
    knownMembers: new Set(members.map((m) => m.id)),
  });
  for (const line of lines) {
    await tx`
      insert into public.commission_calculations
        (organization_id, transaction_id, team_member_id, rule_id, kind, period_month, base_minor,
         gross_amount_minor, amount_minor, currency, explanation, status)
      values (${organizationId}, ${t.id}, ${line.teamMemberId}, ${line.ruleId}, 'commission', ${period}::date,
              ${line.baseMinor.toString()}::bigint, ${line.amountMinor.toString()}::bigint,
              ${line.amountMinor.toString()}::bigint, ${t.currency}, ${line.explanation.slice(0, 4000)}, 'pending')
      on conflict (transaction_id, team_member_id, rule_id) where kind = 'commission' do nothing`;
  }
  return parseIds(
    await tx`
      select id from public.commission_calculations
      where organization_id = ${organizationId} and transaction_id = ${t.id} and kind = 'commission'
      order by created_at, id`,
  );
}
