"use client";

import * as React from "react";
import { scopeForNode, scopeVariables, type ScopeVariable } from "@/lib/workflows/expressions/scope";
import { nodeHandles, nodeLabel, type GraphLike } from "@/lib/workflows/graph";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import { getNodeType, workflowNodeTypes } from "@/lib/workflows/nodes/registry";
import {
  NODE_CATEGORIES,
  type HandleSpec,
  type LooseConfig,
  type NodeCategory,
  type NodeTypeDefinition,
} from "@/lib/workflows/nodes/types";
import type { NodeUi } from "@/lib/workflows/nodes/ui-types";
import { configIssues, type FieldIssues } from "@/lib/workflows/validate";

type RegistryNode = { id: string; type: string; data: { config: LooseConfig; label?: string } };

/**
 * The node types a canvas works with. The builder's node card, palette and step panel read the
 * registry from context instead of importing the workflow registry, so the same canvas pieces edit
 * a second kind of graph (a chatbot's goal-based flow). Without a provider they use the workflows'.
 */
export type CanvasNodeRegistry = {
  /** The types in palette order. */
  types: readonly NodeTypeDefinition[];
  categories: readonly { id: NodeCategory; label: string }[];
  getType: (type: string | undefined) => NodeTypeDefinition | undefined;
  ui: (type: string | undefined) => NodeUi | undefined;
  /** The handles of a node as its type declares them for its config. */
  handles: (node: RegistryNode) => { inputs: readonly HandleSpec[]; outputs: readonly HandleSpec[] };
  /** The label a person sees: the node's own name, else its type's label, else its id. */
  label: (node: RegistryNode) => string;
  /** What a node's text fields may insert (`{{ … }}` autocomplete). */
  variables: (graph: GraphLike, nodeId: string) => readonly ScopeVariable[];
  /** Problems of one node's config by field path. */
  configIssues: (
    def: NodeTypeDefinition,
    config: LooseConfig,
    graph: GraphLike,
    nodeId: string,
  ) => FieldIssues;
  /** What the canvas calls a node ("step"). */
  noun?: string;
};

export const workflowNodeRegistry: CanvasNodeRegistry = {
  types: workflowNodeTypes,
  categories: NODE_CATEGORIES,
  getType: getNodeType,
  ui: nodeUi,
  handles: nodeHandles,
  label: nodeLabel,
  variables: (graph, nodeId) => scopeVariables(scopeForNode(graph, nodeId)),
  configIssues: (def, config, graph, nodeId) => configIssues(def, config, () => scopeForNode(graph, nodeId)),
};

/**
 * A registry over any list of node types and UIs, with the same rules for handles and labels as
 * the workflows' (graph.ts), and schema-only config checks unless told otherwise.
 */
export function defineCanvasRegistry(options: {
  types: readonly NodeTypeDefinition[];
  uis: Readonly<Record<string, NodeUi>>;
  categories?: readonly { id: NodeCategory; label: string }[];
  variables?: CanvasNodeRegistry["variables"];
  configIssues?: CanvasNodeRegistry["configIssues"];
  noun?: string;
}): CanvasNodeRegistry {
  const byType = new Map(options.types.map((t) => [t.type, t]));
  const getType = (type: string | undefined) => (type === undefined ? undefined : byType.get(type));
  return {
    types: options.types,
    categories: options.categories ?? NODE_CATEGORIES,
    getType,
    ui: (type) => (type !== undefined && Object.hasOwn(options.uis, type) ? options.uis[type] : undefined),
    handles: (node) => {
      const def = getType(node.type);
      return def
        ? { inputs: def.inputs, outputs: def.outputs(node.data.config ?? {}) }
        : { inputs: [], outputs: [] };
    },
    label: (node) => node.data.label?.trim() || getType(node.type)?.label || node.id,
    variables: options.variables ?? (() => []),
    configIssues:
      options.configIssues ??
      ((def, config) =>
        configIssues(def, config, { trigger: null, steps: new Map(), allSteps: new Map(), loop: null })),
    noun: options.noun,
  };
}

const NodeRegistryContext = React.createContext<CanvasNodeRegistry>(workflowNodeRegistry);

export const NodeRegistryProvider = NodeRegistryContext.Provider;

export function useNodeRegistry(): CanvasNodeRegistry {
  return React.useContext(NodeRegistryContext);
}
