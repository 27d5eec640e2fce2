import { getNodeType } from "./nodes/registry";
import { GraphIndex, nodeHandles, nodeLabel, type GraphLike, type Problem } from "./graph";

/**
 * Structural problems of a workflow's graph (graph.ts's GraphIndex): step ids and types, the
 * trigger, connections, cycles and loop bodies, unconnected handles and unreachable steps. The
 * builder marks them, publishing refuses a graph with errors (validate.ts).
 */

type GraphNode = GraphLike["nodes"][number];

/** Structural problems of the graph: triggers, handles, cycles, reachability. */
export function graphProblems(graph: GraphLike): Problem[] {
  const index = GraphIndex.of(graph);
  const triggers = graph.nodes.filter((n) => getNodeType(n.type)?.category === "trigger");
  const reachable = triggers[0] ? index.reach([triggers[0].id]) : null;
  return [
    ...nodeIdProblems(graph),
    ...triggerProblems(triggers),
    ...edgeProblems(graph, index),
    ...cycleProblems(index),
    ...graph.nodes.flatMap((node) => handleProblems(node, index, reachable)),
  ];
}

function nodeIdProblems(graph: GraphLike): Problem[] {
  const problems: Problem[] = [];
  const seenIds = new Set<string>();
  for (const node of graph.nodes) {
    if (seenIds.has(node.id))
      problems.push({ severity: "error", nodeId: node.id, message: `Two steps share the id “${node.id}”.` });
    seenIds.add(node.id);
    if (!getNodeType(node.type)) {
      problems.push({ severity: "error", nodeId: node.id, message: `Unknown step type “${node.type}”.` });
    }
  }
  return problems;
}

function triggerProblems(triggers: GraphNode[]): Problem[] {
  const problems: Problem[] = [];
  if (triggers.length === 0) {
    problems.push({
      severity: "error",
      kind: "incomplete",
      message: "Add a trigger (Manual start, Webhook, Schedule or Event): it is where the workflow starts.",
    });
  }
  for (const extra of triggers.slice(1)) {
    problems.push({
      severity: "error",
      kind: "incomplete",
      nodeId: extra.id,
      message: "A workflow has exactly one trigger. Remove this one or the other.",
    });
  }
  return problems;
}

function edgeProblems(graph: GraphLike, index: GraphIndex): Problem[] {
  const problems: Problem[] = [];
  const edgeKeys = new Set<string>();
  for (const edge of graph.edges) {
    const from = index.nodes.get(edge.source);
    const to = index.nodes.get(edge.target);
    const edgeProblem = (message: string) => problems.push({ severity: "error", edgeId: edge.id, message });
    if (!from || !to) {
      edgeProblem("This connection points at a step that does not exist.");
      continue;
    }
    if (edge.source === edge.target) edgeProblem(`${nodeLabel(from)} is connected to itself.`);
    if (getNodeType(from.type) && !nodeHandles(from).outputs.some((h) => h.id === edge.sourceHandle)) {
      edgeProblem(`A connection leaves ${nodeLabel(from)} from an output it no longer has; remove it.`);
    }
    if (getNodeType(to.type) && !nodeHandles(to).inputs.some((h) => h.id === edge.targetHandle)) {
      edgeProblem(`A connection enters ${nodeLabel(to)} where it has no input; remove it.`);
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;
    if (edgeKeys.has(key))
      edgeProblem(`${nodeLabel(from)} and ${nodeLabel(to)} are connected twice the same way.`);
    edgeKeys.add(key);
  }
  return problems;
}

function cycleProblems(index: GraphIndex): Problem[] {
  const problems: Problem[] = [];
  const cycle = index.findForbiddenCycle();
  if (cycle) {
    problems.push({
      severity: "error",
      nodeId: cycle[0],
      message: `These steps form a cycle: ${cycle.map((id) => nodeLabel(index.nodes.get(id)!)).join(" → ")}. ${"Repeat steps with a Loop step instead."}`,
    });
  }
  for (const { loop, edge } of index.bodyEntriesFromOutside()) {
    problems.push({
      severity: "error",
      edgeId: edge.id,
      nodeId: edge.target,
      message: `${nodeLabel(index.nodes.get(edge.target)!)} is in the body of ${nodeLabel(
        index.nodes.get(loop)!,
      )} but is also reached from ${nodeLabel(index.nodes.get(edge.source)!)}, outside the loop.`,
    });
  }
  return problems;
}

/** A step's unconnected required handles, and whether the trigger reaches it (null: no trigger). */
function handleProblems(node: GraphNode, index: GraphIndex, reachable: Set<string> | null): Problem[] {
  const problems: Problem[] = [];
  const { inputs, outputs } = nodeHandles(node);
  const incoming = index.in.get(node.id) ?? [];
  const outgoing = index.out.get(node.id) ?? [];
  let unconnectedInput = false;
  for (const handle of inputs) {
    if (handle.required && !incoming.some((e) => e.targetHandle === handle.id)) {
      unconnectedInput = true;
      problems.push({
        severity: "error",
        kind: "incomplete",
        nodeId: node.id,
        handleId: handle.id,
        message: `Connect a step into ${nodeLabel(node)}.`,
      });
    }
  }
  for (const handle of outputs) {
    if (handle.required && !outgoing.some((e) => e.sourceHandle === handle.id)) {
      problems.push({
        severity: "error",
        kind: "incomplete",
        nodeId: node.id,
        handleId: handle.id,
        message: `Connect the “${handle.label ?? handle.id}” output of ${nodeLabel(node)}.`,
      });
    }
  }
  if (
    reachable &&
    !reachable.has(node.id) &&
    !unconnectedInput &&
    getNodeType(node.type)?.category !== "trigger"
  ) {
    problems.push({
      severity: "error",
      kind: "incomplete",
      nodeId: node.id,
      message: `${nodeLabel(node)} cannot be reached from the trigger.`,
    });
  }
  return problems;
}
