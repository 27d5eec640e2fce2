"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { llmConfigured } from "@/lib/llm";
import { correctReceipt, deleteReceipt, queueReceiptReading, resetReceiptReading } from "../receipt-files";
import { correctReceiptSchema, receiptIdSchema } from "./receipt-schemas";

/** Server actions of receipts (uploads go through the receipts route handler: files are large). */

export const correctReceiptAction = defineOrgAction({
  schema: correctReceiptSchema,
  permission: ["sales", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await correctReceipt(tx, org.organization.id, input.id, {
      amountMinor: input.amountMinor,
      currency: input.currency,
      date: input.date,
      vendor: input.vendor,
    });
  },
  successMessage: "Receipt values saved.",
});

export const retryReceiptAction = defineOrgAction({
  schema: receiptIdSchema,
  permission: ["sales", "update"],
  transaction: true,
  async handler({ input, tx, org, afterCommit }) {
    const receipt = await resetReceiptReading(tx, org.organization.id, input.id, {
      aiProvider: llmConfigured(),
    });
    const answer = { status: receipt.status };
    // Queued once the reset is committed (the job reads the row); an unreachable queue fails it.
    afterCommit(async () => {
      answer.status = (await queueReceiptReading(receipt)).status;
    });
    return answer;
  },
  successMessage: ({ status }) =>
    status === "needs_review"
      ? "No AI provider is configured: type the values in."
      : "The receipt is being read again.",
});

export const deleteReceiptAction = defineOrgAction({
  schema: receiptIdSchema,
  permission: ["sales", "delete"],
  transaction: true,
  async handler({ input, tx, org }) {
    await deleteReceipt(tx, org.organization.id, input.id);
  },
  successMessage: "Receipt deleted.",
});
