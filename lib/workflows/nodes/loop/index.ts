import { z } from "zod";
import { requiredText } from "../schema-helpers";
import { defineNodeType, IN } from "../types";

export const MAX_LOOP_ITEMS = 1000;

export const loopNode = defineNodeType({
  type: "loop",
  label: "Loop",
  description: "Runs its body once for each item of a list, then goes on from Done.",
  category: "logic",
  configSchema: z.object({
    items: requiredText("the list to go through (an expression)", 2000),
    max_items: z.coerce
      .number({ error: "Enter a number." })
      .int("Use a whole number.")
      .min(1, "Use at least 1.")
      .max(MAX_LOOP_ITEMS, `Use at most ${MAX_LOOP_ITEMS}.`)
      .default(100),
  }),
  defaults: { items: "", max_items: 100 },
  inputs: IN,
  outputs: () => [
    { id: "body", label: "Each item", required: true },
    { id: "done", label: "Done" },
  ],
  loopBodyHandle: "body",
  outputFields: () => [
    { name: "count", type: "number", description: "How many items were processed" },
    { name: "items", type: "array", description: "The items" },
  ],
});
