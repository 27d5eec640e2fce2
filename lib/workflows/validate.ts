import { MAX_JSON_DEPTH } from "@/lib/http/input-limits";
import {
  expressionIssues,
  scopeForNode,
  type ExpressionScope,
  type ReferenceIssue,
} from "./expressions/scope";
import { GraphIndex, type GraphLike, type Problem } from "./graph";
import { graphProblems } from "./graph-problems";
import { getNodeType } from "./nodes/registry";
import { hasStepSettings, stepSettingsIssues } from "./nodes/step-settings";
import type { LooseConfig, NodeTypeDefinition } from "./nodes/types";

/**
 * Everything wrong with a workflow: the graph's structure (graph.ts), each step's config against
 * its schema, and each expression against what is available at its step. The builder shows the
 * result as it changes; publishing refuses any error.
 */
export function validateWorkflow(graph: GraphLike): Problem[] {
  const problems = graphProblems(graph);
  const index = GraphIndex.of(graph);
  for (const node of graph.nodes) {
    const def = getNodeType(node.type);
    if (!def) continue;
    const fields = configIssues(def, node.data.config ?? {}, () => scopeForNode(graph, node.id, index));
    for (const [field, issues] of Object.entries(fields)) {
      for (const issue of issues) problems.push({ ...issue, nodeId: node.id, field: field || undefined });
    }
  }
  return problems;
}

/** Issues of one config by field path (`"url"`, `"rules.0.left"`; `""` for the config as a whole). */
export type FieldIssue = ReferenceIssue & Pick<Problem, "kind">;
export type FieldIssues = Record<string, FieldIssue[]>;

export function configIssues(
  def: NodeTypeDefinition,
  config: LooseConfig,
  scope: ExpressionScope | (() => ExpressionScope),
): FieldIssues {
  const issues: FieldIssues = {};
  const add = (path: string, issue: FieldIssue) => (issues[path] ??= []).push(issue);
  const parsed = def.configSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      add(issue.path.map(String).join("."), { severity: "error", message: issue.message });
  }
  if (hasStepSettings(def.category)) {
    for (const issue of stepSettingsIssues(config))
      add(issue.path, { severity: "error", message: issue.message });
  }
  // The scope costs a walk of the graph: only steps that use expressions pay for it.
  let resolved: ExpressionScope | undefined;
  for (const [path, text] of stringsIn(config)) {
    if (!text.includes("{{")) continue;
    resolved ??= typeof scope === "function" ? scope() : scope;
    for (const issue of expressionIssues(text, resolved)) add(path, { ...issue, kind: "incomplete" });
  }
  return issues;
}

/**
 * Every string in a config with its path, depth-first, without recursion; nothing nested deeper
 * than the input cap (MAX_JSON_DEPTH) is visited, so a config stored before the cap cannot
 * overflow the stack of the builder or of publishing.
 */
export function stringsIn(value: unknown, path = ""): [string, string][] {
  const out: [string, string][] = [];
  const stack: [unknown, string, number][] = [[value, path, 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (typeof v === "string") out.push([at, v]);
    if (typeof v !== "object" || v === null || depth >= MAX_JSON_DEPTH) continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push([child, at ? `${at}.${key}` : key, depth + 1]);
    }
  }
  return out;
}

export function problemsByNode(problems: readonly Problem[]): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of problems) if (p.nodeId) (map.get(p.nodeId) ?? map.set(p.nodeId, []).get(p.nodeId)!).push(p);
  return map;
}
