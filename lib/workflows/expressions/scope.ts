import { GraphIndex, nodeLabel, upstreamNodes, type GraphLike, type StepInfo } from "@/lib/workflows/graph";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import type { OutputField, OutputType } from "@/lib/workflows/nodes/types";
import { EXPRESSION_ROOTS } from "./evaluate";
import { formatPath, parseTemplate, type PathSegment } from "./parse";

/**
 * What a step's expressions may refer to: the trigger, the steps before it (their declared
 * outputs), the organization, and inside a loop's body the current item. Used for autocomplete
 * and to check references as they are typed.
 */

export const ORG_FIELDS: readonly OutputField[] = [
  { name: "id", type: "string", description: "The organization's id" },
  { name: "name", type: "string", description: "The organization's name" },
  { name: "slug", type: "string", description: "Its URL name" },
];

export const LOOP_FIELDS: readonly OutputField[] = [
  { name: "item", type: "any", description: "The current item" },
  { name: "index", type: "number", description: "Its position, from 0" },
];

export type ExpressionScope = {
  trigger: StepInfo | null;
  /** Steps before this one, nearest first. */
  steps: ReadonlyMap<string, StepInfo>;
  /** Every step id in the workflow, to tell "not before this step" from "no such step". */
  allSteps: ReadonlyMap<string, string>;
  /** Inside the body of this loop (its label), if any. */
  loop: string | null;
};

export function scopeForNode(
  graph: GraphLike,
  nodeId: string,
  index = GraphIndex.of(graph),
): ExpressionScope {
  const steps = new Map<string, StepInfo>();
  for (const node of upstreamNodes(index, nodeId)) {
    const category = getNodeType(node.type)?.category;
    if (category && category !== "trigger") steps.set(node.id, index.stepInfo(node.id));
  }
  let loop: string | null = null;
  for (const [loopId, body] of index.loopBodies()) {
    if (body.has(nodeId)) loop = nodeLabel(index.nodes.get(loopId)!);
  }
  const trigger = graph.nodes.find((n) => getNodeType(n.type)?.category === "trigger");
  return { trigger: trigger ? index.stepInfo(trigger.id) : null, steps, allSteps: index.labels(), loop };
}

export type ScopeVariable = {
  /** What to insert between `{{ ` and ` }}`. */
  path: string;
  type: OutputType;
  description?: string;
  /** Where it comes from: "Trigger: Webhook", a step's name, "Organization", "Loop". */
  group: string;
};

const MAX_DEPTH = 4;

function flatten(prefix: string, fields: readonly OutputField[], group: string, depth = 0): ScopeVariable[] {
  const out: ScopeVariable[] = [];
  for (const field of fields) {
    const path = `${prefix}.${field.name}`;
    out.push({
      path,
      type: field.type,
      group,
      ...(field.description ? { description: field.description } : {}),
    });
    if (field.children?.length && depth < MAX_DEPTH) {
      out.push(...flatten(field.type === "array" ? `${path}[0]` : path, field.children, group, depth + 1));
    }
  }
  return out;
}

/** Every variable available in the scope, for autocomplete. */
export function scopeVariables(scope: ExpressionScope): ScopeVariable[] {
  const out: ScopeVariable[] = [];
  if (scope.trigger) out.push(...flatten("trigger", scope.trigger.fields, `Trigger: ${scope.trigger.label}`));
  for (const [id, step] of scope.steps) {
    out.push(
      {
        path: `steps.${id}.output`,
        type: "object",
        group: step.label,
        description: `Everything ${step.label} produced`,
      },
      ...flatten(`steps.${id}.output`, step.fields, step.label),
    );
  }
  if (scope.loop) out.push(...flatten("loop", LOOP_FIELDS, `Loop: ${scope.loop}`));
  out.push(...flatten("org", ORG_FIELDS, "Organization"));
  return out;
}

export type ReferenceIssue = { severity: "error" | "warning"; message: string };

/** Whether `path` can mean something at this step; null when it can. */
export function checkReference(path: readonly PathSegment[], scope: ExpressionScope): ReferenceIssue | null {
  const [root, ...rest] = path;
  switch (root) {
    case "trigger":
      if (!scope.trigger)
        return { severity: "error", message: "There is no trigger yet, so trigger values are empty." };
      return checkFields(["trigger"], rest, scope.trigger.fields);
    case "steps": {
      const [id, output, ...fields] = rest;
      if (typeof id !== "string")
        return { severity: "error", message: "Name a step: steps.<step id>.output…" };
      if (!scope.allSteps.has(id)) return { severity: "error", message: `There is no step “${id}”.` };
      const step = scope.steps.get(id);
      if (!step) {
        return {
          severity: "error",
          message: `“${scope.allSteps.get(id)}” (${id}) does not come before this step, so its output is not available here.`,
        };
      }
      if (output === undefined) return null;
      if (output !== "output")
        return { severity: "error", message: `Write steps.${id}.output… to use what that step produced.` };
      return checkFields(["steps", id, "output"], fields, step.fields);
    }
    case "org":
      return checkFields(["org"], rest, ORG_FIELDS);
    case "loop":
      if (!scope.loop)
        return { severity: "error", message: "“loop” is only available inside a Loop step's body." };
      return checkFields(["loop"], rest, LOOP_FIELDS);
    default:
      return {
        severity: "error",
        message: `Unknown name “${String(root)}”. Expressions start with ${EXPRESSION_ROOTS.join(", ")}.`,
      };
  }
}

/** Follows declared fields as far as they are known; an unknown name is a warning (data may have more). */
function checkFields(
  prefix: PathSegment[],
  rest: readonly PathSegment[],
  fields: readonly OutputField[],
): ReferenceIssue | null {
  let known: readonly OutputField[] = fields;
  const walked = [...prefix];
  for (const segment of rest) {
    if (known.length === 0) return null;
    if (typeof segment === "number") {
      walked.push(segment);
      continue;
    }
    const field = known.find((f) => f.name === segment);
    if (!field) {
      return {
        severity: "warning",
        message: `${formatPath(walked)} has no declared field “${segment}”; check the spelling.`,
      };
    }
    walked.push(segment);
    known = field.children ?? [];
  }
  return null;
}

/** Syntax and reference problems of one text field at a step. */
export function expressionIssues(text: string, scope: ExpressionScope): ReferenceIssue[] {
  if (!text.includes("{{")) return [];
  const parsed = parseTemplate(text);
  const issues: ReferenceIssue[] = parsed.errors.map((e) => ({ severity: "error", message: e.message }));
  for (const part of parsed.parts) {
    if (part.kind !== "expression") continue;
    const issue = checkReference(part.path, scope);
    if (issue) issues.push(issue);
  }
  return issues;
}
