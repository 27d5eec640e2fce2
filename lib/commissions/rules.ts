import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { idRowSchema, parseFirstRow, parseRows } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import {
  dateOnly,
  linesForDeal,
  loadMembers,
  loadRules,
  periodMonthOf,
  priorsOf,
  rulesInForce,
} from "./engine";
import { formatMinor } from "./money";
import {
  planRowSchema,
  planRuleSchema,
  type PlanInput,
  type PlanWithRules,
  type RuleInput,
} from "./rule-schemas";

export type { PlanInput, PlanWithRules, RuleInput };

/** Commission plans and their rules: CRUD (commissions:create/update/delete) and the preview. */

/** Whether the organization has any commission plan yet (the overview asks for one first). */
export async function hasCommissionPlans(tx: Tx, organizationId: string): Promise<boolean> {
  const rows = await tx`
    select exists (select 1 from public.commission_plans where organization_id = ${organizationId}) as has`;
  return parseFirstRow(z.object({ has: z.boolean() }), rows)?.has ?? false;
}

export async function listPlans(tx: Tx, organizationId: string): Promise<PlanWithRules[]> {
  const plans = await tx`
    select id, name, description, active, effective_from::text as effective_from, effective_to::text as effective_to
    from public.commission_plans where organization_id = ${organizationId}
    order by active desc, name, id limit 200`;
  const rules = await tx`
    select r.id, r.plan_id, r.name, r.team_member_id, tm.full_name as team_member_name, r.member_type, r.kind,
           r.rate_percent::text, r.flat_amount_minor::text, r.quota_minor::text, r.tiers,
           r.accelerator_multiplier::text, r.cap_per_period_minor::text, r.currency, r.splits,
           r.effective_from::text as effective_from, r.effective_to::text as effective_to, r.position
    from public.commission_rules r left join public.team_members tm on tm.id = r.team_member_id
    where r.organization_id = ${organizationId}
    order by r.position, r.created_at, r.id`;
  const ruleRows = parseRows(planRuleSchema, rules);
  return parseRows(planRowSchema, plans).map((p) => ({
    ...p,
    rules: ruleRows.filter((r) => r.plan_id === p.id),
  }));
}

export async function createPlan(tx: Tx, organizationId: string, input: PlanInput): Promise<{ id: string }> {
  const rows = await tx`
    insert into public.commission_plans (organization_id, name, description, active, effective_from, effective_to)
    values (${organizationId}, ${input.name}, ${input.description}, ${input.active},
            coalesce(${input.effective_from}::date, '2000-01-01'), ${input.effective_to}::date)
    returning id`;
  return idRowSchema.parse(rows[0]);
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
  const rows = await tx`
    insert into public.commission_rules ${tx({ ...c, tiers: c.tiers ? tx.json(c.tiers) : null, splits: c.splits ? tx.json(c.splits) : null } as never)}
    returning id`;
  return idRowSchema.parse(rows[0]);
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
  const members = await loadMembers(tx, organizationId);
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
      return priorsOf(
        await tx`
        select coalesce(sum(base_minor), 0)::text as base, coalesce(sum(amount_minor), 0)::text as commission
        from public.commission_calculations
        where organization_id = ${organizationId} and team_member_id = ${memberId}
          and rule_id is not distinct from ${ruleId}::uuid and period_month = ${period}::date
          and kind = 'commission' and status not in ('rejected', 'clawed_back') and currency = ${args.currency}`,
      );
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
