import { z } from "zod";
import { validateCron } from "@/lib/workflows/cron";
import { defineNodeType, singleOutput } from "../types";

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const scheduleNode = defineNodeType({
  type: "schedule",
  label: "Schedule",
  description: "Starts on a schedule written as a cron expression, in a time zone.",
  category: "trigger",
  configSchema: z.object({
    cron: z
      .string({ error: "Enter a cron expression." })
      .trim()
      .min(1, "Enter a cron expression, e.g. 0 9 * * 1-5.")
      .superRefine((value, ctx) => {
        const problem = validateCron(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    timezone: z
      .string({ error: "Choose a time zone." })
      .trim()
      .min(1, "Choose a time zone.")
      .refine(isTimeZone, "That is not a time zone this server knows (use names like Europe/Paris)."),
  }),
  defaults: { cron: "0 9 * * 1-5", timezone: "UTC" },
  inputs: [],
  outputs: singleOutput,
  outputFields: () => [
    { name: "scheduled_at", type: "string", description: "The time this run was due (ISO 8601)" },
    { name: "timezone", type: "string", description: "The schedule's time zone" },
  ],
});
