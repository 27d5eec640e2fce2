import type { z } from "zod";

/**
 * The server-safe half of a node type: what the builder, the validators and (later) the engine
 * all need to know, with no React in it. The client half (icon, canvas component, config form)
 * lives in the same folder's `ui.tsx` and is gathered by `client-registry.ts`.
 */

export type NodeCategory = "trigger" | "action" | "logic";

export const NODE_CATEGORIES: readonly { id: NodeCategory; label: string }[] = [
  { id: "trigger", label: "Triggers" },
  { id: "action", label: "Actions" },
  { id: "logic", label: "Logic" },
];

export type HandleSpec = {
  id: string;
  /** Shown next to the handle when a node has more than one on a side. */
  label?: string;
  /** A required handle left unconnected is a problem that blocks publishing. */
  required?: boolean;
};

export type OutputType = "string" | "number" | "boolean" | "object" | "array" | "any";

/** One field a node makes available to the steps after it, for autocomplete and checks. */
export type OutputField = {
  name: string;
  type: OutputType;
  description?: string;
  /** Known fields of an object, or of each item of an array. */
  children?: readonly OutputField[];
};

/** What the engine (a later issue) hands an executor. */
export type ExecutionContext = {
  organizationId: string;
  workflowId: string;
  executionId: string;
  nodeId: string;
  signal: AbortSignal;
};

export type NodeExecutionResult =
  /** Done: `output` becomes `steps.<id>.output`; `follow` names the output handles to take (all when absent). */
  | { kind: "done"; output: unknown; follow?: readonly string[] }
  /** Come back later (delays, waits): the engine re-queues the run instead of holding a worker. */
  | { kind: "wait"; until: Date };

/**
 * Runs one step. `config` arrives with its expressions already rendered by the engine.
 * The slot is typed here and filled by the engine issue; no node type implements it yet.
 */
export type NodeExecutor<Config> = (
  config: Config,
  context: ExecutionContext,
) => Promise<NodeExecutionResult>;

/** A config as stored in a draft: possibly incomplete or invalid, so read it defensively. */
export type LooseConfig = Record<string, unknown>;

export type NodeTypeDefinition<
  S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>,
> = {
  type: string;
  label: string;
  /** One sentence for the palette and the side panel. */
  description: string;
  category: NodeCategory;
  /** Validates a step's config; its defaults fill what an imported or older config leaves out. */
  configSchema: S;
  /** The config of a step just added to the canvas (may still need filling in). */
  defaults: z.input<S>;
  /** Input handles (targets): none for triggers. */
  inputs: readonly HandleSpec[];
  /** Output handles (sources); some depend on the config (a switch has one per case). */
  outputs: (config: LooseConfig) => readonly HandleSpec[];
  /**
   * What the step makes available: for a trigger, the fields under `trigger`; for any other step,
   * under `steps.<id>.output`.
   */
  outputFields: (config: LooseConfig) => readonly OutputField[];
  /** Reaches outside Orgflow (sends, calls, writes elsewhere, costs tokens): skipped in test runs
   *  unless chosen, and checkpointed as "running" before it starts. */
  externalEffects?: boolean;
  /** Waits for every branch leading to it that can still arrive, then runs once with their
   *  outputs (merge steps). Other steps reached by several branches run when the first arrives. */
  joinsBranches?: boolean;
  /** The output handle whose branch runs once per item and may lead back (loops only). */
  loopBodyHandle?: string;
  /** Filled by the engine issue. */
  executor?: NodeExecutor<z.output<S>>;
};

/** Declares a node type, keeping the schema's types for `defaults` and `executor`. */
export function defineNodeType<S extends z.ZodType<Record<string, unknown>>>(
  definition: NodeTypeDefinition<S>,
): NodeTypeDefinition<S> {
  return definition;
}

/** The usual single input and single output of an action. */
export const IN: readonly HandleSpec[] = [{ id: "in", required: true }];
export const OUT: readonly HandleSpec[] = [{ id: "out" }];
export const singleOutput = () => OUT;

/** Reads an array of objects out of a loose config (a draft may hold anything). */
export function looseItems(config: LooseConfig, key: string): LooseConfig[] {
  const value = config[key];
  return Array.isArray(value)
    ? value.filter((v): v is LooseConfig => typeof v === "object" && v !== null && !Array.isArray(v))
    : [];
}

export function looseString(config: LooseConfig, key: string): string | undefined {
  const value = config[key];
  return typeof value === "string" ? value : undefined;
}
