import type { ComponentType } from "react";
import type { LucideIcon } from "lucide-react";
import type { NodeProps } from "@xyflow/react";
import type { LooseConfig } from "./types";

/**
 * The client half of a node type: its icon, its canvas component and its config form. The form is
 * generated from `fields` (lib/workflows/nodes/<type>/ui.tsx) and validated as you type with the
 * server half's zod schema, so the two cannot disagree about what is valid.
 */

export type FieldOption = { value: string; label: string };

type FieldBase = {
  /** The config key (a path segment). */
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  optional?: boolean;
  /** Shown only when this returns true (fields of one GHL operation, the body of a POST …). */
  visible?: (config: LooseConfig) => boolean;
};

export type FieldSpec =
  | (FieldBase & {
      kind: "text";
      multiline?: boolean;
      rows?: number;
      mono?: boolean;
      /** Offer expression autocomplete (on by default: any text field may use expressions). */
      expressions?: boolean;
      /** A live description under the field (e.g. what a cron expression means). */
      describe?: (value: string) => string | null;
    })
  | (FieldBase & { kind: "number"; min?: number; max?: number; step?: number })
  | (FieldBase & { kind: "select"; options: readonly FieldOption[] })
  | (FieldBase & { kind: "boolean" })
  | (FieldBase & { kind: "timezone" })
  /** One of the organization's agents (the page provides them: components/agents/agent-choices.tsx). */
  | (FieldBase & { kind: "agent" })
  | (FieldBase & { kind: "keyValue"; keyLabel: string; valueLabel: string; addLabel: string })
  /** A list of short texts (choices, tags): one input per entry, add and remove. */
  | (FieldBase & { kind: "strings"; itemLabel: string; addLabel: string; max?: number })
  | (FieldBase & {
      kind: "list";
      fields: readonly FieldSpec[];
      addLabel: string;
      itemLabel: (index: number, item: LooseConfig) => string;
      newItem: (items: readonly LooseConfig[]) => LooseConfig;
      min?: number;
      max?: number;
    });

export type WorkflowNodeData = { label?: string; config: LooseConfig };

export type NodeUi = {
  icon: LucideIcon;
  fields: readonly FieldSpec[];
  /** One line on the canvas card saying what the step does with its current config. */
  summary?: (config: LooseConfig) => string | null;
  /** The canvas component, when the shared card is not enough. */
  Node?: ComponentType<NodeProps>;
};

export function defineNodeUi(ui: NodeUi): NodeUi {
  return ui;
}

export const options = (entries: Readonly<Record<string, string>> | readonly string[]): FieldOption[] =>
  Array.isArray(entries)
    ? entries.map((value: string) => ({ value, label: value }))
    : Object.entries(entries).map(([value, label]) => ({ value, label }));

/** Text of a loose config value for summaries. */
export const text = (config: LooseConfig, key: string): string =>
  typeof config[key] === "string" ? (config[key] as string) : "";
