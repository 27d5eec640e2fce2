import type { WorkflowEdge, WorkflowNode } from "./definition";
import { getNodeType } from "./nodes/registry";
import type { HandleSpec, LooseConfig, NodeTypeDefinition, OutputField } from "./nodes/types";

/**
 * The rules of a workflow graph, shared by the canvas (which refuses bad connections as they are
 * drawn and marks problems), publishing (which refuses a graph with errors) and import.
 *
 * Loops: a cycle is allowed only through a Loop step's body handle. Formally:
 *  1. without the loop-body edges, the graph has no cycle at all;
 *  2. a loop's body (what its body handle reaches without passing through the loop itself) is
 *     entered only from the loop: no edge comes into it from outside.
 * So every cycle leaves a loop through its body and comes back to that same loop.
 */

export type Problem = {
  severity: "error" | "warning";
  /**
   * "incomplete": the workflow is not finished (no trigger yet, a step not connected, an
   * expression to fix): fine in a draft or an imported file, not when publishing.
   * "invalid" (the default): the data itself is broken (unknown type, bad config, a cycle).
   */
  kind?: "incomplete";
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** An unconnected required handle of `nodeId`. */
  handleId?: string;
  /** A config field of `nodeId`, as a dotted path (`rules.0.left`). */
  field?: string;
};

export type Connection = {
  source: string;
  sourceHandle: string | null | undefined;
  target: string;
  targetHandle: string | null | undefined;
};

type GraphNode = Pick<WorkflowNode, "id" | "type"> & { data: { config: LooseConfig; label?: string } };
type GraphEdge = Pick<WorkflowEdge, "source" | "sourceHandle" | "target" | "targetHandle"> & { id?: string };
export type GraphLike = { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] };

export type StepInfo = { readonly label: string; readonly fields: readonly OutputField[] };

export function nodeHandles(node: GraphNode): {
  inputs: readonly HandleSpec[];
  outputs: readonly HandleSpec[];
} {
  const def = getNodeType(node.type);
  if (!def) return { inputs: [], outputs: [] };
  return { inputs: def.inputs, outputs: def.outputs(node.data.config ?? {}) };
}

/** The label a person sees for a step: its own name, else its type's label, else its id. */
export function nodeLabel(node: GraphNode): string {
  return node.data.label?.trim() || getNodeType(node.type)?.label || node.id;
}

const indexes = new WeakMap<GraphLike, GraphIndex>();

/** Lookups over a graph, built once per graph object (graphs are not changed, only replaced). */
export class GraphIndex {
  static of(graph: GraphLike): GraphIndex {
    let index = indexes.get(graph);
    if (!index) indexes.set(graph, (index = new GraphIndex(graph)));
    return index;
  }

  readonly nodes = new Map<string, GraphNode>();
  readonly out = new Map<string, GraphEdge[]>();
  readonly in = new Map<string, GraphEdge[]>();

  constructor(readonly graph: GraphLike) {
    for (const node of graph.nodes) {
      this.nodes.set(node.id, node);
      this.out.set(node.id, []);
      this.in.set(node.id, []);
    }
    for (const edge of graph.edges) {
      this.out.get(edge.source)?.push(edge);
      this.in.get(edge.target)?.push(edge);
    }
  }

  typeOf(id: string): NodeTypeDefinition | undefined {
    return getNodeType(this.nodes.get(id)?.type);
  }

  private infos = new Map<string, StepInfo>();
  private labelMap?: Map<string, string>;

  /** A step's name and declared outputs; the outputs are worked out once, when first asked for. */
  stepInfo(id: string): StepInfo {
    let info = this.infos.get(id);
    if (!info) {
      const node = this.nodes.get(id)!;
      const def = getNodeType(node.type);
      let fields: readonly OutputField[] | undefined;
      info = {
        label: nodeLabel(node),
        get fields() {
          return (fields ??= def?.outputFields(node.data.config ?? {}) ?? []);
        },
      };
      this.infos.set(id, info);
    }
    return info;
  }

  /** Every step's id and name. */
  labels(): ReadonlyMap<string, string> {
    return (this.labelMap ??= new Map([...this.nodes.values()].map((n) => [n.id, nodeLabel(n)])));
  }

  isBodyEdge(edge: GraphEdge): boolean {
    const body = this.typeOf(edge.source)?.loopBodyHandle;
    return body !== undefined && edge.sourceHandle === body;
  }

  /** Nodes reachable from `starts` following edges (`forward`) or against them, not entering `stop`. */
  reach(starts: Iterable<string>, options: { forward?: boolean; stop?: string; skipBody?: boolean } = {}) {
    const forward = options.forward ?? true;
    const seen = new Set<string>();
    const stack = [...starts].filter((id) => id !== options.stop && this.nodes.has(id));
    for (const id of stack) seen.add(id);
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const edge of (forward ? this.out : this.in).get(id) ?? []) {
        if (options.skipBody && this.isBodyEdge(edge)) continue;
        const next = forward ? edge.target : edge.source;
        if (next === options.stop || seen.has(next) || !this.nodes.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    return seen;
  }

  private bodies?: Map<string, Set<string>>;

  /** Loop nodes and the body each one's body handle starts (computed once per index). */
  loopBodies(): Map<string, Set<string>> {
    if (this.bodies) return this.bodies;
    const bodies = new Map<string, Set<string>>();
    for (const node of this.graph.nodes) {
      const bodyHandle = getNodeType(node.type)?.loopBodyHandle;
      if (!bodyHandle) continue;
      const starts = (this.out.get(node.id) ?? [])
        .filter((e) => e.sourceHandle === bodyHandle)
        .map((e) => e.target);
      bodies.set(node.id, this.reach(starts, { stop: node.id }));
    }
    this.bodies = bodies;
    return bodies;
  }

  /** One cycle that does not go through a loop's body handle, as node ids, or null. */
  findForbiddenCycle(): string[] | null {
    const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
    for (const root of this.nodes.keys()) {
      if (state.has(root)) continue;
      const path: string[] = [root];
      const iterators = [this.forwardEdges(root)];
      state.set(root, 1);
      while (iterators.length > 0) {
        const step = iterators.at(-1)!.next();
        if (step.done) {
          state.set(path.pop()!, 2);
          iterators.pop();
          continue;
        }
        const next = step.value.target;
        const s = state.get(next);
        if (s === 1) return [...path.slice(path.indexOf(next)), next];
        if (s === undefined && this.nodes.has(next)) {
          state.set(next, 1);
          path.push(next);
          iterators.push(this.forwardEdges(next));
        }
      }
    }
    return null;
  }

  private *forwardEdges(id: string): Generator<GraphEdge> {
    for (const edge of this.out.get(id) ?? []) if (!this.isBodyEdge(edge)) yield edge;
  }

  /** Edges coming into a loop's body from outside it: (loop id, offending edge). */
  bodyEntriesFromOutside(): { loop: string; edge: GraphEdge }[] {
    const found: { loop: string; edge: GraphEdge }[] = [];
    for (const [loop, body] of this.loopBodies()) {
      for (const id of body) {
        for (const edge of this.in.get(id) ?? []) {
          if (edge.source !== loop && !body.has(edge.source)) found.push({ loop, edge });
        }
      }
    }
    return found;
  }
}

export const CYCLE_MESSAGE =
  "That would make a cycle. To repeat steps, use a Loop step: connect its “Each item” output to the steps to repeat, and the last of them back into the Loop.";

/**
 * Why `connection` may not be drawn in `graph`, or null when it may. The canvas's
 * isValidConnection and the keyboard "connect to" menu both ask this.
 */
export function connectionProblem(graph: GraphLike, connection: Connection): string | null {
  const { source, target } = connection;
  const index = GraphIndex.of(graph);
  const from = index.nodes.get(source);
  const to = index.nodes.get(target);
  if (!from || !to) return "That step no longer exists.";
  if (source === target) return "A step cannot connect to itself.";
  const sourceHandle = connection.sourceHandle ?? null;
  const targetHandle = connection.targetHandle ?? null;
  if (!nodeHandles(from).outputs.some((h) => h.id === sourceHandle))
    return `${nodeLabel(from)} has no such output.`;
  if (!nodeHandles(to).inputs.some((h) => h.id === targetHandle)) {
    return index.typeOf(target)?.category === "trigger"
      ? "Nothing can lead into a trigger: it is where the workflow starts."
      : `${nodeLabel(to)} has no such input.`;
  }
  if (
    graph.edges.some(
      (e) =>
        e.source === source &&
        e.target === target &&
        e.sourceHandle === sourceHandle &&
        e.targetHandle === targetHandle,
    )
  ) {
    return "These steps are already connected that way.";
  }
  const next = new GraphIndex({
    nodes: graph.nodes,
    edges: [...graph.edges, { source, sourceHandle: sourceHandle!, target, targetHandle: targetHandle! }],
  });
  if (next.findForbiddenCycle()) return CYCLE_MESSAGE;
  const before = new Set(index.bodyEntriesFromOutside().map(({ loop, edge }) => entryKey(loop, edge)));
  const entry = next.bodyEntriesFromOutside().find(({ loop, edge }) => !before.has(entryKey(loop, edge)));
  if (!entry) return null;
  const loop = nodeLabel(next.nodes.get(entry.loop)!);
  const entered = nodeLabel(next.nodes.get(entry.edge.target)!);
  return entry.edge.source === source && entry.edge.target === target
    ? `${entered} is part of the body of ${loop}; a loop's body can only be entered from the Loop step.`
    : `${entered} would be in the body of ${loop} but is also reached from ${nodeLabel(
        next.nodes.get(entry.edge.source)!,
      )}, outside it; a loop's body can only be entered from the Loop step.`;
}

const entryKey = (loop: string, edge: GraphEdge) =>
  `${loop}\u0000${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Steps before `nodeId` (every node with a path to it), nearest first. */
export function upstreamNodes(index: GraphIndex, nodeId: string): GraphNode[] {
  // An edge from a loop's body back into the loop brings the next item, not earlier data.
  const bodies = index.loopBodies();
  const isBackEdge = (edge: GraphEdge) => bodies.get(edge.target)?.has(edge.source) ?? false;
  // Breadth-first, so the nearest come first.
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of index.in.get(queue[head]!) ?? []) {
      if (seen.has(edge.source) || !index.nodes.has(edge.source) || isBackEdge(edge)) continue;
      seen.add(edge.source);
      queue.push(edge.source);
    }
  }
  return queue.slice(1).map((id) => index.nodes.get(id)!);
}
