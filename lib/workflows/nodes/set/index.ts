import { z } from "zod";
import { identifier } from "../schema-helpers";
import { defineNodeType, IN, looseItems, singleOutput } from "../types";

export const setNode = defineNodeType({
  type: "set",
  label: "Set fields",
  description: "Builds new fields from expressions, for the steps after it.",
  category: "logic",
  configSchema: z
    .object({
      fields: z
        .array(
          z.object({ name: identifier, value: z.string().max(20_000, "Use at most 20,000 characters.") }),
        )
        .min(1, "Add at least one field.")
        .max(50, "Use at most 50 fields."),
    })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.fields.forEach((f, i) => {
        if (seen.has(f.name))
          ctx.addIssue({
            code: "custom",
            path: ["fields", i, "name"],
            message: "Each field needs its own name.",
          });
        seen.add(f.name);
      });
    }),
  defaults: { fields: [{ name: "", value: "" }] },
  inputs: IN,
  outputs: singleOutput,
  outputFields: (config) =>
    looseItems(config, "fields")
      .filter((f) => typeof f.name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name))
      .map((f) => ({ name: f.name as string, type: "any" as const })),
});
