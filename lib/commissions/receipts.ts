import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { idRowSchema } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";

/**
 * Receipts for opportunities (seed 004): a stored file and what was read from it. The AI
 * provider fills the extraction when one is configured (method "ai"); otherwise a person types
 * the amount, date and vendor in (method "manual", status "typed"). Under `sales` permissions.
 */

export const receiptInputSchema = z.object({
  opportunityId: z.string().trim().min(1).max(255),
  transactionId: z.uuid().nullish(),
  filePath: z.string().trim().min(1).max(1000),
  fileName: z.string().trim().max(255).nullish(),
  contentType: z.enum(["application/pdf", "image/png", "image/jpeg", "image/webp"]).nullish(),
});

export const typedExtractionSchema = z.object({
  amountMinor: z
    .number()
    .refine((n) => Number.isSafeInteger(n) && n >= 0, "must be a whole number of minor units"),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .transform((c) => c.toUpperCase()),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  vendor: z.string().trim().min(1).max(255),
});

export async function addReceipt(tx: Tx, organizationId: string, input: z.input<typeof receiptInputSchema>) {
  const r = receiptInputSchema.parse(input);
  const rows = await tx`
    insert into public.opportunity_receipts
      (organization_id, opportunity_id, transaction_id, file_path, file_name, content_type, created_by)
    values (${organizationId}, ${r.opportunityId}, ${r.transactionId ?? null}, ${r.filePath}, ${r.fileName ?? null},
            ${r.contentType ?? null}, (select auth.uid()))
    returning id`;
  return idRowSchema.parse(rows[0]);
}

/** What a person read off the receipt, when no AI provider extracted it. */
export async function typeInReceipt(
  tx: Tx,
  organizationId: string,
  id: string,
  input: z.input<typeof typedExtractionSchema>,
) {
  const t = typedExtractionSchema.parse(input);
  const rows = await tx`
    update public.opportunity_receipts
    set extracted_amount_minor = ${String(t.amountMinor)}::bigint, extracted_currency = ${t.currency},
        extracted_date = ${t.date}::date, extracted_vendor = ${t.vendor},
        extraction_method = 'manual', extraction_status = 'typed', extraction_error = null
    where organization_id = ${organizationId} and id = ${id}
    returning id`;
  if (!rows.length) throw new AppError("not_found", "That receipt could not be found.");
}
