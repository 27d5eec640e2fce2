import { z } from "zod";
import { optionalText, requiredText } from "../schema-helpers";
import { defineNodeType, IN, looseItems, type HandleSpec } from "../types";

export const MAX_SWITCH_CASES = 20;

export const switchNode = defineNodeType({
  type: "switch",
  label: "Switch",
  description: "Picks one of several branches by comparing a value with each case.",
  category: "logic",
  configSchema: z
    .object({
      value: requiredText("the value to compare (usually an expression)", 2000),
      cases: z
        .array(
          z.object({
            /** The case's output handle; stays the same when cases are renamed or reordered. */
            id: z.string().regex(/^c[0-9]{1,4}$/, "A case has a broken id."),
            label: optionalText(60),
            equals: z.string().max(2000, "Use at most 2000 characters."),
          }),
        )
        .min(1, "Add at least one case.")
        .max(MAX_SWITCH_CASES, `Use at most ${MAX_SWITCH_CASES} cases.`),
      /** Offer a branch for values that match no case. */
      fallback: z.boolean().default(true),
    })
    .superRefine((config, ctx) => {
      const ids = new Set<string>();
      config.cases.forEach((c, i) => {
        if (ids.has(c.id))
          ctx.addIssue({ code: "custom", path: ["cases", i, "id"], message: "Two cases share an id." });
        ids.add(c.id);
      });
    }),
  defaults: { value: "", cases: [{ id: "c1", label: "", equals: "" }], fallback: true },
  inputs: IN,
  outputs: (config) => {
    const handles: HandleSpec[] = looseItems(config, "cases")
      .filter(
        (c): c is { id: string } & Record<string, unknown> =>
          typeof c.id === "string" && /^c[0-9]{1,4}$/.test(c.id),
      )
      .map((c) => ({
        id: c.id,
        label:
          (typeof c.label === "string" && c.label.trim()) ||
          (typeof c.equals === "string" && c.equals) ||
          c.id,
      }));
    if (config.fallback !== false) handles.push({ id: "fallback", label: "Otherwise" });
    return handles;
  },
  outputFields: () => [
    { name: "matched", type: "string", description: "The id of the case that matched, or fallback" },
  ],
});
