"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser } from "@/lib/db/client";
import { correctReceipt, deleteReceipt, retryReceipt } from "../receipt-files";
import { correctReceiptSchema, receiptIdSchema } from "./receipt-schemas";

/** Server actions of receipts (uploads go through the receipts route handler: files are large). */

export const correctReceiptAction = defineOrgAction({
  schema: correctReceiptSchema,
  permission: ["sales", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) =>
      correctReceipt(tx, org.organization.id, input.id, {
        amountMinor: input.amountMinor,
        currency: input.currency,
        date: input.date,
        vendor: input.vendor,
      }),
    );
  },
  successMessage: "Receipt values saved.",
});

export const retryReceiptAction = defineOrgAction({
  schema: receiptIdSchema,
  permission: ["sales", "update"],
  async handler({ input, claims, org }) {
    const receipt = await retryReceipt(claims, org.organization.id, input.id);
    return { status: receipt.status };
  },
  successMessage: ({ status }) =>
    status === "needs_review"
      ? "No AI provider is configured: type the values in."
      : "The receipt is being read again.",
});

export const deleteReceiptAction = defineOrgAction({
  schema: receiptIdSchema,
  permission: ["sales", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteReceipt(tx, org.organization.id, input.id));
  },
  successMessage: "Receipt deleted.",
});
