import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withServiceRoleBypassingRls, withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { enqueueJob } from "@/lib/queue/queue";
import { llmConfigured } from "@/lib/llm";
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

type ReceiptRow = {
  id: string;
  opportunity_id: string;
  transaction_id: string | null;
  file_name: string | null;
  content_type: ReceiptMimeType | null;
  size_bytes: number | null;
  has_file: boolean;
  extraction_status: ReceiptStatus;
  extraction_method: "ai" | "manual" | null;
  amount_minor: string | null;
  extracted_currency: string | null;
  date: string | null;
  extracted_vendor: string | null;
  extraction_error: string | null;
  created_at: Date;
  updated_at: Date;
};

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
 * waits for the AI provider (`pending`: queue `enqueueReceiptExtraction` after commit) or, with
 * none, for a person (`needs_review`).
 */
export async function createReceiptTx(
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
    const [sale] = await tx<{ opportunity_id: string | null; external_id: string }[]>`
      select opportunity_id, external_id from public.sales_transactions
      where organization_id = ${organizationId} and id = ${t.transactionId}`;
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

/** Queues the job, or (queue unreachable) ends the receipt failed with a reason rather than pending forever. */
async function queueOrFail(receiptId: string): Promise<boolean> {
  try {
    await enqueueReceiptExtraction(receiptId);
    return true;
  } catch (e) {
    console.error(`[receipts] could not queue ${receiptId}:`, e);
    await withServiceRoleBypassingRls(
      (tx) => tx`update public.opportunity_receipts
                 set extraction_status = 'failed',
                     extraction_error = 'The receipt could not be queued for reading. Retry, or type the values in.'
                 where id = ${receiptId} and extraction_status = 'pending'`,
    );
    return false;
  }
}

/** Uploads a receipt as the user and queues its reading: what the upload route calls. */
export async function uploadReceipt(
  claims: UserClaims,
  organizationId: string,
  target: ReceiptTarget,
  file: UploadedReceipt,
): Promise<ReceiptView> {
  const aiProvider = llmConfigured();
  const receipt = await withUser(claims, (tx) =>
    createReceiptTx(tx, organizationId, target, file, { aiProvider }),
  );
  if (aiProvider && !(await queueOrFail(receipt.id)))
    return withUser(claims, (tx) => getReceipt(tx, organizationId, receipt.id));
  return receipt;
}

export async function getReceipt(tx: Tx, organizationId: string, id: string): Promise<ReceiptView> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const [row] = await tx.unsafe<ReceiptRow[]>(`${SELECT} where r.organization_id = $1 and r.id = $2`, [
    organizationId,
    id,
  ]);
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
    const rows = await tx.unsafe<ReceiptRow[]>(
      `${SELECT}
       where r.organization_id = $1
         and (r.transaction_id = $2
              or r.opportunity_id = (select t.opportunity_id from public.sales_transactions t
                                     where t.organization_id = $1 and t.id = $2))
       order by r.created_at desc, r.id limit $3`,
      [organizationId, filter.transactionId, max],
    );
    return rows.map(toView);
  }
  const rows = await tx.unsafe<ReceiptRow[]>(
    `${SELECT} where r.organization_id = $1 and r.opportunity_id = $2
     order by r.created_at desc, r.id limit $3`,
    [organizationId, filter.opportunityId, max],
  );
  return rows.map(toView);
}

/** The stored file of a receipt, read as the user (RLS decides who may). */
export async function readReceiptFile(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<{ data: Buffer; contentType: ReceiptMimeType; fileName: string }> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const [row] = await tx<{ data: Buffer; content_type: ReceiptMimeType | null; file_name: string | null }[]>`
    select f.data, r.content_type, r.file_name
    from public.opportunity_receipts r
    join public.opportunity_receipt_files f on f.receipt_id = r.id and f.organization_id = r.organization_id
    where r.organization_id = ${organizationId} and r.id = ${id}`;
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
 * Reads a receipt again (after it failed, or to replace what was read): back to `pending` and
 * queued, or `needs_review` when no AI provider is configured. Values typed in by a person are
 * kept: such a receipt is not read again.
 */
export async function retryReceipt(
  claims: UserClaims,
  organizationId: string,
  id: string,
): Promise<ReceiptView> {
  const aiProvider = llmConfigured();
  const receipt = await withUser(claims, async (tx) => {
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
  });
  if (aiProvider && !(await queueOrFail(id)))
    return withUser(claims, (tx) => getReceipt(tx, organizationId, id));
  return receipt;
}

/** A person's reading of a receipt (typed in, or correcting what the AI provider read). */
export async function correctReceipt(
  tx: Tx,
  organizationId: string,
  id: string,
  values: { amountMinor: number; currency: string; date: string; vendor: string },
): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "That receipt could not be found.");
  const [seen] = await tx<{ editable: boolean }[]>`
    select public.has_permission(${organizationId}, 'sales', 'update') as editable
    from public.opportunity_receipts where organization_id = ${organizationId} and id = ${id}`;
  if (!seen) throw new AppError("not_found", "That receipt could not be found.");
  if (!seen.editable) throw new AppError("forbidden", "You do not have permission to change receipts.");
  await typeInReceipt(tx, organizationId, id, values);
}

export type ReceiptTransaction = {
  id: string;
  source: string;
  external_id: string;
  opportunity_id: string | null;
  team_member_name: string | null;
  amount_minor: string;
  refunded_amount_minor: string;
  currency: string;
  paid_at: Date;
  status: string;
  description: string | null;
};

/** The transaction a receipts page is about, read as the user; null when it is not theirs to see. */
export async function receiptTransaction(
  tx: Tx,
  organizationId: string,
  id: string,
): Promise<ReceiptTransaction | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await tx<ReceiptTransaction[]>`
    select s.id, s.source, s.external_id, s.opportunity_id, tm.full_name as team_member_name,
           s.amount_minor::text as amount_minor, s.refunded_amount_minor::text as refunded_amount_minor,
           s.currency, s.paid_at, s.status, s.description
    from public.sales_transactions s
    left join public.team_members tm on tm.id = s.team_member_id
    where s.organization_id = ${organizationId} and s.id = ${id}`;
  return row ?? null;
}
