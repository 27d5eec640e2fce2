import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import { dateOnly, linesForDeal, loadRules, periodMonthOf, rulesInForce, type MemberRow } from "./engine";
import { PERCENT_SCALE } from "./math";
import { formatMinor, parseDecimal, parseMajorAmount, toSafeNumber } from "./money";

/** Commission plans and their rules: CRUD (commissions:create/update/delete) and the preview. */

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), "Use a date such as 2026-01-01.");

export const planInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name the plan.").max(200, "Use at most 200 characters."),
    description: z.string().trim().max(2000).optional().default(""),
    // A checkbox after a hidden "false": the last value sent wins.
    active: z.preprocess(
      (v) => (Array.isArray(v) ? v[v.length - 1] : v),
      z
        .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
        .optional()
        .transform((v) => v === true || v === "on" || v === "true"),
    ),
    effective_from: optionalDate,
    effective_to: optionalDate,
  })
  .refine((v) => !v.effective_to || !v.effective_from || v.effective_to >= v.effective_from, {
    message: "The end date comes after the start date.",
    path: ["effective_to"],
  });
export type PlanInput = z.output<typeof planInputSchema>;

const percentText = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => /^\d{1,3}(\.\d{1,4})?$/.test(v) && Number(v) <= 100,
      `${label}: a percentage from 0 to 100 (up to 4 decimals).`,
    );

export const tierSchema = z.object({
  fromPercent: z
    .string()
    .trim()
    .refine((v) => /^\d{1,4}(\.\d{1,4})?$/.test(v), "A threshold such as 0, 50 or 100."),
  ratePercent: percentText("Tier rate"),
});
export const splitSchema = z.object({
  teamMemberId: z.uuid().nullable(),
  percent: z
    .string()
    .trim()
    .refine(
      (v) => /^\d{1,3}(\.\d{1,4})?$/.test(v) && Number(v) > 0 && Number(v) <= 100,
      "A share from 0 to 100.",
    ),
});

const jsonArray = <T extends z.ZodType>(item: T, label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || !v.trim()) return null;
      if (v.length > 20_000 || jsonTextDepth(v, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        ctx.addIssue({ code: "custom", message: `${label} could not be read.` });
        return z.NEVER;
      }
      try {
        const parsed = z.array(item).min(1).max(20).safeParse(JSON.parse(v));
        if (parsed.success) return parsed.data as z.output<T>[];
        ctx.addIssue({
          code: "custom",
          message: `${label}: ${parsed.error.issues[0]?.message ?? "not valid"}`,
        });
      } catch {
        ctx.addIssue({ code: "custom", message: `${label} could not be read.` });
      }
      return z.NEVER;
    });

const optionalAmount = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null);

export const ruleInputSchema = z
  .object({
    plan_id: z.uuid("Choose a plan."),
    name: z.string().trim().min(1, "Name the rule.").max(200, "Use at most 200 characters."),
    applies_to: z.enum(["everyone", "member_type", "team_member"], {
      error: "Choose who the rule applies to.",
    }),
    member_type: z
      .enum(["sales", "support", "operations"])
      .optional()
      .or(z.literal(""))
      .transform((v) => v || null),
    team_member_id: z
      .union([z.literal(""), z.uuid()])
      .optional()
      .transform((v) => v || null),
    kind: z.enum(["percentage", "flat", "tiered"], { error: "Choose percentage, flat or tiered." }),
    rate_percent: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null),
    flat_amount: optionalAmount,
    quota: optionalAmount,
    tiers: jsonArray(tierSchema, "Tiers"),
    accelerator_multiplier: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || (/^\d{1,2}(\.\d{1,3})?$/.test(v) && Number(v) >= 1 && Number(v) <= 10),
        "A multiplier from 1 to 10.",
      ),
    cap: optionalAmount,
    currency: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.toUpperCase() : null))
      .refine((v) => v === null || /^[A-Z]{3}$/.test(v), "Use a 3-letter currency code."),
    splits: jsonArray(splitSchema, "Splits"),
    effective_from: optionalDate,
    effective_to: optionalDate,
    position: z.coerce.number().int().min(0).max(1000).optional().default(0),
  })
  .transform((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.applies_to === "member_type" && !v.member_type) issue("member_type", "Choose the member type.");
    if (v.applies_to === "team_member" && !v.team_member_id)
      issue("team_member_id", "Choose the team member.");
    if (
      v.kind === "percentage" &&
      (!v.rate_percent || !percentText("Rate").safeParse(v.rate_percent).success)
    )
      issue("rate_percent", "Enter a rate from 0 to 100.");
    const needsCurrency = v.kind !== "percentage" || v.cap != null;
    if (needsCurrency && !v.currency) issue("currency", "Amounts need a currency.");
    const cur = v.currency ?? "USD";
    const money = (path: string, text: string | null, required: boolean, positive = false) => {
      if (text == null) {
        if (required) issue(path, "Enter an amount.");
        return null;
      }
      try {
        const m = parseMajorAmount(text, cur);
        if (m < 0n || (positive && m === 0n)) throw new RangeError();
        return toSafeNumber(m);
      } catch {
        issue(path, "Enter an amount such as 500 or 1,250.50.");
        return null;
      }
    };
    const flat = money("flat_amount", v.flat_amount, v.kind === "flat");
    const quota = money("quota", v.quota, v.kind === "tiered", true);
    const cap = money("cap", v.cap, false);
    if (v.kind === "tiered" && !v.tiers) issue("tiers", "Add at least one tier.");
    if (v.splits) {
      const total = v.splits.reduce((a, s) => a + parseDecimal(s.percent, PERCENT_SCALE), 0n);
      if (total !== 100n * 10n ** BigInt(PERCENT_SCALE))
        issue("splits", "Split shares must add up to exactly 100%.");
    }
    if (v.effective_from && v.effective_to && v.effective_to < v.effective_from)
      issue("effective_to", "The end date comes after the start date.");
    return {
      plan_id: v.plan_id,
      name: v.name,
      team_member_id: v.applies_to === "team_member" ? v.team_member_id : null,
      member_type: v.applies_to === "member_type" ? v.member_type : null,
      kind: v.kind,
      rate_percent: v.kind === "percentage" ? v.rate_percent : null,
      flat_amount_minor: v.kind === "flat" ? flat : null,
      quota_minor: v.kind === "tiered" ? quota : null,
      tiers: v.kind === "tiered" ? v.tiers : null,
      accelerator_multiplier: v.kind === "tiered" ? v.accelerator_multiplier : null,
      cap_per_period_minor: cap,
      currency: v.currency,
      splits: v.splits,
      effective_from: v.effective_from,
      effective_to: v.effective_to,
      position: v.position,
    };
  });
export type RuleInput = z.output<typeof ruleInputSchema>;

export type PlanWithRules = {
  id: string;
  name: string;
  description: string;
  active: boolean;
  effective_from: string;
  effective_to: string | null;
  rules: {
    id: string;
    name: string;
    team_member_id: string | null;
    team_member_name: string | null;
    member_type: string | null;
    kind: "percentage" | "flat" | "tiered";
    rate_percent: string | null;
    flat_amount_minor: string | null;
    quota_minor: string | null;
    tiers: { fromPercent: string; ratePercent: string }[] | null;
    accelerator_multiplier: string | null;
    cap_per_period_minor: string | null;
    currency: string | null;
    splits: { teamMemberId: string | null; percent: string }[] | null;
    effective_from: string | null;
    effective_to: string | null;
    position: number;
  }[];
};

/** Whether the organization has any commission plan yet (the overview asks for one first). */
export async function hasCommissionPlans(tx: Tx, organizationId: string): Promise<boolean> {
  const [row] = await tx<{ has: boolean }[]>`
    select exists (select 1 from public.commission_plans where organization_id = ${organizationId}) as has`;
  return row?.has ?? false;
}

export async function listPlans(tx: Tx, organizationId: string): Promise<PlanWithRules[]> {
  const plans = await tx<Omit<PlanWithRules, "rules">[]>`
    select id, name, description, active, effective_from::text as effective_from, effective_to::text as effective_to
    from public.commission_plans where organization_id = ${organizationId}
    order by active desc, name, id limit 200`;
  const rules = await tx<(PlanWithRules["rules"][number] & { plan_id: string })[]>`
    select r.id, r.plan_id, r.name, r.team_member_id, tm.full_name as team_member_name, r.member_type, r.kind,
           r.rate_percent::text, r.flat_amount_minor::text, r.quota_minor::text, r.tiers,
           r.accelerator_multiplier::text, r.cap_per_period_minor::text, r.currency, r.splits,
           r.effective_from::text as effective_from, r.effective_to::text as effective_to, r.position
    from public.commission_rules r left join public.team_members tm on tm.id = r.team_member_id
    where r.organization_id = ${organizationId}
    order by r.position, r.created_at, r.id`;
  return plans.map((p) => ({ ...p, rules: rules.filter((r) => r.plan_id === p.id) }));
}

export async function createPlan(tx: Tx, organizationId: string, input: PlanInput): Promise<{ id: string }> {
  const [row] = await tx<{ id: string }[]>`
    insert into public.commission_plans (organization_id, name, description, active, effective_from, effective_to)
    values (${organizationId}, ${input.name}, ${input.description}, ${input.active},
            coalesce(${input.effective_from}::date, '2000-01-01'), ${input.effective_to}::date)
    returning id`;
  return row!;
}

export async function updatePlan(
  tx: Tx,
  organizationId: string,
  id: string,
  input: PlanInput,
): Promise<void> {
  const rows = await tx`
    update public.commission_plans set name = ${input.name}, description = ${input.description}, active = ${input.active},
      effective_from = coalesce(${input.effective_from}::date, effective_from), effective_to = ${input.effective_to}::date
    where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!rows.length) throw new AppError("not_found", "That plan could not be found.");
}

export async function deletePlan(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows =
    await tx`delete from public.commission_plans where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!rows.length) throw new AppError("not_found", "That plan could not be found.");
}

async function checkSplitMembers(tx: Tx, organizationId: string, input: RuleInput) {
  const ids = [...(input.splits ?? []).map((s) => s.teamMemberId), input.team_member_id].filter(
    (x): x is string => !!x,
  );
  if (!ids.length) return;
  const found =
    await tx`select id from public.team_members where organization_id = ${organizationId} and id = any(${ids}::uuid[])`;
  if (found.length !== new Set(ids).size)
    throw new AppError("validation_failed", "A team member in the rule is not in this organization.");
}

function ruleColumns(organizationId: string, input: RuleInput) {
  return {
    organization_id: organizationId,
    plan_id: input.plan_id,
    name: input.name,
    team_member_id: input.team_member_id,
    member_type: input.member_type,
    kind: input.kind,
    rate_percent: input.rate_percent,
    flat_amount_minor: input.flat_amount_minor,
    quota_minor: input.quota_minor,
    tiers: input.tiers,
    accelerator_multiplier: input.accelerator_multiplier,
    cap_per_period_minor: input.cap_per_period_minor,
    currency: input.currency,
    splits: input.splits,
    effective_from: input.effective_from,
    effective_to: input.effective_to,
    position: input.position,
  };
}

export async function createRule(tx: Tx, organizationId: string, input: RuleInput): Promise<{ id: string }> {
  await checkSplitMembers(tx, organizationId, input);
  const c = ruleColumns(organizationId, input);
  const [row] = await tx<{ id: string }[]>`
    insert into public.commission_rules ${tx({ ...c, tiers: c.tiers ? tx.json(c.tiers) : null, splits: c.splits ? tx.json(c.splits) : null } as never)}
    returning id`;
  return row!;
}

export async function updateRule(
  tx: Tx,
  organizationId: string,
  id: string,
  input: RuleInput,
): Promise<void> {
  await checkSplitMembers(tx, organizationId, input);
  const { organization_id: _o, ...c } = ruleColumns(organizationId, input);
  const rows = await tx`
    update public.commission_rules
    set ${tx({ ...c, tiers: c.tiers ? tx.json(c.tiers) : null, splits: c.splits ? tx.json(c.splits) : null } as never)}
    where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!rows.length) throw new AppError("not_found", "That rule could not be found.");
}

export async function deleteRule(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows =
    await tx`delete from public.commission_rules where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!rows.length) throw new AppError("not_found", "That rule could not be found.");
}

export type Preview = {
  sentence: string;
  lines: { teamMemberName: string; amountMinor: string; explanation: string }[];
  totalMinor: string;
  currency: string;
};

/**
 * "A USD 12,000.00 deal by Ana on 2026-03-15 pays …": the rules in force that day applied to a
 * deal of that size, after what the rep already earned that month (nothing is stored).
 */
export async function previewDeal(
  tx: Tx,
  organizationId: string,
  args: { teamMemberId: string; amountMinor: bigint; currency: string; date: Date },
): Promise<Preview> {
  const members = await tx<MemberRow[]>`
    select id, full_name, member_type, commission_rate::text, commission_type
    from public.team_members where organization_id = ${organizationId}`;
  const rep = members.find((m) => m.id === args.teamMemberId);
  if (!rep) throw new AppError("not_found", "That team member could not be found.");
  const period = periodMonthOf(args.date);
  const lines = await linesForDeal({
    rules: rulesInForce(await loadRules(tx, organizationId), dateOnly(args.date), args.currency),
    rep,
    dealMinor: args.amountMinor,
    currency: args.currency,
    knownMembers: new Set(members.map((m) => m.id)),
    priors: async (memberId, ruleId) => {
      const [p] = await tx<{ base: string; commission: string }[]>`
        select coalesce(sum(base_minor), 0)::text as base, coalesce(sum(amount_minor), 0)::text as commission
        from public.commission_calculations
        where organization_id = ${organizationId} and team_member_id = ${memberId}
          and rule_id is not distinct from ${ruleId}::uuid and period_month = ${period}::date
          and kind = 'commission' and status not in ('rejected', 'clawed_back') and currency = ${args.currency}`;
      return { base: BigInt(p!.base), commission: BigInt(p!.commission) };
    },
  });
  const name = (id: string) => members.find((m) => m.id === id)?.full_name ?? "someone";
  const total = lines.reduce((a, l) => a + l.amountMinor, 0n);
  const deal = `A ${formatMinor(args.amountMinor, args.currency)} deal by ${rep.full_name} on ${dateOnly(args.date)}`;
  const sentence = lines.length
    ? `${deal} pays ${lines.map((l) => `${name(l.teamMemberId)} ${formatMinor(l.amountMinor, args.currency)}`).join(", ")}` +
      (lines.length > 1 ? ` (${formatMinor(total, args.currency)} in all).` : ".")
    : `${deal} pays no commission: no rule is in force for ${rep.full_name} then, and they have no default rate.`;
  return {
    sentence,
    lines: lines.map((l) => ({
      teamMemberName: name(l.teamMemberId),
      amountMinor: l.amountMinor.toString(),
      explanation: l.explanation,
    })),
    totalMinor: total.toString(),
    currency: args.currency,
  };
}
