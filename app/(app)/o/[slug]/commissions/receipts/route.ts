import { NextResponse } from "next/server";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { defineOrgRoute, parseQuery } from "@/lib/actions/session-route";
import {
  createReceipt,
  listReceipts,
  MAX_RECEIPT_BYTES,
  queueReceiptReading,
  receiptQuerySchema,
  receiptTargetSchema,
  TOO_LARGE_MESSAGE,
} from "@/lib/commissions/receipt-files";
import { AppError } from "@/lib/errors";
import { llmConfigured } from "@/lib/llm";

/**
 * The receipts of a transaction (`?transaction=<id>`) or an opportunity (`?opportunity=<id>`), as
 * JSON: what the receipts panel polls while a receipt is being read.
 */
export const GET = defineOrgRoute({
  permission: ["sales", "read"],
  handler: async ({ request, tx, organization }) => {
    const target = parseQuery(request, receiptQuerySchema, "Say which transaction or opportunity.");
    const receipts = await listReceipts(
      tx,
      organization.organization.id,
      target.transactionId
        ? { transactionId: target.transactionId }
        : { opportunityId: target.opportunityId! },
    );
    return NextResponse.json({ receipts }, { headers: { "cache-control": "private, no-store" } });
  },
});

/**
 * Uploads a receipt (multipart: `file`, and `transaction_id` and/or `opportunity_id`). A route
 * handler rather than a server action: files go up to 10 MB. The type is decided by the content
 * (PDF, PNG, JPEG, WebP). `transaction: false`: the file arrives with no transaction open, the
 * receipt is written in one (`transact`), and its reading is queued once that one committed (when
 * an AI provider is configured).
 */
export const POST = defineOrgRoute({
  permission: ["sales", "create"],
  body: {
    maxFileBytes: MAX_RECEIPT_BYTES,
    tooLarge: TOO_LARGE_MESSAGE,
    missingFile: "Choose a file to upload.",
  },
  transaction: false,
  handler: async ({ transact, organization, body: { file, text } }) => {
    const target = receiptTargetSchema.safeParse({
      transactionId: text("transaction_id"),
      opportunityId: text("opportunity_id"),
    });
    if (!target.success)
      throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(target.error));
    const upload = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    const aiProvider = llmConfigured();
    const created = await transact((tx) =>
      createReceipt(tx, organization.organization.id, target.data, upload, { aiProvider }),
    );
    return NextResponse.json({ receipt: await queueReceiptReading(created) }, { status: 201 });
  },
});
