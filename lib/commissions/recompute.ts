import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { dateOnly, linesForDeal, loadRules, rulesInForce, type MemberRow } from "./engine";
import { netAfterRefund } from "./math";

/**
 * Recomputes a month: the pending commission lines of transactions paid in it are computed again
 * from the rules in force (updated in place, so their ids stay), deal by deal in paid order, so tier attainment and caps
 * come out as if the deals had arrived in order. Approved, rejected and paid lines stay as they
 * are (they count toward attainment and caps). Refunded deals are netted as recordRefund would.
 * Works in one pass over the month in memory: a few queries whatever the number of deals.
 */
export async function recomputeMonth(
  tx: Tx,
  organizationId: string,
  month: string,
): Promise<{ transactions: number; lines: number; removed: number }> {
  if (!/^\d{4}-\d{2}-01$/.test(month))
    throw new AppError("validation_failed", "Give the month as YYYY-MM-01.");
  const [closed] = await tx`
    select 1 from public.commission_periods
    where organization_id = ${organizationId} and period_month = ${month}::date and closed_at is not null`;
  if (closed)
    throw new AppError("conflict", `The period ${month.slice(0, 7)} is closed; reopen it to recompute.`);

  const members = await tx<MemberRow[]>`
    select id, full_name, member_type, commission_rate::text, commission_type
    from public.team_members where organization_id = ${organizationId}`;
  const byId = new Map(members.map((m) => [m.id, m]));
  const known = new Set(byId.keys());
  const rules = await loadRules(tx, organizationId);

  const transactions = await tx<
    {
      id: string;
      team_member_id: string;
      amount: string;
      refunded: string;
      currency: string;
      paid_at: Date;
    }[]
  >`
    select id, team_member_id, amount_minor::text as amount, refunded_amount_minor::text as refunded, currency, paid_at
    from public.sales_transactions
    where organization_id = ${organizationId} and team_member_id is not null
      and paid_at >= ${month}::date and paid_at < (${month}::date + interval '1 month')
    order by paid_at, id`;

  // Lines that stay (approved, rejected, paid, clawed back), by transaction.
  const kept = await tx<
    {
      transaction_id: string;
      team_member_id: string;
      rule_id: string | null;
      base: string;
      amount: string;
      status: string;
      currency: string;
    }[]
  >`
    select transaction_id, team_member_id, rule_id, base_minor::text as base, amount_minor::text as amount, status, currency
    from public.commission_calculations
    where organization_id = ${organizationId} and period_month = ${month}::date and kind = 'commission'
      and status <> 'pending'`;
  type KeptLine = (typeof kept)[number];
  const keptByTransaction = new Map<string, KeptLine[]>();
  for (const k of kept)
    keptByTransaction.set(k.transaction_id, [...(keptByTransaction.get(k.transaction_id) ?? []), k]);

  // Attainment and commission so far in the month, per member, rule and currency.
  const totals = new Map<string, { base: bigint; commission: bigint }>();
  const key = (member: string, rule: string | null, currency: string) =>
    `${member}|${rule ?? ""}|${currency}`;
  const add = (k: string, base: bigint, commission: bigint) => {
    const t = totals.get(k) ?? { base: 0n, commission: 0n };
    totals.set(k, { base: t.base + base, commission: t.commission + commission });
  };

  const rows: Record<string, string | null>[] = [];
  for (const t of transactions) {
    const rep = byId.get(t.team_member_id);
    if (!rep) continue;
    const keptLines = keptByTransaction.get(t.id) ?? [];
    const keptKeys = new Set(keptLines.map((k) => `${k.team_member_id}|${k.rule_id ?? ""}`));
    const paidAt = new Date(t.paid_at);
    const deal = BigInt(t.amount);
    const refunded = BigInt(t.refunded);
    const lines = await linesForDeal({
      rules: rulesInForce(rules, dateOnly(paidAt), t.currency),
      rep,
      dealMinor: deal,
      currency: t.currency,
      knownMembers: known,
      priors: async (member, rule) =>
        totals.get(key(member, rule, t.currency)) ?? { base: 0n, commission: 0n },
    });
    for (const k of keptLines) {
      if (k.status !== "rejected" && k.status !== "clawed_back")
        add(key(k.team_member_id, k.rule_id, k.currency), BigInt(k.base), BigInt(k.amount));
    }
    for (const line of lines) {
      if (keptKeys.has(`${line.teamMemberId}|${line.ruleId ?? ""}`)) continue;
      add(key(line.teamMemberId, line.ruleId, t.currency), line.baseMinor, line.amountMinor);
      const amount = refunded > 0n ? netAfterRefund(line.amountMinor, deal, refunded) : line.amountMinor;
      rows.push({
        organization_id: organizationId,
        transaction_id: t.id,
        team_member_id: line.teamMemberId,
        rule_id: line.ruleId,
        kind: "commission",
        period_month: month,
        base_minor: line.baseMinor.toString(),
        gross_amount_minor: line.amountMinor.toString(),
        amount_minor: amount.toString(),
        currency: t.currency,
        explanation: (refunded > 0n
          ? `${line.explanation}\nnetted for a refund of ${refunded} of ${deal}`
          : line.explanation
        ).slice(0, 4000),
        status: refunded > 0n && amount === 0n ? "clawed_back" : "pending",
      });
    }
  }
  // Pending lines keep their ids (links to them stay good): updated in place, the ones no rule pays
  // any more removed, new ones added.
  const keys = rows.map((r) => ({
    transaction_id: r.transaction_id,
    team_member_id: r.team_member_id,
    rule_id: r.rule_id,
  }));
  const removed = await tx`
    delete from public.commission_calculations c
    where c.organization_id = ${organizationId} and c.period_month = ${month}::date
      and c.kind = 'commission' and c.status = 'pending'
      and not exists (
        select 1 from jsonb_to_recordset(${tx.json(keys as never)}::jsonb)
          as k(transaction_id uuid, team_member_id uuid, rule_id uuid)
        where k.transaction_id = c.transaction_id and k.team_member_id = c.team_member_id
          and k.rule_id is not distinct from c.rule_id)
    returning c.id`;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await tx`
      insert into public.commission_calculations ${tx(chunk)}
      on conflict (transaction_id, team_member_id, rule_id) where kind = 'commission' do update
      set base_minor = excluded.base_minor, gross_amount_minor = excluded.gross_amount_minor,
          amount_minor = excluded.amount_minor, explanation = excluded.explanation, status = excluded.status
      where commission_calculations.status = 'pending'
        and (commission_calculations.amount_minor, commission_calculations.base_minor, commission_calculations.status)
            is distinct from (excluded.amount_minor, excluded.base_minor, excluded.status)`;
  }
  return { transactions: transactions.length, lines: rows.length, removed: removed.length };
}
