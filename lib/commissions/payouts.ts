import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { idRowSchema, parseRows } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { toCsvLine } from "@/lib/utils/csv";
import { minorToMajor } from "./money";

/**
 * Payout batches for a period: a draft per team member and currency from the approved lines not
 * yet paid out (clawback lines included, so refunds net out), then approved (payouts:approve,
 * not one's own), then paid with a reference, which marks their lines paid. Periods close here
 * too: a closed month's approved numbers are locked by the database.
 */

export const monthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-01)?$/, "Choose a month.")
  .transform((m) => (m.length === 7 ? `${m}-01` : m));

/** The payroll export's query: `?month=YYYY-MM`, and a status to keep (any other is ignored). */
export const payoutsExportQuerySchema = z.object({
  month: monthSchema,
  status: z.enum(["draft", "approved", "paid"]).nullable().catch(null),
});

export const payoutRowSchema = z.object({
  id: z.uuid(),
  team_member_id: z.uuid(),
  team_member_name: z.string(),
  team_member_email: z.string().nullable(),
  team_member_external_id: z.string().nullable(),
  period_month: z.string(),
  currency: z.string(),
  total_minor: z.string(),
  status: z.enum(["draft", "approved", "paid"]),
  approved_at: z.date().nullable(),
  paid_at: z.date().nullable(),
  reference: z.string().nullable(),
  lines: z.number(),
  created_at: z.date(),
});
export type PayoutRow = z.infer<typeof payoutRowSchema>;

export async function listPayouts(
  tx: Tx,
  organizationId: string,
  options: { month?: string | null; status?: string | null; limit?: number; offset?: number } = {},
): Promise<{ rows: PayoutRow[]; total: number }> {
  const rows = await tx`
    select p.id, p.team_member_id, tm.full_name as team_member_name, tm.email::text as team_member_email,
           tm.external_id as team_member_external_id, p.period_month::text as period_month, p.currency,
           p.total_minor::text as total_minor, p.status, p.approved_at, p.paid_at, p.reference,
           (select count(*)::int from public.commission_payout_items i where i.payout_id = p.id) as lines,
           p.created_at, count(*) over () as total
    from public.commission_payouts p
    join public.team_members tm on tm.id = p.team_member_id
    where p.organization_id = ${organizationId}
      and (${options.month ?? null}::date is null or p.period_month = ${options.month ?? null}::date)
      and (${options.status ?? null}::text is null or p.status = ${options.status ?? null})
    order by p.period_month desc, tm.full_name, p.currency, p.created_at
    limit ${Math.min(options.limit ?? 50, 500)} offset ${options.offset ?? 0}`;
  return {
    rows: z.array(payoutRowSchema).parse(rows.map(({ total: _t, ...r }) => r)),
    total: Number(rows[0]?.total ?? 0),
  };
}

const draftGroupSchema = z.object({
  team_member_id: z.string(),
  currency: z.string(),
  ids: z.array(z.string()),
});

/**
 * Drafts payouts for `month`: every approved line of that month or earlier that is in no payout
 * yet, grouped by team member and currency. Returns the drafts made (none when nothing waits).
 */
export async function createDraftPayouts(
  tx: Tx,
  organizationId: string,
  month: string,
): Promise<{ payouts: number; lines: number }> {
  const rows = await tx`
    select c.team_member_id, c.currency, array_agg(c.id order by c.period_month, c.created_at) as ids
    from public.commission_calculations c
    where c.organization_id = ${organizationId} and c.status = 'approved' and c.period_month <= ${month}::date
      and not exists (select 1 from public.commission_payout_items i where i.calculation_id = c.id)
    group by c.team_member_id, c.currency`;
  const groups = parseRows(draftGroupSchema, rows);
  let lines = 0;
  for (const g of groups) {
    const p = idRowSchema.parse(
      (
        await tx`
          insert into public.commission_payouts (organization_id, team_member_id, period_month, currency)
          values (${organizationId}, ${g.team_member_id}, ${month}::date, ${g.currency})
          returning id`
      )[0],
    );
    const items = g.ids.map((id) => ({
      organization_id: organizationId,
      payout_id: p.id,
      calculation_id: id,
      team_member_id: g.team_member_id,
      amount_minor: "0", // the database copies the line's amount
    }));
    for (let i = 0; i < items.length; i += 500) {
      await tx`insert into public.commission_payout_items ${tx(items.slice(i, i + 500))}`;
    }
    lines += items.length;
  }
  return { payouts: groups.length, lines };
}

async function setPayoutStatus(
  tx: Tx,
  organizationId: string,
  id: string,
  from: string,
  to: string,
  extra: { reference?: string; paidAt?: Date } = {},
) {
  const rows = await tx`
    update public.commission_payouts
    set status = ${to}, reference = coalesce(${extra.reference ?? null}, reference),
        paid_at = coalesce(${extra.paidAt ?? null}::timestamptz, paid_at)
    where organization_id = ${organizationId} and id = ${id} and status = ${from}
    returning id`;
  if (!rows.length)
    throw new AppError("not_found", `That payout is not ${from === "draft" ? "a draft" : from} any more.`);
}

export const approvePayout = (tx: Tx, organizationId: string, id: string) =>
  setPayoutStatus(tx, organizationId, id, "draft", "approved");
export const unapprovePayout = (tx: Tx, organizationId: string, id: string) =>
  setPayoutStatus(tx, organizationId, id, "approved", "draft");

export async function markPayoutPaid(
  tx: Tx,
  organizationId: string,
  id: string,
  reference: string,
  paidAt?: Date,
) {
  const ref = reference.trim();
  if (!ref)
    throw new AppError("validation_failed", "Give the payment reference.", {
      reference: ["Give the payment reference."],
    });
  await setPayoutStatus(tx, organizationId, id, "approved", "paid", { reference: ref, paidAt });
}

export async function deleteDraftPayout(tx: Tx, organizationId: string, id: string) {
  const rows = await tx`
    delete from public.commission_payouts where organization_id = ${organizationId} and id = ${id} and status = 'draft'
    returning id`;
  if (!rows.length) throw new AppError("not_found", "Only a draft payout can be deleted.");
}

export const PAYOUT_CSV_HEADER = [
  "payout_id",
  "period",
  "team_member",
  "email",
  "external_id",
  "currency",
  "amount",
  "amount_minor",
  "lines",
  "status",
  "reference",
  "paid_at",
] as const;

/** The payroll file for a month: one row per payout (all statuses, or only `status`). */
export async function payoutsCsv(
  tx: Tx,
  organizationId: string,
  month: string,
  status?: string | null,
): Promise<string> {
  const { rows } = await listPayouts(tx, organizationId, { month, status, limit: 500 });
  const lines = [toCsvLine(PAYOUT_CSV_HEADER)];
  for (const p of rows) {
    lines.push(
      toCsvLine([
        p.id,
        p.period_month.slice(0, 7),
        p.team_member_name,
        p.team_member_email,
        p.team_member_external_id,
        p.currency,
        minorToMajor(p.total_minor, p.currency),
        p.total_minor,
        p.lines,
        p.status,
        p.reference,
        p.paid_at ? p.paid_at.toISOString() : "",
      ]),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

const periodRowSchema = z.object({
  period_month: z.string(),
  closed_at: z.date().nullable(),
  closed_by_name: z.string().nullable(),
});
export type PeriodRow = z.infer<typeof periodRowSchema>;

export async function listPeriods(tx: Tx, organizationId: string): Promise<PeriodRow[]> {
  const rows = await tx`
    select p.period_month::text as period_month, p.closed_at,
           (select coalesce(d.display_name, d.email) from private.member_directory(${organizationId}) d where d.id = p.closed_by) as closed_by_name
    from public.commission_periods p
    where p.organization_id = ${organizationId}
    order by p.period_month desc
    limit 36`;
  return parseRows(periodRowSchema, rows);
}

export async function closePeriod(tx: Tx, organizationId: string, month: string, note?: string | null) {
  const rows = await tx`
    insert into public.commission_periods (organization_id, period_month, closed_at, note)
    values (${organizationId}, ${month}::date, now(), ${note ?? null})
    on conflict (organization_id, period_month) do update set closed_at = now(), note = coalesce(excluded.note, commission_periods.note)
      where commission_periods.closed_at is null
    returning id`;
  if (!rows.length) throw new AppError("conflict", `The period ${month.slice(0, 7)} is already closed.`);
}

export async function reopenPeriod(tx: Tx, organizationId: string, month: string) {
  const rows = await tx`
    update public.commission_periods set closed_at = null
    where organization_id = ${organizationId} and period_month = ${month}::date and closed_at is not null
    returning id`;
  if (!rows.length) throw new AppError("not_found", `The period ${month.slice(0, 7)} is not closed.`);
}
