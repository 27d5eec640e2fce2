import { z } from "zod";
import { requiredText } from "../schema-helpers";
import { defineNodeType, IN } from "../types";

export const CONDITION_OPERATORS = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  greater_than: "is greater than",
  less_than: "is less than",
  is_empty: "is empty",
  is_not_empty: "is not empty",
} as const;

export type ConditionOperator = keyof typeof CONDITION_OPERATORS;
/** Operators that compare with nothing. */
export const UNARY_OPERATORS: readonly ConditionOperator[] = ["is_empty", "is_not_empty"];

export const conditionRule = z
  .object({
    left: requiredText("a value to test (usually an expression)", 2000),
    operator: z.enum(Object.keys(CONDITION_OPERATORS) as [ConditionOperator], {
      error: "Choose a comparison.",
    }),
    right: z.string().max(2000, "Use at most 2000 characters.").default(""),
  })
  .superRefine((rule, ctx) => {
    if ((rule.operator === "greater_than" || rule.operator === "less_than") && rule.right.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["right"], message: "Enter a number to compare with." });
    }
  });

export const conditionNode = defineNodeType({
  type: "condition",
  label: "Condition",
  description: "Goes one way when the rules hold and the other way when they don't.",
  category: "logic",
  configSchema: z.object({
    combinator: z.enum(["all", "any"]).default("all"),
    rules: z.array(conditionRule).min(1, "Add at least one rule.").max(20, "Use at most 20 rules."),
  }),
  defaults: { combinator: "all", rules: [{ left: "", operator: "equals", right: "" }] },
  inputs: IN,
  outputs: () => [
    { id: "true", label: "True" },
    { id: "false", label: "False" },
  ],
  outputFields: () => [{ name: "result", type: "boolean", description: "Whether the rules held" }],
});
