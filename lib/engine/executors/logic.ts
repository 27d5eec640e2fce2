import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";
import { stringifyValue } from "@/lib/workflows/expressions/evaluate";
import type { ConditionOperator } from "@/lib/workflows/nodes/condition";
import { DELAY_UNITS } from "@/lib/workflows/nodes/delay";

/** Executors of the logic steps: pure functions of their (already rendered) config. */

type Rule = { left: unknown; operator: ConditionOperator; right: unknown };

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && v !== null && Object.keys(v).length === 0)
  );
}

export function testRule(rule: Rule): boolean {
  const left = stringifyValue(rule.left);
  const right = stringifyValue(rule.right);
  switch (rule.operator) {
    case "equals":
      return left === right;
    case "not_equals":
      return left !== right;
    case "contains":
      return Array.isArray(rule.left) ? rule.left.map(stringifyValue).includes(right) : left.includes(right);
    case "not_contains":
      return !(Array.isArray(rule.left)
        ? rule.left.map(stringifyValue).includes(right)
        : left.includes(right));
    case "starts_with":
      return left.startsWith(right);
    case "ends_with":
      return left.endsWith(right);
    case "greater_than":
    case "less_than": {
      const a = Number(left);
      const b = Number(right);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return rule.operator === "greater_than" ? a > b : a < b;
    }
    case "is_empty":
      return isEmpty(rule.left);
    case "is_not_empty":
      return !isEmpty(rule.left);
  }
}

export const condition: EngineExecutor = async (config) => {
  const rules = config.rules as Rule[];
  const results = rules.map(testRule);
  const result = config.combinator === "any" ? results.some(Boolean) : results.every(Boolean);
  return { kind: "done", output: { result, rules: results }, follow: [result ? "true" : "false"] };
};

export const switchStep: EngineExecutor = async (config) => {
  const value = stringifyValue(config.value);
  const cases = config.cases as { id: string; equals: string }[];
  const match = cases.find((c) => stringifyValue(c.equals) === value);
  const handle = match ? match.id : config.fallback === false ? null : "fallback";
  return { kind: "done", output: { value, matched: handle }, follow: handle ? [handle] : [] };
};

export const delay: EngineExecutor = async (config) => {
  const seconds = Number(config.amount) * DELAY_UNITS[config.unit as keyof typeof DELAY_UNITS];
  return { kind: "wait", until: new Date(Date.now() + seconds * 1000) };
};

export const loop: EngineExecutor = async (config) => {
  const items = config.items;
  if (!Array.isArray(items)) {
    throw new StepError("The list to go through is not a list. Use an expression that gives an array.");
  }
  const max = Number(config.max_items ?? 100);
  return {
    kind: "done",
    output: { items: items.slice(0, max), count: Math.min(items.length, max), truncated: items.length > max },
    follow: ["body", "done"],
  };
};

export const set: EngineExecutor = async (config) => {
  const fields = config.fields as { name: string; value: unknown }[];
  return { kind: "done", output: Object.fromEntries(fields.map((f) => [f.name, f.value])) };
};

export const end: EngineExecutor = async (config) => ({
  kind: "done",
  output: { outcome: config.outcome ?? "completed", message: config.message ?? "" },
  follow: [],
});

/** Triggers: their step records what started the run (the engine passes it in). */
export const trigger: EngineExecutor = async (config) => ({ kind: "done", output: config.__trigger ?? {} });

/** Merge: the outputs of the branches that arrived, by step id (the engine passes them in). */
export const merge: EngineExecutor = async (config) => {
  const branches = (config.__branches ?? {}) as Record<string, unknown>;
  return { kind: "done", output: { branches, count: Object.keys(branches).length } };
};
