import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { parseFirstRow, parseRows } from "@/lib/db/rows";
import { AppError, toAppError } from "@/lib/errors";
import { parseCsv } from "@/lib/utils/csv";
import { recordRefund, recordSale, saleSources, type SaleResult } from "./ingest";
import { parseMajorAmount, toSafeNumber } from "./money";

/** Transactions: the list with filters, manual entry, refunds entered by hand, CSV import. */

export const transactionRowSchema = z.object({
  id: z.uuid(),
  source: z.enum(saleSources),
  external_id: z.string(),
  team_member_id: z.uuid().nullable(),
  team_member_name: z.string().nullable(),
  ghl_user_id: z.string().nullable(),
  contact_name: z.string().nullable(),
  opportunity_id: z.string().nullable(),
  amount_minor: z.string(),
  refunded_amount_minor: z.string(),
  currency: z.string(),
  paid_at: z.date(),
  status: z.enum(["paid", "refunded", "partially_refunded"]),
  description: z.string().nullable(),
  commission_minor: z.string().nullable(),
});
export type TransactionRow = z.infer<typeof transactionRowSchema>;

export type TransactionFilters = {
  query?: string | null;
  source?: string | null;
  status?: string | null;
  teamMemberId?: string | null;
  unmapped?: boolean;
  from?: string | null; // YYYY-MM-DD
  to?: string | null;
  limit?: number;
  offset?: number;
};

export async function listTransactions(
  tx: Tx,
  organizationId: string,
  f: TransactionFilters = {},
): Promise<{ rows: TransactionRow[]; total: number }> {
  const pattern = f.query ? `%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await tx`
    select s.id, s.source, s.external_id, s.team_member_id, tm.full_name as team_member_name, s.ghl_user_id,
           nullif(btrim(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '')), '') as contact_name,
           s.opportunity_id, s.amount_minor::text as amount_minor, s.refunded_amount_minor::text as refunded_amount_minor,
           s.currency, s.paid_at, s.status, s.description,
           (select sum(c.amount_minor)::text from public.commission_calculations c
            where c.transaction_id = s.id and c.status not in ('rejected', 'clawed_back')) as commission_minor,
           count(*) over () as total
    from public.sales_transactions s
    left join public.team_members tm on tm.id = s.team_member_id
    left join public.contacts ct on ct.id = s.contact_id
    where s.organization_id = ${organizationId}
      and (${pattern}::text is null or s.external_id ilike ${pattern} or s.description ilike ${pattern}
           or tm.full_name ilike ${pattern} or s.ghl_user_id ilike ${pattern})
      and (${f.source ?? null}::text is null or s.source = ${f.source ?? null})
      and (${f.status ?? null}::text is null or s.status = ${f.status ?? null})
      and (${f.teamMemberId ?? null}::uuid is null or s.team_member_id = ${f.teamMemberId ?? null})
      and (not ${f.unmapped ?? false} or s.team_member_id is null)
      and (${f.from ?? null}::date is null or s.paid_at >= ${f.from ?? null}::date)
      and (${f.to ?? null}::date is null or s.paid_at < ${f.to ?? null}::date + 1)
    order by s.paid_at desc, s.id
    limit ${Math.min(f.limit ?? 50, 500)} offset ${f.offset ?? 0}`;
  return {
    rows: z.array(transactionRowSchema).parse(rows.map(({ total: _t, ...r }) => r)),
    total: Number(rows[0]?.total ?? 0),
  };
}

const currencyField = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "Use a 3-letter currency code such as USD.")
  .transform((c) => c.toUpperCase());

const dateField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}/, "Use a date such as 2026-03-15.")
  .refine((d) => !Number.isNaN(new Date(d).getTime()), "That date does not exist.")
  .transform((d) => (d.length === 10 ? new Date(`${d}T12:00:00Z`) : new Date(d)));

export const manualSaleSchema = z
  .object({
    team_member_id: z.uuid("Choose a team member."),
    amount: z.string().trim().min(1, "Enter the amount."),
    currency: currencyField,
    paid_at: dateField,
    description: z
      .string()
      .trim()
      .max(1000, "Use at most 1000 characters.")
      .optional()
      .transform((v) => v || null),
    external_id: z
      .string()
      .trim()
      .max(255, "Use at most 255 characters.")
      .optional()
      .transform((v) => v || null),
  })
  .transform((v, ctx) => {
    try {
      const minor = parseMajorAmount(v.amount, v.currency);
      if (minor <= 0n) throw new RangeError("not positive");
      return { ...v, amountMinor: toSafeNumber(minor) };
    } catch {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: "Enter an amount above zero, e.g. 12000 or 12,000.50.",
      });
      return z.NEVER;
    }
  });
export type ManualSaleInput = z.output<typeof manualSaleSchema>;

export async function enterManualSale(
  tx: Tx,
  organizationId: string,
  input: ManualSaleInput,
): Promise<SaleResult> {
  const result = await recordSale(tx, {
    organizationId,
    source: "manual",
    externalId: input.external_id ?? `manual-${randomUUID()}`,
    teamMemberId: input.team_member_id,
    amountMinor: input.amountMinor,
    currency: input.currency,
    paidAt: input.paid_at,
    description: input.description,
  });
  if (!result.created)
    throw new AppError("conflict", "A manual transaction with that reference already exists.", {
      external_id: ["is taken"],
    });
  return result;
}

export const refundSchema = z.object({
  transaction_id: z.uuid(),
  refunded_total: z.string().trim().min(1, "Enter the total refunded so far."),
  reason: z
    .string()
    .trim()
    .max(500)
    .optional()
    .transform((v) => v || null),
});

/** A refund entered by hand: the total refunded so far on the transaction. */
export async function enterRefund(tx: Tx, organizationId: string, input: z.output<typeof refundSchema>) {
  const t = parseFirstRow(
    z.object({ source: z.enum(saleSources), external_id: z.string(), currency: z.string() }),
    await tx`
      select source, external_id, currency from public.sales_transactions
      where organization_id = ${organizationId} and id = ${input.transaction_id}`,
  );
  if (!t) throw new AppError("not_found", "That transaction could not be found.");
  let minor: bigint;
  try {
    minor = parseMajorAmount(input.refunded_total, t.currency);
    if (minor < 0n) throw new RangeError("negative");
  } catch {
    throw new AppError("validation_failed", "Enter the refunded total as an amount, e.g. 500.00.", {
      refunded_total: ["Enter an amount."],
    });
  }
  return recordRefund(tx, {
    organizationId,
    source: t.source,
    externalId: t.external_id,
    refundedAmountMinor: toSafeNumber(minor),
    refundedAt: new Date(),
    reason: input.reason,
  });
}

// ---------------------------------------------------------------------------------------------
// CSV import

export const TRANSACTIONS_CSV_COLUMNS = [
  "external_id",
  "amount",
  "currency",
  "paid_at",
  "rep",
  "description",
  "opportunity_id",
] as const;
export const TRANSACTIONS_CSV_MAX_ROWS = 5000;

const csvMemberSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  external_id: z.string().nullable(),
  full_name: z.string(),
});
export type CsvMember = z.infer<typeof csvMemberSchema>;
export type ParsedCsvRow = {
  line: number;
  externalId: string;
  amountMinor: number;
  currency: string;
  paidAt: Date;
  teamMemberId: string | null;
  ghlUserId: string | null;
  description: string | null;
  opportunityId: string | null;
};
export type CsvRowError = { row: number; messages: string[] };

/**
 * Reads a transactions CSV (header row; columns above, `rep` being a team member's email,
 * external (GHL user) id or exact name). Pure: every bad row is reported with its line number
 * and what is wrong, the good ones come back ready to record.
 */
export function parseTransactionsCsv(
  text: string,
  members: CsvMember[],
): { rows: ParsedCsvRow[]; errors: CsvRowError[] } {
  const table = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ""));
  if (table.length < 2)
    throw new AppError("validation_failed", "The file has no rows under its header line.");
  if (table.length - 1 > TRANSACTIONS_CSV_MAX_ROWS)
    throw new AppError("validation_failed", `Import at most ${TRANSACTIONS_CSV_MAX_ROWS} rows at a time.`);
  const header = table[0]!.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const col = (name: string) => header.indexOf(name);
  const missing = ["external_id", "amount", "currency", "paid_at"].filter((c) => col(c) < 0);
  if (missing.length)
    throw new AppError(
      "validation_failed",
      `The header line lacks ${missing.join(", ")}. Expected: ${TRANSACTIONS_CSV_COLUMNS.join(", ")}.`,
    );
  const byEmail = new Map(members.filter((m) => m.email).map((m) => [m.email!.toLowerCase(), m.id]));
  const byExternal = new Map(members.filter((m) => m.external_id).map((m) => [m.external_id!, m.id]));
  const byName = new Map<string, string | null>();
  for (const m of members) {
    const k = m.full_name.trim().toLowerCase();
    byName.set(k, byName.has(k) ? null : m.id); // ambiguous names resolve to nothing
  }
  const rows: ParsedCsvRow[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  table.slice(1).forEach((cells, i) => {
    const line = i + 2;
    const get = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "").trim() : "");
    const messages: string[] = [];
    const externalId = get("external_id");
    if (!externalId) messages.push("external_id is empty");
    else if (externalId.length > 255) messages.push("external_id is longer than 255 characters");
    else if (seen.has(externalId)) messages.push(`external_id "${externalId}" appears twice in the file`);
    const currency = get("currency").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) messages.push(`currency "${get("currency")}" is not a 3-letter code`);
    let amountMinor = 0;
    try {
      const m = parseMajorAmount(get("amount"), /^[A-Z]{3}$/.test(currency) ? currency : "USD");
      if (m <= 0n) messages.push("amount must be above zero");
      else amountMinor = toSafeNumber(m);
    } catch {
      messages.push(`amount "${get("amount")}" is not a number (use 12000 or 12000.50)`);
    }
    const paidText = get("paid_at");
    const paidAt = /^\d{4}-\d{2}-\d{2}$/.test(paidText)
      ? new Date(`${paidText}T12:00:00Z`)
      : new Date(paidText);
    if (!/^\d{4}-\d{2}-\d{2}/.test(paidText) || Number.isNaN(paidAt.getTime()))
      messages.push(`paid_at "${paidText}" is not a date (use YYYY-MM-DD)`);
    const rep = get("rep");
    let teamMemberId: string | null = null;
    let ghlUserId: string | null = null;
    if (rep) {
      teamMemberId =
        byEmail.get(rep.toLowerCase()) ?? byExternal.get(rep) ?? byName.get(rep.toLowerCase()) ?? null;
      if (!teamMemberId) {
        if (rep.includes("@") || byName.has(rep.toLowerCase()))
          messages.push(`rep "${rep}" matches no single team member`);
        else ghlUserId = rep.slice(0, 255); // an unmapped GHL user id, listed for mapping
      }
    }
    const description = get("description").slice(0, 1000) || null;
    const opportunityId = get("opportunity_id").slice(0, 255) || null;
    if (messages.length) {
      errors.push({ row: line, messages });
      return;
    }
    seen.add(externalId);
    rows.push({
      line,
      externalId,
      amountMinor,
      currency,
      paidAt,
      teamMemberId,
      ghlUserId,
      description,
      opportunityId,
    });
  });
  return { rows, errors };
}

export type TransactionsImportResult = { imported: number; duplicates: number; errors: CsvRowError[] };

/** Records the valid rows of a CSV (each in a savepoint, so one failure loses no other row). */
export async function importTransactionsCsv(
  tx: Tx,
  organizationId: string,
  text: string,
): Promise<TransactionsImportResult> {
  const members = parseRows(
    csvMemberSchema,
    await tx`
      select id, email::text as email, external_id, full_name from public.team_members
      where organization_id = ${organizationId}`,
  );
  const { rows, errors } = parseTransactionsCsv(text, members);
  let imported = 0;
  let duplicates = 0;
  for (const r of rows) {
    try {
      const result = await tx.savepoint((sp) =>
        recordSale(sp as unknown as Tx, {
          organizationId,
          source: "csv",
          externalId: r.externalId,
          teamMemberId: r.teamMemberId,
          ghlUserId: r.ghlUserId,
          amountMinor: r.amountMinor,
          currency: r.currency,
          paidAt: r.paidAt,
          description: r.description,
          opportunityId: r.opportunityId,
        }),
      );
      if (result.created) imported++;
      else duplicates++;
    } catch (e) {
      errors.push({ row: r.line, messages: [toAppError(e).message] });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { imported, duplicates, errors };
}
