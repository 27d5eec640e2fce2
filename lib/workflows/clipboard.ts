import { tryParseJsonText } from "@/lib/http/input-limits";
import { edgeId, nextNodeId, type WorkflowEdge, type WorkflowNode } from "./definition";

/**
 * Copy and paste of steps: what is copied (the selected steps and the connections between them)
 * and how it is pasted (new ids, shifted so the copy does not hide the original).
 */

export const CLIPBOARD_FORMAT = "orgflow.workflow-steps";

export type ClipboardContent = {
  format: typeof CLIPBOARD_FORMAT;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
};

export function copySteps(
  nodes: readonly WorkflowNode[],
  edges: readonly WorkflowEdge[],
): ClipboardContent | null {
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  return {
    format: CLIPBOARD_FORMAT,
    nodes: structuredClone([...nodes]),
    edges: structuredClone(edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
  };
}

/**
 * Reads clipboard text written by copySteps (from another tab, say); null for anything else,
 * including text nested deeper than the JSON cap (a pasted step must stay saveable).
 */
export function readClipboard(text: string): ClipboardContent | null {
  const value = tryParseJsonText(text) as Partial<ClipboardContent> | undefined;
  return value?.format === CLIPBOARD_FORMAT && Array.isArray(value.nodes) && Array.isArray(value.edges)
    ? (value as ClipboardContent)
    : null;
}

/** The copied steps with fresh ids next to `existing`, moved by `offset`, and their connections. */
export function pasteSteps(
  content: ClipboardContent,
  existingIds: Iterable<string>,
  offset = { x: 40, y: 40 },
): { nodes: WorkflowNode[]; edges: WorkflowEdge[] } {
  const taken = new Set(existingIds);
  const renamed = new Map<string, string>();
  const nodes = content.nodes.map((node) => {
    const id = nextNodeId(node.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
    return {
      ...structuredClone(node),
      id,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    };
  });
  const edges = content.edges.flatMap((edge) => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) return [];
    const e = { source, sourceHandle: edge.sourceHandle, target, targetHandle: edge.targetHandle };
    return [{ id: edgeId(e), ...e }];
  });
  return { nodes, edges };
}
