import { z } from "zod";
import { MAX_JSON_DEPTH, pruneDeepJson } from "@/lib/http/input-limits";

/**
 * A workflow's `definition` is React Flow's own shape, `{ nodes, edges, viewport }`, reduced to
 * what describes the workflow: no selection, measured sizes or other canvas state. This schema is
 * the boundary: what the database stores, what export writes and import reads, what the builder
 * saves. It checks the shape only; whether the graph makes sense is lib/workflows/graph.ts's job.
 */

export const MAX_NODES = 500;
export const MAX_EDGES = 1000;

/** Node ids appear in expressions (`{{ steps.http_request_1.output }}`), so they are identifiers. */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const finite = z.number().refine(Number.isFinite, "Use a finite number.");

export const nodeIdSchema = z
  .string()
  .regex(NODE_ID_PATTERN, "Node ids are lowercase letters, digits and underscores, starting with a letter.");

export const workflowNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1).max(64),
  position: z.object({ x: finite, y: finite }),
  data: z.object({
    /** The name the author gave this step; the node type's label when absent. */
    label: z.string().trim().max(80, "Use at most 80 characters for a step's name.").optional(),
    config: z.record(z.string(), z.unknown()),
  }),
});

export const workflowEdgeSchema = z.object({
  id: z.string().min(1).max(300),
  source: nodeIdSchema,
  sourceHandle: z.string().min(1).max(64),
  target: nodeIdSchema,
  targetHandle: z.string().min(1).max(64),
});

export const viewportSchema = z.object({ x: finite, y: finite, zoom: finite.pipe(z.number().positive()) });

export const workflowDefinitionSchema = z.object({
  nodes: z.array(workflowNodeSchema).max(MAX_NODES, `A workflow has at most ${MAX_NODES} steps.`),
  edges: z.array(workflowEdgeSchema).max(MAX_EDGES, `A workflow has at most ${MAX_EDGES} connections.`),
  viewport: viewportSchema,
});

export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;
export type Viewport = z.infer<typeof viewportSchema>;
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/** The graph part of a definition, as the validators need it. */
export type WorkflowGraph = Pick<WorkflowDefinition, "nodes" | "edges">;

export const DEFAULT_VIEWPORT: Viewport = { x: 0, y: 0, zoom: 1 };

export function emptyDefinition(): WorkflowDefinition {
  return { nodes: [], edges: [], viewport: { ...DEFAULT_VIEWPORT } };
}

/**
 * The canonical form of a definition: only the fields above, in a fixed key order, so that
 * equal workflows serialise to equal JSON (export → import → export gives the same text).
 */
export function canonicalDefinition(definition: WorkflowDefinition): WorkflowDefinition {
  return {
    nodes: definition.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: { x: n.position.x, y: n.position.y },
      data: {
        ...(n.data.label ? { label: n.data.label } : {}),
        config: n.data.config,
      },
    })),
    edges: definition.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
    })),
    viewport: { x: definition.viewport.x, y: definition.viewport.y, zoom: definition.viewport.zoom },
  };
}

/** A fresh node id for `type`: `http_request_3`, the first number not taken. */
export function nextNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = type.replace(/[^a-z0-9_]/g, "_").replace(/^[^a-z]+/, "") || "step";
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** The id an edge gets from what it connects; one edge per pair of handles. */
export function edgeId(
  edge: Pick<WorkflowEdge, "source" | "sourceHandle" | "target" | "targetHandle">,
): string {
  return `${edge.source}.${edge.sourceHandle}->${edge.target}.${edge.targetHandle}`;
}

/**
 * Configs nested deeper than this are cut when a stored definition is opened: with the
 * definition's own four levels above a config, the result saves within the input cap
 * (lib/http/input-limits MAX_JSON_DEPTH).
 */
export const MAX_CONFIG_DEPTH = MAX_JSON_DEPTH - 5;

/**
 * A stored definition made safe to open in the editor: a step's config nested deeper than
 * MAX_CONFIG_DEPTH (saved before the input cap existed, or written around it) has its deepest
 * parts replaced by null, so nothing that walks configs can overflow the stack. Says which steps
 * were trimmed, for the page to tell the member; saving keeps the trimmed form.
 */
export function definitionForEditor(definition: WorkflowDefinition): {
  definition: WorkflowDefinition;
  trimmedSteps: string[];
} {
  const trimmedSteps: string[] = [];
  const nodes = definition.nodes.map((node) => {
    const { value, pruned } = pruneDeepJson(node.data.config, MAX_CONFIG_DEPTH);
    if (!pruned) return node;
    trimmedSteps.push(node.data.label || node.id);
    return { ...node, data: { ...node.data, config: value as WorkflowNode["data"]["config"] } };
  });
  return { definition: trimmedSteps.length ? { ...definition, nodes } : definition, trimmedSteps };
}
