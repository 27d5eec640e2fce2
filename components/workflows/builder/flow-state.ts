import type { Edge } from "@xyflow/react";
import {
  canonicalDefinition,
  type Viewport,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from "@/lib/workflows/definition";
import { nodeLabel } from "@/lib/workflows/graph";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import type { FlowNode } from "./node-card";

/** Between the saved definition and React Flow's nodes and edges (which carry canvas state too). */

/** How a canvas names nodes and their types (a CanvasNodeRegistry is one); the workflows' by default. */
export type NodeNamer = {
  label: (node: Pick<WorkflowNode, "id" | "type" | "data">) => string;
  getType: (type: string | undefined) => { label: string } | undefined;
};

const workflowNamer: NodeNamer = { label: nodeLabel, getType: getNodeType };

export function toFlowNode(node: WorkflowNode, selected = false, namer: NodeNamer = workflowNamer): FlowNode {
  return {
    id: node.id,
    type: node.type,
    position: { ...node.position },
    data: { ...(node.data.label ? { label: node.data.label } : {}), config: node.data.config },
    ariaLabel: ariaLabelOf(node, namer),
    selected,
  };
}

export function ariaLabelOf(
  node: Pick<WorkflowNode, "id" | "type" | "data">,
  namer: NodeNamer = workflowNamer,
): string {
  return `${namer.label(node)} (${namer.getType(node.type)?.label ?? node.type}, ${node.id})`;
}

export function toFlowEdge(edge: WorkflowEdge): Edge {
  return { ...edge };
}

export function fromFlowNode(node: FlowNode): WorkflowNode {
  return {
    id: node.id,
    type: node.type ?? "",
    position: { x: node.position.x, y: node.position.y },
    data: { ...(node.data.label?.trim() ? { label: node.data.label.trim() } : {}), config: node.data.config },
  };
}

export function fromFlowEdge(edge: Edge): WorkflowEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? "",
    target: edge.target,
    targetHandle: edge.targetHandle ?? "",
  };
}

export type Snapshot = Pick<WorkflowDefinition, "nodes" | "edges">;

export function snapshotOf(nodes: readonly FlowNode[], edges: readonly Edge[]): Snapshot {
  return { nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}

export function definitionOf(snapshot: Snapshot, viewport: Viewport): WorkflowDefinition {
  return canonicalDefinition({ ...snapshot, viewport });
}

/** What decides whether the draft changed: the graph, not the viewport. */
export function contentKey(snapshot: Snapshot): string {
  return JSON.stringify(canonicalDefinition({ ...snapshot, viewport: { x: 0, y: 0, zoom: 1 } }));
}
