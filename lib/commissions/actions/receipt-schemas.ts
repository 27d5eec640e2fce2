import { z } from "zod";
import { parseMajorAmount, toSafeNumber } from "../money";

/** The inputs of the receipt server actions (./receipts.ts), parsed from their forms. */

export const receiptIdSchema = z.object({ id: z.uuid("That receipt could not be found.") });

/** A person's reading of a receipt: the amount in major units ("12.50"), exact in minor units. */
export const correctReceiptSchema = z
  .object({
    id: z.uuid("That receipt could not be found."),
    amount: z
      .string({ error: "Enter the amount." })
      .trim()
      .min(1, "Enter the amount.")
      .regex(/^[$€£]?\s*\d[\d,\s_]*(\.\d+)?$/, "Enter the amount as a number, e.g. 45.50 or 1,200."),
    currency: z
      .string({ error: "Enter a currency." })
      .trim()
      .regex(/^[A-Za-z]{3}$/, "Use a 3-letter currency code, e.g. USD.")
      .transform((c) => c.toUpperCase()),
    date: z
      .string({ error: "Choose the receipt's date." })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose the receipt's date.")
      .refine((d) => {
        const parsed = new Date(`${d}T00:00:00Z`);
        return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
      }, "That date does not exist."),
    vendor: z
      .string({ error: "Enter the vendor." })
      .trim()
      .min(1, "Enter the vendor.")
      .max(255, "Use at most 255 characters."),
  })
  .transform((v, ctx) => {
    try {
      const minor = parseMajorAmount(v.amount, v.currency);
      if (minor < 0n) throw new RangeError("negative");
      return { ...v, amountMinor: toSafeNumber(minor) };
    } catch {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: "Enter the amount as a number, e.g. 45.50 or 1,200.",
      });
      return z.NEVER;
    }
  });
