import type { Connection, GraphLike } from "@/lib/workflows/graph";
import type { HandleSpec, NodeTypeDefinition } from "@/lib/workflows/nodes/types";

/**
 * The console's rule for drawing a bot's goal-based flow on the canvas: what may be connected (the
 * canvas refuses the rest as it is drawn). A conversation follows one path, so each output leads to
 * one step; flows may loop back (ask again, "anything else?"). What is wrong with a whole flow is
 * validateFlow's (lib/chatbots/flow/definition.ts).
 */

export type TypeLookup = (type: string | undefined) => NodeTypeDefinition | undefined;

type Node = GraphLike["nodes"][number];

function handles(
  lookup: TypeLookup,
  node: Node,
): { inputs: readonly HandleSpec[]; outputs: readonly HandleSpec[] } {
  const def = lookup(node.type);
  return def
    ? { inputs: def.inputs, outputs: def.outputs(node.data.config ?? {}) }
    : { inputs: [], outputs: [] };
}

function label(lookup: TypeLookup, node: Node): string {
  return node.data.label?.trim() || lookup(node.type)?.label || node.id;
}

/** Why `connection` may not be drawn, or null when it may. */
export function botConnectionProblem(
  lookup: TypeLookup,
  graph: GraphLike,
  connection: Connection,
): string | null {
  const from = graph.nodes.find((n) => n.id === connection.source);
  const to = graph.nodes.find((n) => n.id === connection.target);
  if (!from || !to) return "That step no longer exists.";
  if (from.id === to.id) return "A step cannot connect to itself.";
  const sourceHandle = connection.sourceHandle ?? null;
  const targetHandle = connection.targetHandle ?? null;
  if (!handles(lookup, from).outputs.some((h) => h.id === sourceHandle))
    return `${label(lookup, from)} has no such output.`;
  if (!handles(lookup, to).inputs.some((h) => h.id === targetHandle)) {
    return lookup(to.type)?.category === "trigger"
      ? "Nothing can lead into the start: it is where every conversation begins."
      : `${label(lookup, to)} has no such input.`;
  }
  const taken = graph.edges.find((e) => e.source === from.id && e.sourceHandle === sourceHandle);
  if (taken) {
    const next = graph.nodes.find((n) => n.id === taken.target);
    return `That output already leads to ${next ? label(lookup, next) : taken.target}: a conversation takes one path. Disconnect it first.`;
  }
  return null;
}
