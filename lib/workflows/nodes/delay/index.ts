import { z } from "zod";
import { defineNodeType, IN, singleOutput } from "../types";

export const DELAY_UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
export const MAX_DELAY_SECONDS = 90 * 86_400;

export const delayNode = defineNodeType({
  type: "delay",
  label: "Delay",
  description: "Waits before going on; the run sleeps without holding a worker.",
  category: "logic",
  configSchema: z
    .object({
      amount: z.coerce
        .number({ error: "Enter a number." })
        .int("Use a whole number.")
        .min(1, "Wait at least 1."),
      unit: z
        .enum(Object.keys(DELAY_UNITS) as [keyof typeof DELAY_UNITS], { error: "Choose a unit." })
        .default("minutes"),
    })
    .refine((c) => c.amount * DELAY_UNITS[c.unit] <= MAX_DELAY_SECONDS, {
      path: ["amount"],
      message: "Wait at most 90 days.",
    }),
  defaults: { amount: 5, unit: "minutes" },
  inputs: IN,
  outputs: singleOutput,
  outputFields: () => [{ name: "resumed_at", type: "string", description: "When the wait ended (ISO 8601)" }],
});
