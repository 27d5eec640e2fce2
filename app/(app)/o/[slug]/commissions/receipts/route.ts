import { NextResponse } from "next/server";
import { fieldErrorsFromZod } from "@/lib/actions/action";
import { defineOrgRoute, parseQuery } from "@/lib/actions/session-route";
import {
  listReceipts,
  MAX_RECEIPT_BYTES,
  receiptQuerySchema,
  receiptTargetSchema,
  TOO_LARGE_MESSAGE,
  uploadReceipt,
} from "@/lib/commissions/receipt-files";
import { AppError } from "@/lib/errors";

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
 * (PDF, PNG, JPEG, WebP); reading it is queued after the receipt's own transaction commits (hence
 * `transaction: false`) when an AI provider is configured.
 */
export const POST = defineOrgRoute({
  permission: ["sales", "create"],
  body: {
    maxFileBytes: MAX_RECEIPT_BYTES,
    tooLarge: TOO_LARGE_MESSAGE,
    missingFile: "Choose a file to upload.",
  },
  transaction: false,
  handler: async ({ claims, organization, body: { file, text } }) => {
    const target = receiptTargetSchema.safeParse({
      transactionId: text("transaction_id"),
      opportunityId: text("opportunity_id"),
    });
    if (!target.success)
      throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(target.error));
    const receipt = await uploadReceipt(claims, organization.organization.id, target.data, {
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return NextResponse.json({ receipt }, { status: 201 });
  },
});
