import { z } from "zod";
import { extractPdfText, PdfReadError } from "@/lib/files/pdf-text";
import { sql as defaultSql, withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { parseFirstRow } from "@/lib/db/rows";
import {
  generateLlmObject,
  jsonTextIn,
  llmConfigured,
  LlmError,
  recordLlmUsage,
  type LlmContentPart,
} from "@/lib/llm";
import { currencyExponent, parseDecimal, toSafeNumber } from "./money";
import { NO_PROVIDER_MESSAGE, RECEIPT_MIME_TYPES, type ReceiptMimeType } from "./receipt-files";

/**
 * The receipt job (`commissions_extract_receipt`, run by the worker): sends a receipt to the
 * configured AI provider through lib/llm — a PDF as its text (pdfjs, in the chatbots' bounded
 * reading thread), a photo as an image part — asking for {amount, currency, date, vendor} as a
 * zod-validated object, checks each value and stores it exactly (minor units); tokens and cost
 * go to the organization's usage.
 * All four read → `extracted`; some not → `needs_review` with what is missing; no provider →
 * `needs_review`; anything else → `failed` with a reason a person can act on. A person can
 * always correct the values afterwards (status `typed`). Runs on the service path: the receipt's
 * row says its organization.
 */

export const STOPPED_MESSAGE =
  "Reading this receipt stopped before it finished (the server may have restarted). Retry, or type the values in.";

/** How much of a PDF is read and sent: receipts are short. */
/** A receipt is a page or two: tighter than a knowledge-base PDF in everything. */
const PDF_LIMITS = {
  timeoutMs: 60_000,
  maxPages: 20,
  maxChars: 1_000_000,
  maxMemoryMb: 256,
  maxStreamBytes: 64 * 1024 * 1024,
  maxDecodedBytes: 128 * 1024 * 1024,
  maxRssGrowthMb: 384,
};
const MAX_PROMPT_CHARS = 30_000;

export const SYSTEM_PROMPT = [
  "You read receipts and invoices and answer with one JSON object only, no prose:",
  '{"amount": the total paid as a decimal string in major units (the grand total including tax, not a subtotal), e.g. "1234.56",',
  ' "currency": its ISO 4217 code, e.g. "USD",',
  ' "date": the date of the receipt as YYYY-MM-DD,',
  ' "vendor": the name of the business that issued it}.',
  "Use null for anything you cannot read. Never guess.",
].join("\n");

/** The provider's answer, as loose as models are; each value is checked on its own below. */
export const receiptAnswerSchema = z.object({
  amount: z.union([z.string(), z.number()]).nullish(),
  currency: z.string().nullish(),
  date: z.string().nullish(),
  vendor: z.string().nullish(),
});

export type ReadValues = {
  amountMinor: number | null;
  currency: string | null;
  date: string | null;
  vendor: string | null;
  /** What could not be read, for the person who finishes it. */
  missing: string[];
};

class ReceiptError extends Error {}

/** Amount text from a model ("1,234.56", "$ 1234.5", 1234.56) → minor units, exactly; null if unclear. */
export function amountToMinor(amount: string | number, currency: string): number | null {
  const text = (typeof amount === "number" ? String(amount) : amount)
    .trim()
    .replace(/^[A-Za-z]{3}\s*/, "")
    .replace(/\s*[A-Za-z]{3}$/, "")
    .replace(/^[$€£¥₹]\s*/, "")
    .replace(/[,\s_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  try {
    const minor = toSafeNumber(parseDecimal(text, currencyExponent(currency)));
    return minor >= 0 ? minor : null;
  } catch {
    return null;
  }
}

function validDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === m[0] && Number(m[1]) >= 1900 && Number(m[1]) <= 2200 ? m[0] : null;
}

/** Checks each value of an answer; `fallbackCurrency` (the transaction's) when none was read. */
export function readValues(
  answer: z.output<typeof receiptAnswerSchema>,
  fallbackCurrency: string | null,
): ReadValues {
  const missing: string[] = [];
  const rawCurrency = answer.currency?.trim().toUpperCase() ?? "";
  const currency = /^[A-Z]{3}$/.test(rawCurrency) ? rawCurrency : fallbackCurrency;
  let amountMinor: number | null = null;
  if (answer.amount !== null && answer.amount !== undefined && currency)
    amountMinor = amountToMinor(answer.amount, currency);
  if (amountMinor === null) missing.push("amount");
  if (!currency) missing.push("currency");
  const date = answer.date ? validDate(answer.date) : null;
  if (!date) missing.push("date");
  const vendor = answer.vendor?.trim().replace(/\s+/g, " ").slice(0, 255) || null;
  if (!vendor) missing.push("vendor");
  return { amountMinor, currency, date, vendor, missing };
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

type Loaded = {
  organization_id: string;
  content_type: ReceiptMimeType | null;
  data: Buffer | null;
  currency: string | null;
};

const waitingReceiptSchema = z.object({
  organization_id: z.string(),
  content_type: z.enum(RECEIPT_MIME_TYPES).nullable(),
  status: z.string(),
  transaction_id: z.string().nullable(),
});

/** Reads one receipt; returns the status it ended in ("skipped": gone, or not waiting to be read). */
export async function extractReceipt(
  receiptId: string,
  db: Sql = defaultSql(),
): Promise<"extracted" | "needs_review" | "failed" | "skipped"> {
  const loaded = await withServiceRoleBypassingRls(async (tx) => {
    const r = parseFirstRow(
      waitingReceiptSchema,
      await tx`
        select organization_id, content_type, extraction_status as status, transaction_id
        from public.opportunity_receipts where id = ${receiptId} for update`,
    );
    if (!r) return null;
    // A run ends every receipt it starts; one still processing means the run before died on it.
    if (r.status === "processing") {
      await tx`update public.opportunity_receipts set extraction_status = 'failed', extraction_error = ${STOPPED_MESSAGE}
               where id = ${receiptId}`;
      return "stopped" as const;
    }
    if (r.status !== "pending") return null; // typed in meanwhile, or a repeated job
    const file = parseFirstRow(
      z.object({ data: z.instanceof(Buffer) }),
      await tx`select data from public.opportunity_receipt_files where receipt_id = ${receiptId}`,
    );
    const sale = r.transaction_id
      ? parseFirstRow(
          z.object({ currency: z.string() }),
          await tx`select currency from public.sales_transactions where id = ${r.transaction_id}`,
        )
      : undefined;
    await tx`update public.opportunity_receipts set extraction_status = 'processing', extraction_error = null
             where id = ${receiptId}`;
    return {
      organization_id: r.organization_id,
      content_type: r.content_type,
      data: file?.data ?? null,
      currency: sale?.currency ?? null,
    } satisfies Loaded;
  }, db);
  if (!loaded) return "skipped";
  if (loaded === "stopped") return "failed";

  const finish = async (values: Record<string, unknown>) => {
    await withServiceRoleBypassingRls(
      (tx) => tx`update public.opportunity_receipts set ${tx(values as never)}
                 where id = ${receiptId} and extraction_status = 'processing'`,
      db,
    );
  };

  if (!llmConfigured()) {
    await finish({ extraction_status: "needs_review", extraction_error: NO_PROVIDER_MESSAGE });
    return "needs_review";
  }
  try {
    if (!loaded.data) throw new ReceiptError("The file of this receipt is no longer kept. Upload it again.");
    const content = await receiptContent(loaded.data, loaded.content_type);
    const { object, text: answer, usage } = await askProvider(content);
    await withServiceRoleBypassingRls((tx) => recordLlmUsage(tx, loaded.organization_id, usage), db);
    const values = readValues(object, loaded.currency);
    const complete = values.missing.length === 0;
    await finish({
      extraction_status: complete ? "extracted" : "needs_review",
      extraction_method: "ai",
      extracted_amount_minor: values.amountMinor,
      extracted_currency: values.currency,
      extracted_date: values.date,
      extracted_vendor: values.vendor,
      extraction_error: complete
        ? null
        : `The AI provider could not read the ${list(values.missing)} — type ${values.missing.length === 1 ? "it" : "them"} in.`,
      extraction_raw: { answer: answer.slice(0, 4000) },
    });
    return complete ? "extracted" : "needs_review";
  } catch (e) {
    const message =
      e instanceof ReceiptError || e instanceof PdfReadError
        ? e.message
        : /password/i.test(`${(e as Error).name} ${(e as Error).message}`)
          ? "This PDF is protected by a password. Upload it without the password, or type the values in."
          : /InvalidPDF|Invalid PDF|corrupt|bad XRef|FormatError|UnknownErrorException/i.test(
                `${(e as Error).name} ${(e as Error).message}`,
              )
            ? "This PDF could not be read: the file seems damaged. Upload it again, or type the values in."
            : `The receipt could not be read: ${((e as Error).message || "unknown error").slice(0, 300)}`;
    if (!(e instanceof ReceiptError) && !(e instanceof PdfReadError) && !message.startsWith("This PDF"))
      console.error(`[receipts] receipt ${receiptId} failed:`, e);
    await finish({ extraction_status: "failed", extraction_error: message.slice(0, 1000) });
    return "failed";
  }
}

/** The user message's content: the PDF's text, or the photo itself. */
async function receiptContent(data: Buffer, contentType: ReceiptMimeType | null): Promise<LlmContentPart[]> {
  if (contentType === "application/pdf" || contentType === null) {
    const pages = await extractPdfText(new Uint8Array(data), () => {}, PDF_LIMITS);
    const text = pages
      .map((p) => p.text.trim())
      .filter(Boolean)
      .join("\n\n")
      .slice(0, MAX_PROMPT_CHARS);
    if (!text)
      throw new ReceiptError(
        "No text could be read from this PDF (it may be a scanned image). Upload a photo of the receipt instead, or type the values in.",
      );
    return [{ type: "text", text: `Read this receipt. Its text, taken from a PDF:\n\n${text}` }];
  }
  return [
    { type: "text", text: "Read this receipt." },
    { type: "image", image: new Uint8Array(data), mediaType: contentType },
  ];
}

/** Why the provider's answer could not be used, in words for the person who uploaded it. */
export function answerProblem(error: LlmError): string {
  if (error.text === undefined) return error.message.replace(/[.\s]+$/, "");
  if (!error.text.trim()) return "The AI provider gave an empty answer";
  try {
    JSON.parse(jsonTextIn(error.text));
  } catch {
    return "The AI provider's answer was not the JSON asked for";
  }
  return "The AI provider's answer did not have the amount, currency, date and vendor asked for";
}

async function askProvider(content: LlmContentPart[]) {
  try {
    return await generateLlmObject(receiptAnswerSchema, {
      name: "receipt",
      system: SYSTEM_PROMPT,
      messages: [{ role: "user", content }],
      temperature: 0,
      maxOutputTokens: 300,
      timeoutMs: 60_000,
      // One retry of a rate limit or server error; the person can retry later too.
      maxRetries: 1,
    });
  } catch (e) {
    if (!(e instanceof LlmError)) throw e;
    throw new ReceiptError(`${answerProblem(e)}. Retry, or type the values in.`);
  }
}
