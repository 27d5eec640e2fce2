import { z } from "zod";
import { manualSaleSchema, refundSchema } from "../transactions";
import { planInputSchema, ruleInputSchema } from "../rule-schemas";
import { monthSchema } from "../payouts";
import { parseMajorAmount, toSafeNumber } from "../money";

/** The inputs of the commissions server actions (./index.ts), parsed from their forms. */

export { manualSaleSchema, refundSchema, planInputSchema, ruleInputSchema, monthSchema };

export const idSchema = z.object({ id: z.uuid("That item could not be found.") });

export const importTransactionsSchema = z
  .object({
    file: z
      .instanceof(File)
      .optional()
      .refine((f) => !f || f.size <= 2 * 1024 * 1024, "The file is larger than 2 MB.")
      .transform((f) => (f && f.size > 0 ? f : undefined)),
    csv: z
      .string()
      .max(2 * 1024 * 1024, "Paste at most 2 MB.")
      .optional(),
  })
  .refine((v) => v.file || (v.csv && v.csv.trim()), {
    message: "Choose a CSV file or paste rows.",
    path: ["file"],
  });

export const approveSchema = z.object({
  ids: z.array(z.uuid()).min(1, "Choose at least one commission.").max(500, "Approve at most 500 at a time."),
});

export const rejectSchema = z.object({
  id: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(1, "Give a reason, so the rep knows why.")
    .max(1000, "Use at most 1000 characters."),
});

export const updatePlanSchema = z.intersection(idSchema, planInputSchema);
export const updateRuleSchema = z.intersection(idSchema, ruleInputSchema);

export const previewSchema = z
  .object({
    team_member_id: z.uuid("Choose a team member."),
    amount: z.string().trim().min(1, "Enter a deal amount."),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "Use a 3-letter currency code.")
      .transform((c) => c.toUpperCase()),
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a date.")
      .transform((d) => new Date(`${d}T12:00:00Z`))
      .refine((d) => !Number.isNaN(d.getTime()), "That date does not exist."),
  })
  .transform((v, ctx) => {
    try {
      const minor = parseMajorAmount(v.amount, v.currency);
      if (minor <= 0n) throw new RangeError();
      toSafeNumber(minor);
      return { ...v, amountMinor: minor };
    } catch {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "Enter an amount above zero, e.g. 12000." });
      return z.NEVER;
    }
  });

export const periodSchema = z.object({
  month: monthSchema,
  note: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .transform((v) => v || null),
});

export const markPaidSchema = z.object({
  id: z.uuid(),
  reference: z.string().trim().min(1, "Give the payment reference.").max(200, "Use at most 200 characters."),
});
