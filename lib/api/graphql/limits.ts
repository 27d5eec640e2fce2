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
 * return, a connection's rows being its `first`/`last`, or DEFAULT_PAGE_SIZE). A connection is
 * recognised through fragments too. Introspection (`__schema`, `__type`) has its own, larger, depth
 * and its own cost: each of its lists counts INTROSPECTION_LIST_ROWS rows, so aliases cannot
 * repeat the schema's whole description thousands of times in one answer.
 */
export const MAX_DOCUMENT_CHARACTERS = 20_000;
export const MAX_DEPTH = 10;
export const MAX_INTROSPECTION_DEPTH = 16;
export const MAX_COST = 25_000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Rows counted for each list of introspection; the budget fits graphql's own introspection query twice. */
export const INTROSPECTION_LIST_ROWS = 20;
export const MAX_INTROSPECTION_COST = 600_000;
const INTROSPECTION_LISTS = new Set([
  "types",
  "fields",
  "inputFields",
  "enumValues",
  "args",
  "interfaces",
  "possibleTypes",
  "directives",
  "locations",
]);

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

const CONNECTION_FIELDS = new Set(["nodes", "edges", "totalCount", "pageInfo"]);

/** The names of the fields a selection set asks for, through inline fragments and fragment spreads. */
function fieldNames(set: SelectionSetNode, walk: Walk, seen = new Set<string>()): string[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldNames(s.selectionSet, walk, seen);
    const fragment = walk.fragments.get(s.name.value);
    if (!fragment || seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    return fieldNames(fragment.selectionSet, walk, seen);
  });
}

/** A connection: it takes a page size, or asks (directly or in a fragment) for nodes, edges, … */
const isConnection = (field: FieldNode, walk: Walk) =>
  !!field.arguments?.some((a) => a.name.value === "first" || a.name.value === "last") ||
  (!!field.selectionSet && fieldNames(field.selectionSet, walk).some((n) => CONNECTION_FIELDS.has(n)));

type Measure = { depth: number; cost: number; introspectionCost: number };

/** Depth and cost of a selection set reached at `depth` with `rows` rows above it. */
function measure(set: SelectionSetNode, depth: number, rows: number, walk: Walk): Measure {
  const limit = walk.introspection ? MAX_INTROSPECTION_DEPTH : MAX_DEPTH;
  if (depth > limit)
    throw new AppError(
      "validation_failed",
      `The query is nested too deeply: at most ${limit} levels${walk.introspection ? " in introspection" : ""}.`,
    );
  let deepest = depth;
  let cost = 0;
  let introspectionCost = 0;
  for (const selection of set.selections) {
    let inner: SelectionSetNode | undefined;
    let innerRows = rows;
    let innerWalk = walk;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "__schema" || selection.name.value === "__type")
        innerWalk = { ...walk, introspection: true };
      if (innerWalk.introspection) introspectionCost += rows;
      else cost += rows;
      if (selection.selectionSet && innerWalk.introspection) {
        if (INTROSPECTION_LISTS.has(selection.name.value)) innerRows = rows * INTROSPECTION_LIST_ROWS;
      } else if (selection.selectionSet && isConnection(selection, walk))
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
    introspectionCost += measured.introspectionCost;
    if (cost > MAX_COST || introspectionCost > MAX_INTROSPECTION_COST) break;
  }
  return { depth: deepest, cost, introspectionCost };
}

/**
 * Refuses (400, AppError's shape) an operation deeper than MAX_DEPTH or costlier than MAX_COST.
 * Run after graphql's own validation (which rejects fragment cycles and unknown fragments).
 */
export function checkQueryLimits(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Measure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = measure(operation.selectionSet, 1, 1, { fragments, variables, introspection: false });
  if (measured.introspectionCost > MAX_INTROSPECTION_COST)
    throw new AppError(
      "validation_failed",
      `The introspection could return too much: its cost is over ${MAX_INTROSPECTION_COST} (each list of it counts ${INTROSPECTION_LIST_ROWS} rows; ask for the schema once, without aliases repeating it).`,
    );
  if (measured.cost > MAX_COST)
    throw new AppError(
      "validation_failed",
      `The query could return too much: its cost is over ${MAX_COST} (each field once per row; ask for fewer rows with \`first\`, or fewer nested lists).`,
    );
  return measured;
}
