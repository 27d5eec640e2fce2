import { z } from "zod";
import { defineNodeType, IN, singleOutput } from "../types";

export const MAX_SUMMARY_DAYS = 92;

/**
 * Reads the organization's own sales (GoHighLevel payments and won deals, CSV imports, sales
 * entered by hand: the commissions ledger) over the last days and adds them up, by rep. Made for
 * digests: its `text` output reads well in an email or a notification as it is.
 */
export const salesSummaryNode = defineNodeType({
  type: "sales_summary",
  label: "Sales summary",
  description: "Adds up the sales Orgflow recorded over the last days, in total and by rep.",
  category: "action",
  configSchema: z.object({
    days: z.coerce
      .number({ error: "Enter a number of days." })
      .int("Use whole days.")
      .min(1, "Use at least 1 day.")
      .max(MAX_SUMMARY_DAYS, `Use at most ${MAX_SUMMARY_DAYS} days.`)
      .default(7),
  }),
  defaults: { days: 7 },
  inputs: IN,
  outputs: singleOutput,
  outputFields: () => [
    { name: "count", type: "number", description: "How many sales (fully refunded ones left out)" },
    { name: "total", type: "string", description: "The total net of refunds, one amount per currency" },
    {
      name: "by_rep",
      type: "array",
      description: "Each rep's sales, biggest first",
      children: [
        { name: "name", type: "string" },
        { name: "count", type: "number" },
        { name: "total", type: "string" },
      ],
    },
    { name: "text", type: "string", description: "A readable summary for an email or a notification" },
    { name: "from", type: "string", description: "Start of the period (ISO 8601)" },
    { name: "to", type: "string", description: "End of the period (ISO 8601)" },
  ],
});
