import { z } from "zod";
import { parseTestInput } from "./format";

/** Form schemas of the run server actions (actions.ts: a "use server" module exports only functions). */

const executionId = z.uuid("That run could not be found.");

/** The builder's test input: JSON text of an object (empty is {}), validated like the editor does. */
export const startRunSchema = z.object({
  id: z.uuid("That workflow could not be found."),
  input: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const parsed = parseTestInput(text);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.value;
    }),
});

export const rerunSchema = z.object({
  id: executionId,
  version: z.enum(["same", "live"], { error: "Choose which version to run." }).default("same"),
});

export const executionIdSchema = z.object({ id: executionId });
