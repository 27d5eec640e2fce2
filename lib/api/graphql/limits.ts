import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { AppError } from "@/lib/errors";

/**
 * What one GraphQL request may ask for, checked on the parsed document before any database work:
 * the nesting depth, and a cost (every field counts once per row its enclosing connections can
 * return, a connection's rows being its `first`/`last`, or DEFAULT_PAGE_SIZE). Introspection
 * (`__schema`, `__type`) is bounded by the schema itself and has its own, larger, depth.
 */
export const MAX_DOCUMENT_CHARACTERS = 20_000;
export const MAX_DEPTH = 10;
export const MAX_INTROSPECTION_DEPTH = 16;
export const MAX_COST = 25_000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

type Walk = {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  introspection: boolean;
};

function pageSize(field: FieldNode, walk: Walk): number | null {
  let size: number | null = null;
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== "first" && argument.name.value !== "last") continue;
    const value = valueOf(argument.value, walk.variables);
    if (value === null || value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)
      throw new AppError(
        "validation_failed",
        `\`${argument.name.value}\` on ${field.name.value} must be a whole number from 0 to ${MAX_PAGE_SIZE}.`,
      );
    size = Math.max(size ?? 0, value);
  }
  return size;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.NULL) return null;
  return undefined;
}

const isConnection = (field: FieldNode) =>
  !!field.selectionSet?.selections.some(
    (s) => s.kind === Kind.FIELD && ["nodes", "edges", "totalCount", "pageInfo"].includes(s.name.value),
  );

/** Depth and cost of a selection set reached at `depth` with `rows` rows above it. */
function measure(
  set: SelectionSetNode,
  depth: number,
  rows: number,
  walk: Walk,
): { depth: number; cost: number } {
  const limit = walk.introspection ? MAX_INTROSPECTION_DEPTH : MAX_DEPTH;
  if (depth > limit)
    throw new AppError(
      "validation_failed",
      `The query is nested too deeply: at most ${limit} levels${walk.introspection ? " in introspection" : ""}.`,
    );
  let deepest = depth;
  let cost = 0;
  for (const selection of set.selections) {
    let inner: SelectionSetNode | undefined;
    let innerRows = rows;
    let innerWalk = walk;
    if (selection.kind === Kind.FIELD) {
      cost += rows;
      if (selection.name.value === "__schema" || selection.name.value === "__type")
        innerWalk = { ...walk, introspection: true };
      if (selection.selectionSet && !innerWalk.introspection && isConnection(selection))
        innerRows = rows * (pageSize(selection, walk) ?? DEFAULT_PAGE_SIZE);
      inner = selection.selectionSet;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = selection.selectionSet;
    } else {
      inner = walk.fragments.get(selection.name.value)?.selectionSet;
    }
    if (!inner) continue;
    // Fragments and inline fragments add no level of their own.
    const nextDepth = selection.kind === Kind.FIELD ? depth + 1 : depth;
    const measured = measure(inner, nextDepth, innerRows, innerWalk);
    deepest = Math.max(deepest, measured.depth);
    cost += measured.cost;
    if (cost > MAX_COST) break;
  }
  return { depth: deepest, cost };
}

/**
 * Refuses (400, AppError's shape) an operation deeper than MAX_DEPTH or costlier than MAX_COST.
 * Run after graphql's own validation (which rejects fragment cycles and unknown fragments).
 */
export function checkQueryLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { depth: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = measure(operation.selectionSet, 1, 1, { fragments, variables, introspection: false });
  if (measured.cost > MAX_COST)
    throw new AppError(
      "validation_failed",
      `The query could return too much: its cost is over ${MAX_COST} (each field once per row; ask for fewer rows with \`first\`, or fewer nested lists).`,
    );
  return measured;
}
