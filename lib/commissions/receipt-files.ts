import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Tx } from "@/lib/db/client";
import { parseFirstRow, parseRows } from "@/lib/db/rows";
import { enqueueJob } from "@/lib/queue/queue";
import { AppError } from "@/lib/errors";
import { sniffRasterImage } from "@/lib/files/image-type";
import { typeInReceipt } from "./receipts";

/**
 * THE API OF RECEIPT FILES for an opportunity or a sales transaction: upload (a PDF or a photo,
 * checked by its content), list with the extraction's status, read the file back, correct the
 * values by hand, retry the extraction, delete. The bytes live in `opportunity_receipt_files`
 * beside their receipt, under the same RLS (`sales`). With an AI provider configured
 * (LLM_BASE_URL) a new receipt is `pending` and the job `commissions_extract_receipt`
 * (./receipt-extraction.ts) reads it; without one it is `needs_review` at once, for a person to
 * type the amount, date and vendor in.
 */

export const EXTRACT_RECEIPT_TASK = "commissions_extract_receipt";

export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;
export const RECEIPT_MIME_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/webp"] as const;
export type ReceiptMimeType = (typeof RECEIPT_MIME_TYPES)[number];
export const RECEIPT_STATUSES = [
  "pending",
  "processing",
  "extracted",
  "needs_review",
  "typed",
  "failed",
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** For an <input type="file" accept>. */
export const ACCEPTED_RECEIPT_TYPES = ".pdf,.png,.jpg,.jpeg,.webp," + RECEIPT_MIME_TYPES.join(",");

export const NO_PROVIDER_MESSAGE = "No AI provider configured — type the amount, date and vendor in.";
export const WRONG_TYPE_MESSAGE = "Upload a PDF or a photo of the receipt (PNG, JPEG or WebP).";
export const TOO_LARGE_MESSAGE = `Receipts may be at most ${MAX_RECEIPT_BYTES / 1024 / 1024} MB.`;

/** What a receipt is to the UI and the API (JSON-safe: amounts are strings of minor units). */
export type ReceiptView = {
  id: string;
  opportunityId: string;
  transactionId: string | null;
  fileName: string | null;
  contentType: ReceiptMimeType | null;
  sizeBytes: number | null;
  hasFile: boolean;
  status: ReceiptStatus;
  method: "ai" | "manual" | null;
  amountMinor: string | null;
  currency: string | null;
  date: string | null;
  vendor: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

const receiptRowSchema = z.object({
  id: z.string(),
  opportunity_id: z.string(),
  transaction_id: z.string().nullable(),
  file_name: z.string().nullable(),
  content_type: z.enum(RECEIPT_MIME_TYPES).nullable(),
  size_bytes: z.number().nullable(),
  has_file: z.boolean(),
  extraction_status: z.enum(RECEIPT_STATUSES),
  extraction_method: z.enum(["ai", "manual"]).nullable(),
  amount_minor: z.string().nullable(),
  extracted_currency: z.string().nullable(),
  date: z.string().nullable(),
  extracted_vendor: z.string().nullable(),
  extraction_error: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});
type ReceiptRow = z.infer<typeof receiptRowSchema>;

const SELECT = `
  select r.id, r.opportunity_id, r.transaction_id, r.file_name, r.content_type, f.size_bytes,
         f.id is not null as has_file, r.extraction_status, r.extraction_method,
         r.extracted_amount_minor::text as amount_minor, r.extracted_currency,
         to_char(r.extracted_date, 'YYYY-MM-DD') as date, r.extracted_vendor, r.extraction_error,
         r.created_at, r.updated_at
  from public.opportunity_receipts r
  left join public.opportunity_receipt_files f on f.receipt_id = r.id and f.organization_id = r.organization_id`;

function toView(r: ReceiptRow): ReceiptView {
  return {
    id: r.id,
    opportunityId: r.opportunity_id,
    transactionId: r.transaction_id,
    fileName: r.file_name,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    hasFile: r.has_file,
    status: r.extraction_status,
    method: r.extraction_method,
    amountMinor: r.amount_minor,
    currency: r.extracted_currency,
    date: r.date,
    vendor: r.extracted_vendor,
    error: r.extraction_error,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export type UploadedReceipt = { name: string; bytes: Uint8Array };

/** What a file is, by its first bytes (never by its name or declared type). */
export function sniffReceiptType(bytes: Uint8Array): ReceiptMimeType | null {
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-") return "application/pdf";
  return sniffRasterImage(bytes);
}

/** Checks an upload's size and type (by content). Throws a 4xx AppError with a clear message. */
export function checkReceiptFile(file: UploadedReceipt): ReceiptMimeType {
  if (!file.bytes.length)
    throw new AppError("validation_failed", "The file is empty.", { file: ["The file is empty."] });
  if (file.bytes.length > MAX_RECEIPT_BYTES) throw new AppError("payload_too_large", TOO_LARGE_MESSAGE);
  const type = sniffReceiptType(file.bytes);
  if (!type) {
    const message =
      WRONG_TYPE_MESSAGE +
      (/\.(pdf|png|jpe?g|webp)$/i.test(file.name) ? " This file's content does not match its name." : "");
    throw new AppError("validation_failed", message, { file: [message] });
  }
  return type;
}

/** A file name safe to store and to send back in Content-Disposition (no path, no control characters). */
export function cleanFileName(name: string, type: ReceiptMimeType): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(0, 200);
  if (base) return base;
  return `receipt.${{ "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" }[type]}`;
}

export const receiptTargetSchema = z
  .object({
    transactionId: z.uuid("That transaction could not be found.").nullish(),
    opportunityId: z.string().trim().max(255, "Use at most 255 characters.").nullish(),
  })
  .refine((v) => v.transactionId || v.opportunityId, {
    message: "Say which transaction or opportunity the receipt is for.",
    path: ["transactionId"],
  });
export type ReceiptTarget = z.input<typeof receiptTargetSchema>;

/** The receipts list's query: `?transaction=<id>` or `?opportunity=<id>` (empty counts as absent). */
export const receiptQuerySchema = z
  .object({ transaction: z.string().optional(), opportunity: z.string().optional() })
  .transform((q): ReceiptTarget => ({
    transactionId: q.transaction || undefined,
    opportunityId: q.opportunity || undefined,
  }))
  .pipe(receiptTargetSchema);

/**
 * Adds a receipt and its file in the caller's transaction (as the user, under RLS). The receipt
 * waits for the AI provider (`pending`: `queueReceiptReading` once the transaction committed) or,
 * with none, for a person (`needs_review`).
 */
export async function createReceipt(
  tx: Tx,
  organizationId: string,
  target: ReceiptTarget,
  file: UploadedReceipt,
  { aiProvider }: { aiProvider: boolean },
): Promise<ReceiptView> {
  const contentType = checkReceiptFile(file);
  const t = receiptTargetSchema.parse(target);
  let opportunityId = t.opportunityId || null;
  if (t.transactionId) {
    const sale = parseFirstRow(
      z.object({ opportunity_id: z.string().nullable(), external_id: z.string() }),
      await tx`
        select opportunity_id, external_id from public.sales_transactions
        where organization_id = ${organizationId} and id = ${t.transactionId}`,
    );
    if (!sale) throw new AppError("not_found", "That transaction could not be found.");
    opportunityId ??= sale.opportunity_id ?? sale.external_id;
  }
  const id = randomUUID();
  const fileName = cleanFileName(file.name, contentType);
  await tx`
    insert into public.opportunity_receipts
      (id, organization_id, opportunity_id, transaction_id, file_path, file_name, content_type,
       extraction_status, extraction_error, created_by)
    values (${id}, ${organizationId}, ${opportunityId!}, ${t.transactionId ?? null}, ${`receipts/${id}/${fileName}`},
            ${fileName}, ${contentType}, ${aiProvider ? "pending" : "needs_review"},
            ${aiProvider ? null : NO_PROVIDER_MESSAGE}, (select auth.uid()))`;
  await tx`insert into public.opportunity_receipt_files (organization_id, receipt_id, data)
           values (${organizationId}, ${id}, ${Buffer.from(file.bytes)})`;
  return getReceipt(tx, organizationId, id);
}

/** Queues reading a receipt (call after its transaction committed). */
export async function enqueueReceiptExtraction(receiptId: string): Promise<void> {
  await enqueueJob(EXTRACT_RECEIPT_TASK, { receiptId }, { jobKey: `receipt:${receiptId}`, maxAttempts: 2 });
}

export const QUEUE_FAILED_MESSAGE =
  "The receipt could not be queued for reading. Retry, or type the values in.";

/**
 * Queues reading a `pending` receipt once the transaction that wrote it committed. When the queue
 * is unreachable the receipt ends `failed` with a reason, rather than pending forever: the answer
 * is then that failed receipt (the service role writes it: the user's transaction is over).
 */
export async function queueReceiptReading(receipt: ReceiptView): Promise<ReceiptView> {
  if (receipt.status !== "pending") return receipt;
  try {
    await enqueueReceiptExtraction(receipt.id);
    return receipt;
  } catch (e) {
    console.error(`[receipts] could not queue ${receipt.id}:`, e);
    const failed = await withServiceRoleBypassingRls(async (tx) => {
      await tx`update public.opportunity_receipts
               set extraction_status = 'failed', extraction_error = ${QUEUE_FAILED_MESSAGE}
               where id = ${receipt.id} and extraction_status = 'pending'`;
      return readReceiptRow(tx, receipt.id);
    });
    return failed ? toView(failed) : receipt;
  }
}

/** One receipt by id, in whatever transaction (the caller has checked the tenant). */
async function readReceiptRow(tx: Tx, id: string, organizationId?: string): Promise<ReceiptRow | undefined> {
  const rows = organizationId
    ? await tx.unsafe(`${SELECT} where r.organization_id = $1 and r.id = $2`, [organizationId, id])
    : await tx.unsafe(`${SELECT} where r.id = $1`, [id]);
  return parseFirstRow(receiptRowSchema, rows);
}

export async function getReceipt(tx: Tx, organizationId: string, id: string): Promise<ReceiptView> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const row = await readReceiptRow(tx, id, organizationId);
  if (!row) throw new AppError("not_found", "That receipt could not be found.");
  return toView(row);
}

/** The receipts of a transaction (and of its opportunity, when it has one), newest first. */
export async function listReceipts(
  tx: Tx,
  organizationId: string,
  filter: { transactionId: string } | { opportunityId: string },
  { limit = 50 }: { limit?: number } = {},
): Promise<ReceiptView[]> {
  const max = Math.min(Math.max(limit, 1), 200);
  if ("transactionId" in filter) {
    if (!z.uuid().safeParse(filter.transactionId).success) return [];
    const rows = await tx.unsafe(
      `${SELECT}
       where r.organization_id = $1
         and (r.transaction_id = $2
              or r.opportunity_id = (select t.opportunity_id from public.sales_transactions t
                                     where t.organization_id = $1 and t.id = $2))
       order by r.created_at desc, r.id limit $3`,
      [organizationId, filter.transactionId, max],
    );
    return parseRows(receiptRowSchema, rows).map(toView);
  }
  const rows = await tx.unsafe(
    `${SELECT} where r.organization_id = $1 and r.opportunity_id = $2
     order by r.created_at desc, r.id limit $3`,
    [organizationId, filter.opportunityId, max],
  );
  return parseRows(receiptRowSchema, rows).map(toView);
}

/** The stored file of a receipt, read as the user (RLS decides who may). */
export async function readReceiptFile(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<{ data: Buffer; contentType: ReceiptMimeType; fileName: string }> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const row = parseFirstRow(
    z.object({
      data: z.instanceof(Buffer),
      content_type: z.enum(RECEIPT_MIME_TYPES).nullable(),
      file_name: z.string().nullable(),
    }),
    await tx`
      select f.data, r.content_type, r.file_name
      from public.opportunity_receipts r
      join public.opportunity_receipt_files f on f.receipt_id = r.id and f.organization_id = r.organization_id
      where r.organization_id = ${organizationId} and r.id = ${id}`,
  );
  if (!row) throw new AppError("not_found", "That receipt or its file could not be found.");
  const contentType = row.content_type ?? sniffReceiptType(row.data) ?? "application/pdf";
  return { data: row.data, contentType, fileName: row.file_name ?? cleanFileName("", contentType) };
}

export async function deleteReceipt(tx: Tx, organizationId: string, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const deleted = await tx`
    delete from public.opportunity_receipts where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!deleted.length) {
    const [seen] =
      await tx`select 1 from public.opportunity_receipts where organization_id = ${organizationId} and id = ${id}`;
    if (seen) throw new AppError("forbidden", "You do not have permission to delete receipts.");
    throw new AppError("not_found", "That receipt could not be found.");
  }
}

/**
 * Reads a receipt again (after it failed, or to replace what was read): back to `pending` (the
 * caller queues it with `queueReceiptReading` after the commit), or `needs_review` when no AI
 * provider is configured. Values typed in by a person are kept: such a receipt is not read again.
 */
export async function resetReceiptReading(
  tx: Tx,
  organizationId: string,
  id: string,
  { aiProvider }: { aiProvider: boolean },
): Promise<ReceiptView> {
  const current = await getReceipt(tx, organizationId, id);
  if (current.status === "pending" || current.status === "processing")
    throw new AppError("conflict", "This receipt is being read already.");
  if (current.status === "typed")
    throw new AppError("conflict", "The values of this receipt were typed in; correct them instead.");
  if (!current.hasFile)
    throw new AppError("gone", "The file of this receipt is no longer kept. Upload it again.");
  const updated = await tx`
    update public.opportunity_receipts
    set extraction_status = ${aiProvider ? "pending" : "needs_review"},
        extraction_error = ${aiProvider ? null : NO_PROVIDER_MESSAGE}
    where organization_id = ${organizationId} and id = ${id} returning id`;
  if (!updated.length) throw new AppError("forbidden", "You do not have permission to change receipts.");
  return getReceipt(tx, organizationId, id);
}

/** A person's reading of a receipt (typed in, or correcting what the AI provider read). */
export async function correctReceipt(
  tx: Tx,
  organizationId: string,
  id: string,
  values: { amountMinor: number; currency: string; date: string; vendor: string },
): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const seen = parseFirstRow(
    z.object({ editable: z.boolean() }),
    await tx`
      select public.has_permission(${organizationId}, 'sales', 'update') as editable
      from public.opportunity_receipts where organization_id = ${organizationId} and id = ${id}`,
  );
  if (!seen) throw new AppError("not_found", "That receipt could not be found.");
  if (!seen.editable) throw new AppError("forbidden", "You do not have permission to change receipts.");
  await typeInReceipt(tx, organizationId, id, values);
}

const receiptTransactionSchema = z.object({
  id: z.string(),
  source: z.string(),
  external_id: z.string(),
  opportunity_id: z.string().nullable(),
  team_member_name: z.string().nullable(),
  amount_minor: z.string(),
  refunded_amount_minor: z.string(),
  currency: z.string(),
  paid_at: z.date(),
  status: z.string(),
  description: z.string().nullable(),
});
export type ReceiptTransaction = z.infer<typeof receiptTransactionSchema>;

/** The transaction a receipts page is about, read as the user; null when it is not theirs to see. */
export async function receiptTransaction(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<ReceiptTransaction | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const rows = await tx`
    select s.id, s.source, s.external_id, s.opportunity_id, tm.full_name as team_member_name,
           s.amount_minor::text as amount_minor, s.refunded_amount_minor::text as refunded_amount_minor,
           s.currency, s.paid_at, s.status, s.description
    from public.sales_transactions s
    left join public.team_members tm on tm.id = s.team_member_id
    where s.organization_id = ${organizationId} and s.id = ${id}`;
  return parseFirstRow(receiptTransactionSchema, rows) ?? null;
}
