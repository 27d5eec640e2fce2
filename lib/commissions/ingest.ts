/**
 * THE CONTRACT USED BY THE GHL INGESTION (webhook processing, refund sync, user mapping page) and
 * by manual entry / CSV import. Keep these signatures stable.
 *
 *   recordSale            a paid sale → a transaction (idempotent on organization + source +
 *                         externalId) → pending commission lines by the rules in force on paidAt.
 *   recordRefund          the cumulative refunded amount of a known transaction → clawbacks
 *                         (pending lines reduced or cancelled, approved/paid ones get negative
 *                         lines for the next payout); idempotent; null for an unknown transaction.
 *   assignUnmappedSales   once a GHL user is mapped to a team member, their unassigned sales are
 *                         assigned and their commissions computed.
 *   listUnmappedGhlUsers  GHL user ids seen on sales with no team member, for an admin to map.
 *
 * They run in the caller's transaction: a service-role transaction (webhook path: every query
 * here filters by organizationId, so tenancy holds without RLS) or a user's transaction under RLS
 * (manual entry: RLS checks the transaction write; the commission lines that follow are written by
 * the system, see asServiceRoleBypassingRls in lib/db/service-role). On the service path the caller queues app events in the
 * same transaction (lib/engine/app-events.ts; not open to a user's transaction).
 */
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { idRowSchema, parseFirstRow, parseIds, parseRows } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import { asServiceRoleBypassingRls } from "@/lib/db/service-role";
import { computeForTransaction, periodMonthOf } from "./engine";
import { clawbackDelta, clawbackExplanation, netAfterRefund } from "./math";
import { recomputeMonth } from "./recompute";
import { toSafeNumber } from "./money";

export type SaleInput = {
  organizationId: string;
  source: "ghl_invoice" | "ghl_order" | "ghl_opportunity" | "manual" | "csv";
  externalId: string; // unique per (organization, source)
  ghlUserId?: string | null; // looked up in team_members.external_id
  teamMemberId?: string | null; // wins over ghlUserId when given
  contactId?: string | null;
  opportunityId?: string | null;
  amountMinor: number; // integer minor units (cents); validate safe integer > 0
  currency: string; // ISO 4217, stored upper-case
  paidAt: Date;
  description?: string | null;
  raw?: unknown; // source payload, for audit
};
export type SaleResult = {
  transactionId: string;
  created: boolean;
  calculationIds: string[];
  unmappedGhlUserId: string | null;
};

export const saleSources = ["ghl_invoice", "ghl_order", "ghl_opportunity", "manual", "csv"] as const;

const uuid = z.uuid("must be a UUID");
const minorAmount = z
  .number()
  .refine((n) => Number.isSafeInteger(n) && n > 0, "must be a whole number of minor units above zero");

const saleSchema = z.object({
  organizationId: uuid,
  source: z.enum(saleSources),
  externalId: z.string().trim().min(1, "is required").max(255),
  ghlUserId: z.string().trim().min(1).max(255).nullish(),
  teamMemberId: uuid.nullish(),
  contactId: uuid.nullish(),
  opportunityId: z.string().trim().min(1).max(255).nullish(),
  amountMinor: minorAmount,
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code")
    .transform((c) => c.toUpperCase()),
  paidAt: z.date().refine((d) => !Number.isNaN(d.getTime()), "must be a valid date"),
  description: z.string().trim().max(1000).nullish(),
  raw: z.unknown().optional(),
});

const refundSchema = z.object({
  organizationId: uuid,
  source: z.enum(saleSources),
  externalId: z.string().trim().min(1).max(255),
  refundedAmountMinor: z
    .number()
    .refine((n) => Number.isSafeInteger(n) && n >= 0, "must be a whole number of minor units"),
  refundedAt: z.date().refine((d) => !Number.isNaN(d.getTime()), "must be a valid date"),
  reason: z.string().trim().max(500).nullish(),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join(".") || "input";
    (fields[key] ??= []).push(issue.message);
  }
  const first = r.error.issues[0]!;
  throw new AppError("validation_failed", `${first.path.join(".") || "Input"} ${first.message}`, fields);
}

async function commissionLineIds(tx: Tx, organizationId: string, transactionId: string): Promise<string[]> {
  return parseIds(
    await tx`
      select id from public.commission_calculations
      where organization_id = ${organizationId} and transaction_id = ${transactionId} and kind = 'commission'
      order by created_at, id`,
  );
}

const existingSaleSchema = z.object({
  id: z.string(),
  team_member_id: z.string().nullable(),
  ghl_user_id: z.string().nullable(),
});

/**
 * The new sale's lines. A sale paid before others already in its (open) month changes their
 * attainment (tiers, caps, splits): the month's pending lines are recomputed at once, in paid
 * order, instead of leaving the later deals on the wrong tier until someone clicks Recompute.
 */
async function computeSale(tx: Tx, organizationId: string, transactionId: string): Promise<string[]> {
  const [later] = await tx`
    select to_char(date_trunc('month', t.paid_at at time zone 'UTC'), 'YYYY-MM-DD') as month
    from public.sales_transactions t
    where t.id = ${transactionId} and t.organization_id = ${organizationId}
      and exists (
        select 1 from public.sales_transactions o
        where o.organization_id = t.organization_id and o.id <> t.id and o.team_member_id is not null
          and o.paid_at >= date_trunc('month', t.paid_at at time zone 'UTC') at time zone 'UTC'
          and (o.paid_at, o.id) > (t.paid_at, t.id)
          and o.paid_at < (date_trunc('month', t.paid_at at time zone 'UTC') + interval '1 month') at time zone 'UTC')
      and not exists (
        select 1 from public.commission_periods p
        where p.organization_id = t.organization_id and p.closed_at is not null
          and p.period_month = date_trunc('month', t.paid_at at time zone 'UTC')::date)`;
  if (!later) return computeForTransaction(tx, organizationId, transactionId);
  await recomputeMonth(tx, organizationId, z.string().parse(later.month));
  return commissionLineIds(tx, organizationId, transactionId);
}

export async function recordSale(tx: Tx, input: SaleInput): Promise<SaleResult> {
  const s = parse(saleSchema, input);
  let teamMemberId: string | null = null;
  let unmapped: string | null = null;
  if (s.teamMemberId) {
    const m = parseFirstRow(
      idRowSchema,
      await tx`
        select id from public.team_members where id = ${s.teamMemberId} and organization_id = ${s.organizationId}`,
    );
    if (!m)
      throw new AppError("validation_failed", "That team member is not in this organization.", {
        teamMemberId: ["is unknown"],
      });
    teamMemberId = m.id;
  } else if (s.ghlUserId) {
    const m = parseFirstRow(
      idRowSchema,
      await tx`
        select id from public.team_members where organization_id = ${s.organizationId} and external_id = ${s.ghlUserId}`,
    );
    if (m) teamMemberId = m.id;
    else unmapped = s.ghlUserId;
  }
  if (s.contactId) {
    const [c] =
      await tx`select 1 from public.contacts where id = ${s.contactId} and organization_id = ${s.organizationId}`;
    if (!c)
      throw new AppError("validation_failed", "That contact is not in this organization.", {
        contactId: ["is unknown"],
      });
  }
  const raw = s.raw === undefined ? null : tx.json(JSON.parse(JSON.stringify(s.raw)) as never);
  const insertedRows = await tx`
    insert into public.sales_transactions
      (organization_id, source, external_id, team_member_id, ghl_user_id, contact_id, opportunity_id,
       amount_minor, currency, paid_at, description, raw, created_by)
    values (${s.organizationId}, ${s.source}, ${s.externalId}, ${teamMemberId}, ${s.ghlUserId ?? null},
            ${s.contactId ?? null}, ${s.opportunityId ?? null}, ${String(s.amountMinor)}::bigint, ${s.currency},
            ${s.paidAt}, ${s.description ?? null}, ${raw}, (select auth.uid()))
    on conflict (organization_id, source, external_id) do nothing
    returning id`;
  const inserted = parseFirstRow(idRowSchema, insertedRows);
  if (!inserted) {
    const existing = parseFirstRow(
      existingSaleSchema,
      await tx`
        select id, team_member_id, ghl_user_id from public.sales_transactions
        where organization_id = ${s.organizationId} and source = ${s.source} and external_id = ${s.externalId}`,
    );
    if (!existing) throw new AppError("conflict", "That transaction exists but cannot be read here.");
    return {
      transactionId: existing.id,
      created: false,
      calculationIds: await commissionLineIds(tx, s.organizationId, existing.id),
      unmappedGhlUserId: existing.team_member_id ? null : existing.ghl_user_id,
    };
  }
  const calculationIds = teamMemberId
    ? await asServiceRoleBypassingRls(tx, () => computeSale(tx, s.organizationId, inserted.id))
    : [];
  return { transactionId: inserted.id, created: true, calculationIds, unmappedGhlUserId: unmapped };
}

const lineRowSchema = z.object({
  id: z.string(),
  team_member_id: z.string(),
  rule_id: z.string().nullable(),
  status: z.string(),
  period_month: z.string(),
  gross: z.string(),
  amount: z.string(),
  adjusted: z.string(),
  in_payout: z.boolean(),
  locked: z.boolean(),
});

const refundTargetSchema = z.object({
  id: z.string(),
  amount: z.string(),
  refunded: z.string(),
  currency: z.string(),
});

export async function recordRefund(
  tx: Tx,
  input: {
    organizationId: string;
    source: SaleInput["source"];
    externalId: string;
    refundedAmountMinor: number;
    refundedAt: Date;
    reason?: string | null;
  },
): Promise<{ transactionId: string; clawbackIds: string[] } | null> {
  const r = parse(refundSchema, input);
  const t = parseFirstRow(
    refundTargetSchema,
    await tx`
      select id, amount_minor::text as amount, refunded_amount_minor::text as refunded, currency
      from public.sales_transactions
      where organization_id = ${r.organizationId} and source = ${r.source} and external_id = ${r.externalId}
      for update`,
  );
  if (!t) return null;
  const deal = BigInt(t.amount);
  const refunded = BigInt(r.refundedAmountMinor);
  if (refunded > deal) {
    throw new AppError(
      "validation_failed",
      `The refunded amount (${refunded}) is more than the transaction (${deal}).`,
      { refundedAmountMinor: ["is more than the transaction"] },
    );
  }
  // Cumulative: the same or a smaller total than already recorded changes nothing.
  if (refunded <= BigInt(t.refunded)) return { transactionId: t.id, clawbackIds: [] };
  await tx`
    update public.sales_transactions
    set refunded_amount_minor = ${refunded.toString()}::bigint, refunded_at = ${r.refundedAt},
        refund_reason = coalesce(${r.reason ?? null}, refund_reason)
    where id = ${t.id} and organization_id = ${r.organizationId}`;
  const clawbackIds = await asServiceRoleBypassingRls(tx, () =>
    clawBack(tx, r.organizationId, t.id, deal, refunded, t.currency, r.refundedAt),
  );
  return { transactionId: t.id, clawbackIds };
}

/**
 * Brings every commission line of a transaction to what it should net to after the refund. Lines
 * nobody has committed to yet (pending, or approved but unpaid, outside any payout and closed
 * period) are changed in place, cancelled at a full refund; the rest get a clawback line that the
 * next payout nets.
 */
async function clawBack(
  tx: Tx,
  organizationId: string,
  transactionId: string,
  deal: bigint,
  refunded: bigint,
  currency: string,
  refundedAt: Date,
): Promise<string[]> {
  const rows = await tx`
    select c.id, c.team_member_id, c.rule_id, c.status, c.period_month::text,
           c.gross_amount_minor::text as gross, c.amount_minor::text as amount,
           coalesce((select sum(a.amount_minor) from public.commission_calculations a
                     where a.adjusts_calculation_id = c.id and a.organization_id = c.organization_id
                       and a.status not in ('rejected', 'clawed_back')), 0)::text as adjusted,
           exists (select 1 from public.commission_payout_items i where i.calculation_id = c.id) as in_payout,
           exists (select 1 from public.commission_periods p where p.organization_id = c.organization_id
                   and p.period_month = c.period_month and p.closed_at is not null) as locked
    from public.commission_calculations c
    where c.organization_id = ${organizationId} and c.transaction_id = ${transactionId}
      and c.kind = 'commission' and c.status <> 'rejected'
    order by c.created_at, c.id
    for update of c`;
  const ids: string[] = [];
  for (const line of parseRows(lineRowSchema, rows)) {
    const gross = BigInt(line.gross);
    const current = (line.status === "clawed_back" ? 0n : BigInt(line.amount)) + BigInt(line.adjusted);
    const delta = clawbackDelta(current, gross, deal, refunded);
    if (delta === 0n) continue;
    const explanation = clawbackExplanation(gross, deal, refunded, delta, currency);
    const inPlace =
      line.status === "pending" ||
      (line.status === "approved" && !line.in_payout && !line.locked && BigInt(line.adjusted) === 0n);
    if (inPlace) {
      const target = netAfterRefund(gross, deal, refunded);
      await tx`
        update public.commission_calculations
        set amount_minor = ${target.toString()}::bigint,
            status = case when ${target.toString()}::bigint = 0 then 'clawed_back' else status end,
            explanation = left(explanation || ${`\n${explanation}`}, 4000)
        where id = ${line.id} and organization_id = ${organizationId}`;
      ids.push(line.id);
    } else {
      const inserted = await tx`
        insert into public.commission_calculations
          (organization_id, transaction_id, team_member_id, rule_id, kind, adjusts_calculation_id, period_month,
           base_minor, gross_amount_minor, amount_minor, currency, explanation, status, approved_at)
        values (${organizationId}, ${transactionId}, ${line.team_member_id}, ${line.rule_id}, 'clawback', ${line.id},
                ${periodMonthOf(refundedAt)}::date, 0, ${delta.toString()}::bigint, ${delta.toString()}::bigint,
                ${currency}, ${explanation}, 'approved', now())
        returning id`;
      ids.push(...parseIds(inserted));
    }
  }
  return ids;
}

export async function assignUnmappedSales(
  tx: Tx,
  organizationId: string,
  ghlUserId: string,
  teamMemberId: string,
): Promise<{ assigned: number; calculationIds: string[] }> {
  const ids = parse(
    z.object({ organizationId: uuid, ghlUserId: z.string().trim().min(1).max(255), teamMemberId: uuid }),
    {
      organizationId,
      ghlUserId,
      teamMemberId,
    },
  );
  const [m] = await tx`
    select 1 from public.team_members where id = ${ids.teamMemberId} and organization_id = ${ids.organizationId}`;
  if (!m)
    throw new AppError("validation_failed", "That team member is not in this organization.", {
      teamMemberId: ["is unknown"],
    });
  const assigned = parseIds(
    await tx`
      update public.sales_transactions set team_member_id = ${ids.teamMemberId}
      where organization_id = ${ids.organizationId} and ghl_user_id = ${ids.ghlUserId} and team_member_id is null
      returning id`,
  );
  const calculationIds: string[] = [];
  await asServiceRoleBypassingRls(tx, async () => {
    for (const transactionId of assigned)
      calculationIds.push(...(await computeForTransaction(tx, ids.organizationId, transactionId)));
  });
  return { assigned: assigned.length, calculationIds };
}

const unmappedRowSchema = z.object({
  ghl_user_id: z.string(),
  transactions: z.number(),
  total: z.string(),
  currency: z.string(),
});

export async function listUnmappedGhlUsers(
  tx: Tx,
  organizationId: string,
): Promise<{ ghlUserId: string; transactions: number; totalMinor: number; currency: string }[]> {
  parse(uuid, organizationId);
  const rows = await tx`
    select ghl_user_id, count(*)::int as transactions, sum(amount_minor)::text as total, currency
    from public.sales_transactions
    where organization_id = ${organizationId} and team_member_id is null and ghl_user_id is not null
    group by ghl_user_id, currency
    order by count(*) desc, ghl_user_id, currency`;
  return parseRows(unmappedRowSchema, rows).map((r) => ({
    ghlUserId: r.ghl_user_id,
    transactions: r.transactions,
    totalMinor: toSafeNumber(r.total),
    currency: r.currency,
  }));
}
