import dagre from "@dagrejs/dagre";
import type { WorkflowGraph } from "./definition";

/** Node size when the canvas has not measured it yet (the card's usual size). */
export const DEFAULT_NODE_SIZE = { width: 240, height: 96 };

export type Positions = Map<string, { x: number; y: number }>;

/**
 * Auto-layout, left to right in the order steps run (dagre): the trigger first, each branch on
 * its own row. Loop back edges are laid out as if reversed, so a loop's body sits after it.
 * Returns each node's top-left position.
 */
export function layoutGraph(
  graph: Pick<WorkflowGraph, "edges"> & {
    nodes: readonly { id: string; size?: { width?: number; height?: number } }[];
  },
): Positions {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 48, ranksep: 96, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of graph.nodes) {
    const size = {
      width: node.size?.width || DEFAULT_NODE_SIZE.width,
      height: node.size?.height || DEFAULT_NODE_SIZE.height,
    };
    sizes.set(node.id, size);
    g.setNode(node.id, { ...size });
  }
  for (const edge of graph.edges) {
    if (sizes.has(edge.source) && sizes.has(edge.target)) g.setEdge(edge.source, edge.target, {}, edge.id);
  }
  dagre.layout(g);
  const positions: Positions = new Map();
  for (const [id, size] of sizes) {
    const { x, y } = g.node(id) as { x: number; y: number };
    positions.set(id, { x: Math.round(x - size.width / 2), y: Math.round(y - size.height / 2) });
  }
  return positions;
}
