import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Commission lines: the approval queue, approving and rejecting (commissions:approve; nobody
 * approves their own, which the database enforces), per-rep statements and monthly totals. All in
 * the caller's user transaction: RLS shows a member without team_commissions:read only their own.
 */

export const calculationStatuses = ["pending", "approved", "rejected", "paid", "clawed_back"] as const;
export type CalculationStatus = (typeof calculationStatuses)[number];

export const calculationRowSchema = z.object({
  id: z.uuid(),
  transaction_id: z.uuid(),
  team_member_id: z.uuid(),
  team_member_name: z.string(),
  team_member_user_id: z.uuid().nullable(),
  rule_id: z.uuid().nullable(),
  rule_name: z.string().nullable(),
  kind: z.enum(["commission", "clawback", "adjustment"]),
  period_month: z.string(),
  base_minor: z.string(),
  amount_minor: z.string(),
  currency: z.string(),
  explanation: z.string(),
  status: z.enum(calculationStatuses),
  approved_at: z.date().nullable(),
  rejection_reason: z.string().nullable(),
  paid_at: z.date().nullable(),
  created_at: z.date(),
  transaction_external_id: z.string(),
  transaction_source: z.string(),
  transaction_paid_at: z.date(),
  transaction_amount_minor: z.string(),
  transaction_status: z.string(),
});
export type CalculationRow = z.infer<typeof calculationRowSchema>;

/** The select list of a CalculationRow, over `calculationJoins`. */
function calculationColumns(tx: Tx) {
  return tx`
    c.id, c.transaction_id, c.team_member_id, tm.full_name as team_member_name, tm.user_id as team_member_user_id,
    c.rule_id, r.name as rule_name, c.kind, c.period_month::text as period_month,
    c.base_minor::text as base_minor, c.amount_minor::text as amount_minor, c.currency, c.explanation,
    c.status, c.approved_at, c.rejection_reason, c.paid_at, c.created_at,
    s.external_id as transaction_external_id, s.source as transaction_source, s.paid_at as transaction_paid_at,
    s.amount_minor::text as transaction_amount_minor, s.status as transaction_status`;
}

/** A calculation `c` with its team member `tm`, sale `s` and (if any) rule `r`. */
function calculationJoins(tx: Tx) {
  return tx`
    public.commission_calculations c
    join public.team_members tm on tm.id = c.team_member_id
    join public.sales_transactions s on s.id = c.transaction_id
    left join public.commission_rules r on r.id = c.rule_id`;
}

export type CalculationFilters = {
  status?: CalculationStatus | null;
  teamMemberId?: string | null;
  month?: string | null; // YYYY-MM-01
  /** One sale's lines (its commission breakdown). */
  transactionId?: string | null;
  limit?: number;
  offset?: number;
};

export async function listCalculations(
  tx: Tx,
  organizationId: string,
  filters: CalculationFilters = {},
): Promise<{ rows: CalculationRow[]; total: number }> {
  const rows = await tx`
    select ${calculationColumns(tx)}, count(*) over () as total
    from ${calculationJoins(tx)}
    where c.organization_id = ${organizationId}
      and (${filters.status ?? null}::text is null or c.status = ${filters.status ?? null})
      and (${filters.teamMemberId ?? null}::uuid is null or c.team_member_id = ${filters.teamMemberId ?? null})
      and (${filters.month ?? null}::date is null or c.period_month = ${filters.month ?? null}::date)
      and (${filters.transactionId ?? null}::uuid is null or c.transaction_id = ${filters.transactionId ?? null}::uuid)
    order by c.created_at desc, c.id
    limit ${Math.min(filters.limit ?? 50, 500)} offset ${filters.offset ?? 0}`;
  return {
    rows: z.array(calculationRowSchema).parse(rows.map(({ total: _t, ...r }) => r)),
    total: Number(rows[0]?.total ?? 0),
  };
}

/**
 * Approves pending lines. The member's own lines (of a team member they are or ever were linked
 * to) are left out (and counted), so a manager who is also a rep can approve a whole queue; the
 * database refuses them anyway.
 */
export async function approveCalculations(
  tx: Tx,
  organizationId: string,
  ids: string[],
): Promise<{ approved: number; skippedOwn: number; notPending: number }> {
  if (!ids.length) throw new AppError("validation_failed", "Choose at least one commission to approve.");
  const candidates = await tx<{ id: string; status: string; own: boolean }[]>`
    select c.id, c.status, private.is_or_was_rep(c.team_member_id, (select auth.uid())) as own
    from public.commission_calculations c
    where c.organization_id = ${organizationId} and c.id = any(${ids}::uuid[])`;
  if (!candidates.length) throw new AppError("not_found", "Those commissions could not be found.");
  const own = candidates.filter((c) => c.own).length;
  const approvable = candidates.filter((c) => !c.own && c.status === "pending").map((c) => c.id);
  if (!approvable.length && own) throw new AppError("forbidden", "You cannot approve your own commission.");
  const updated = approvable.length
    ? await tx`
        update public.commission_calculations set status = 'approved'
        where organization_id = ${organizationId} and id = any(${approvable}::uuid[]) and status = 'pending'
        returning id`
    : [];
  if (approvable.length && !updated.length)
    throw new AppError("forbidden", "You do not have permission to approve commissions.");
  return { approved: updated.length, skippedOwn: own, notPending: candidates.length - own - updated.length };
}

export async function rejectCalculation(
  tx: Tx,
  organizationId: string,
  id: string,
  reason: string,
): Promise<void> {
  const text = reason.trim();
  if (!text)
    throw new AppError("validation_failed", "Give a reason for rejecting.", { reason: ["Give a reason."] });
  const rows = await tx`
    update public.commission_calculations set status = 'rejected', rejection_reason = ${text}
    where organization_id = ${organizationId} and id = ${id} and status in ('pending', 'approved')
    returning id`;
  if (!rows.length)
    throw new AppError("not_found", "That commission is not waiting for a decision any more.");
}

/** Puts a rejected or approved (unpaid, not in a payout) line back in the queue. */
export async function reopenCalculation(tx: Tx, organizationId: string, id: string): Promise<void> {
  const rows = await tx`
    update public.commission_calculations set status = 'pending'
    where organization_id = ${organizationId} and id = ${id} and status in ('approved', 'rejected')
    returning id`;
  if (!rows.length) throw new AppError("not_found", "That commission cannot be reopened.");
}

/** The team member linked to the current user in the organization, if any. */
export async function myTeamMember(
  tx: Tx,
  organizationId: string,
): Promise<{ id: string; full_name: string } | null> {
  const [m] = await tx<{ id: string; full_name: string }[]>`
    select id, full_name from public.team_members
    where organization_id = ${organizationId} and user_id = (select auth.uid())`;
  return m ?? null;
}

export type StatementTotals = {
  currency: string;
  pending: string;
  approved: string;
  paid: string;
  clawedBack: string;
};

export type Statement = {
  teamMember: { id: string; full_name: string; email: string | null };
  from: string;
  to: string;
  lines: CalculationRow[];
  payouts: {
    id: string;
    period_month: string;
    currency: string;
    total_minor: string;
    status: string;
    paid_at: Date | null;
    reference: string | null;
  }[];
  totals: StatementTotals[];
};

/**
 * A rep's statement for months [from, to]: their lines, payouts and totals by status. RLS makes
 * another rep's statement come back empty for a member who may only read their own: the caller
 * turns "no such team member visible" into not found.
 */
export async function statementFor(
  tx: Tx,
  organizationId: string,
  teamMemberId: string,
  from: string,
  to: string,
): Promise<Statement | null> {
  const [member] = await tx<
    { id: string; full_name: string; email: string | null; user_id: string | null }[]
  >`
    select id, full_name, email::text as email, user_id from public.team_members
    where organization_id = ${organizationId} and id = ${teamMemberId}`;
  if (!member) return null;
  const [me] = await tx<{ uid: string | null; all: boolean }[]>`
    select (select auth.uid())::text as uid,
           public.has_permission(${organizationId}, 'team_commissions', 'read') as all`;
  if (!me?.all && member.user_id !== me?.uid) return null;
  const { rows: lines } = await listCalculationsBetween(tx, organizationId, teamMemberId, from, to);
  const payouts = await tx<Statement["payouts"]>`
    select id, period_month::text as period_month, currency, total_minor::text as total_minor, status, paid_at, reference
    from public.commission_payouts
    where organization_id = ${organizationId} and team_member_id = ${teamMemberId}
      and period_month between ${from}::date and ${to}::date
    order by period_month desc, created_at desc`;
  const totals = await tx<StatementTotals[]>`
    select currency,
           coalesce(sum(amount_minor) filter (where status = 'pending'), 0)::text as pending,
           coalesce(sum(amount_minor) filter (where status = 'approved'), 0)::text as approved,
           coalesce(sum(amount_minor) filter (where status = 'paid'), 0)::text as paid,
           coalesce(sum(gross_amount_minor - amount_minor) filter (where kind = 'commission' and status <> 'rejected'), 0)::text
             as "clawedBack"
    from public.commission_calculations
    where organization_id = ${organizationId} and team_member_id = ${teamMemberId}
      and period_month between ${from}::date and ${to}::date
    group by currency order by currency`;
  return {
    teamMember: { id: member.id, full_name: member.full_name, email: member.email },
    from,
    to,
    lines,
    payouts,
    totals,
  };
}

async function listCalculationsBetween(
  tx: Tx,
  organizationId: string,
  teamMemberId: string,
  from: string,
  to: string,
) {
  const rows = await tx`
    select ${calculationColumns(tx)}
    from ${calculationJoins(tx)}
    where c.organization_id = ${organizationId} and c.team_member_id = ${teamMemberId}
      and c.period_month between ${from}::date and ${to}::date
    order by c.period_month desc, s.paid_at desc, c.id
    limit 2000`;
  return { rows: z.array(calculationRowSchema).parse(rows) };
}

export type MonthlyTotal = {
  team_member_id: string;
  full_name: string;
  period_month: string;
  currency: string;
  earned: string;
  pending: string;
};

/** Commissions by rep and month (earned = approved + paid, net of clawbacks), for the chart. */
export async function monthlyTotalsByRep(
  tx: Tx,
  organizationId: string,
  from: string,
  to: string,
): Promise<MonthlyTotal[]> {
  return tx<MonthlyTotal[]>`
    select c.team_member_id, tm.full_name, c.period_month::text as period_month, c.currency,
           coalesce(sum(c.amount_minor) filter (where c.status in ('approved', 'paid')), 0)::text as earned,
           coalesce(sum(c.amount_minor) filter (where c.status = 'pending'), 0)::text as pending
    from public.commission_calculations c
    join public.team_members tm on tm.id = c.team_member_id
    where c.organization_id = ${organizationId} and c.period_month between ${from}::date and ${to}::date
    group by c.team_member_id, tm.full_name, c.period_month, c.currency
    order by c.period_month, tm.full_name`;
}
