import type { WorkflowGraph } from "./definition";
import type { NodeCategory } from "./nodes/types";

/**
 * A small picture of a workflow or bot flow, drawn from the positions its author gave the steps on
 * the canvas, scaled down: what a template looks like before anyone opens it. Computed on the
 * server and drawn by components/flow/flow-preview.tsx (a static SVG: no canvas, no layout work
 * in the browser).
 */

export type PreviewNode = {
  id: string;
  type: string;
  label: string;
  category: NodeCategory;
  /** Top-left corner of the step's box. */
  x: number;
  y: number;
};
export type PreviewEdge = { id: string; d: string };
export type PreviewGraph = {
  width: number;
  height: number;
  box: number;
  nodes: PreviewNode[];
  edges: PreviewEdge[];
};

/** What a preview needs to know of a node type. */
export type PreviewTypeInfo = (type: string) => { label: string; category: NodeCategory } | undefined;

/** Canvas cards are 240×96 and usually 300+ apart in a row, 150 between rows. */
const SCALE_X = 0.15;
const SCALE_Y = 0.26;
const BOX = 26;
const PAD = 2;
const MAX_PREVIEW_NODES = 60;

export function previewGraph(graph: WorkflowGraph, typeInfo: PreviewTypeInfo): PreviewGraph {
  const nodes = graph.nodes.slice(0, MAX_PREVIEW_NODES);
  if (nodes.length === 0)
    return { width: BOX + 2 * PAD, height: BOX + 2 * PAD, box: BOX, nodes: [], edges: [] };
  const across = (n: (typeof nodes)[number]) => n.position.x * SCALE_X;
  const down = (n: (typeof nodes)[number]) => n.position.y * SCALE_Y;
  const minX = Math.min(...nodes.map(across));
  const minY = Math.min(...nodes.map(down));
  const placed: PreviewNode[] = nodes.map((n) => {
    const info = typeInfo(n.type);
    return {
      id: n.id,
      type: n.type,
      label: n.data.label?.trim() || info?.label || n.type,
      category: info?.category ?? "action",
      x: round(PAD + across(n) - minX),
      y: round(PAD + down(n) - minY),
    };
  });
  const byId = new Map(placed.map((n) => [n.id, n]));
  const edges: PreviewEdge[] = [];
  for (const e of graph.edges) {
    const from = byId.get(e.source);
    const to = byId.get(e.target);
    if (from && to) edges.push({ id: e.id ?? `${e.source}->${e.target}`, d: edgePath(from, to) });
  }
  return {
    width: Math.max(...placed.map((n) => n.x)) + BOX + PAD,
    height: Math.max(...placed.map((n) => n.y)) + BOX + PAD,
    box: BOX,
    nodes: placed,
    edges,
  };
}

/** A curve from one box to the next: side to side when they sit in a row, else bottom to top. */
function edgePath(from: PreviewNode, to: PreviewNode): string {
  const half = BOX / 2;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (Math.abs(dx) >= Math.abs(dy) || dx >= BOX) {
    const [x1, y1, x2, y2] = [from.x + BOX, from.y + half, to.x, to.y + half];
    const c = Math.max(Math.abs(x2 - x1) / 2, 8);
    return `M${x1} ${y1}C${x1 + c} ${y1} ${x2 - c} ${y2} ${x2} ${y2}`;
  }
  const down = dy >= 0;
  const [x1, y1, x2, y2] = [from.x + half, from.y + (down ? BOX : 0), to.x + half, to.y + (down ? 0 : BOX)];
  const c = Math.max(Math.abs(y2 - y1) / 2, 8) * (down ? 1 : -1);
  return `M${x1} ${y1}C${x1} ${y1 + c} ${x2} ${y2 - c} ${x2} ${y2}`;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** "Form submitted → Tag as lead → …": the steps in canvas order (left to right, top to bottom), for screen readers. */
export function previewDescription(preview: PreviewGraph): string {
  return [...preview.nodes]
    .sort((a, b) => a.x - b.x || a.y - b.y)
    .map((n) => n.label)
    .join(" → ");
}
