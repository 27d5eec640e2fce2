"use client";

import * as React from "react";
import { Trash2, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { cn } from "@/lib/utils/cn";
import type { Connection, GraphLike } from "@/lib/workflows/graph";
import type { LooseConfig, NodeCategory } from "@/lib/workflows/nodes/types";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";
import { ConfigForm } from "./config-form";
import { categoryStyles } from "./node-card";
import { hasStepSettings } from "@/lib/workflows/nodes/step-settings";
import { useNodeRegistry, workflowNodeRegistry, type CanvasNodeRegistry } from "./node-registry";
import { StepSettingsForm } from "./step-settings-form";

type StepPanelProps = {
  nodeId: string;
  data: WorkflowNodeData;
  type: string;
  graph: GraphLike;
  readOnly: boolean;
  onChange: (id: string, data: WorkflowNodeData) => void;
  onDelete: (id: string) => void;
  onConnect: (connection: Connection) => void;
  onDisconnect: (edgeId: string) => void;
};

/**
 * The selected step: its name, its config form (validated as you type, with variables to insert),
 * and its connections, which can be made here from the keyboard too.
 */
export function StepPanel({
  nodeId,
  data,
  type,
  graph,
  readOnly,
  onChange,
  onDelete,
  onConnect,
  onDisconnect,
}: StepPanelProps) {
  const registry = useNodeRegistry();
  const def = registry.getType(type);
  const ui = registry.ui(type);
  const nodeLabel = registry.label;
  const variables = React.useMemo(() => registry.variables(graph, nodeId), [registry, graph, nodeId]);
  const issues = React.useMemo(
    () => (def ? registry.configIssues(def, data.config, graph, nodeId) : {}),
    [registry, def, data.config, graph, nodeId],
  );

  if (!def || !ui) {
    return (
      <p className="p-4 text-sm text-destructive">
        This step has an unknown type “{type}”. Delete it, or import a file made for this version of Orgflow.
      </p>
    );
  }
  const setConfig = (config: LooseConfig) => onChange(nodeId, { ...data, config });

  return (
    <div className="flex flex-col gap-5 p-4">
      <StepHeading
        icon={ui.icon}
        category={def.category}
        typeLabel={def.label}
        nodeId={nodeId}
        name={nodeLabel({ id: nodeId, type, data })}
        onDelete={readOnly ? undefined : () => onDelete(nodeId)}
      />
      <p className="text-[13px] text-muted-foreground">{def.description}</p>

      <FormField
        name="step-name"
        id={`${nodeId}-step-name`}
        label="Name"
        optional
        hint={
          registry === workflowNodeRegistry
            ? `Shown on the canvas. Expressions refer to this step as steps.${nodeId}.`
            : "Shown on the canvas."
        }
      >
        <Input
          value={data.label ?? ""}
          placeholder={def.label}
          maxLength={80}
          disabled={readOnly}
          onChange={(event) => onChange(nodeId, { ...data, label: event.target.value })}
        />
      </FormField>

      <section aria-label="Settings" className="flex flex-col gap-4">
        <ConfigForm
          idPrefix={nodeId}
          fields={ui.fields}
          config={data.config}
          issues={issues}
          variables={variables}
          disabled={readOnly}
          onChange={setConfig}
        />
      </section>

      {registry === workflowNodeRegistry && hasStepSettings(def.category) ? (
        <StepSettingsForm
          nodeId={nodeId}
          config={data.config}
          issues={issues}
          disabled={readOnly}
          onChange={setConfig}
        />
      ) : null}

      <Connections
        nodeId={nodeId}
        graph={graph}
        readOnly={readOnly}
        onConnect={onConnect}
        onDisconnect={onDisconnect}
      />
    </div>
  );
}

function Connections({
  nodeId,
  graph,
  readOnly,
  onConnect,
  onDisconnect,
}: Pick<StepPanelProps, "nodeId" | "graph" | "readOnly" | "onConnect" | "onDisconnect">) {
  const registry = useNodeRegistry();
  const { handles: nodeHandles, label: nodeLabel } = registry;
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const { inputs, outputs } = nodeHandles(node);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = byId.get(id);
    return n ? nodeLabel(n) : id;
  };
  const incoming = graph.edges.filter((e) => e.target === nodeId);
  const targets = graph.nodes.filter((n) => n.id !== nodeId && nodeHandles(n).inputs.length > 0);

  return (
    <section aria-labelledby={`${nodeId}-connections`} className="flex flex-col gap-3 border-t pt-4">
      <h3 id={`${nodeId}-connections`} className="text-sm font-semibold">
        Connections
      </h3>
      {inputs.length > 0 ? (
        <div className="flex flex-col gap-1.5">
          <p className="text-xs font-medium text-muted-foreground">Comes after</p>
          {incoming.length === 0 ? <p className="text-[13px] text-muted-foreground">Nothing yet.</p> : null}
          <ul className="flex flex-col gap-1">
            {incoming.map((edge) => (
              <EdgeRow
                key={edge.id ?? `${edge.source}-${edge.target}`}
                text={`${label(edge.source)}${outputLabel(registry, graph, edge.source, edge.sourceHandle)}`}
                readOnly={readOnly}
                onRemove={() => edge.id && onDisconnect(edge.id)}
              />
            ))}
          </ul>
        </div>
      ) : null}
      {outputs.map((handle) => {
        const out = graph.edges.filter((e) => e.source === nodeId && e.sourceHandle === handle.id);
        const selectId = `${nodeId}-connect-${handle.id}`;
        return (
          <div key={handle.id} className="flex flex-col gap-1.5">
            <p className="text-xs font-medium text-muted-foreground">
              {outputs.length > 1 || handle.label ? `${handle.label ?? handle.id} leads to` : "Leads to"}
            </p>
            {out.length === 0 ? (
              <p className="text-[13px] text-muted-foreground">
                {handle.required ? "Nothing yet (required)." : "Nothing yet."}
              </p>
            ) : null}
            <ul className="flex flex-col gap-1">
              {out.map((edge) => (
                <EdgeRow
                  key={edge.id ?? edge.target}
                  text={label(edge.target)}
                  readOnly={readOnly}
                  onRemove={() => edge.id && onDisconnect(edge.id)}
                />
              ))}
            </ul>
            {!readOnly && targets.length > 0 ? (
              <>
                <label htmlFor={selectId} className="sr-only">
                  Connect {handle.label ?? "the output"} to a step
                </label>
                <NativeSelect
                  id={selectId}
                  value=""
                  className="h-8 text-[13px]"
                  onChange={(event) => {
                    const target = event.target.value;
                    const input = nodeHandles(byId.get(target)!).inputs[0];
                    if (target && input)
                      onConnect({ source: nodeId, sourceHandle: handle.id, target, targetHandle: input.id });
                  }}
                >
                  <option value="">Connect to…</option>
                  {targets.map((t) => (
                    <option key={t.id} value={t.id}>
                      {nodeLabel(t)} ({t.id})
                    </option>
                  ))}
                </NativeSelect>
              </>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

function outputLabel(registry: CanvasNodeRegistry, graph: GraphLike, source: string, handle: string): string {
  const node = graph.nodes.find((n) => n.id === source);
  if (!node) return "";
  const outputs = registry.handles(node).outputs;
  const spec = outputs.find((h) => h.id === handle);
  return outputs.length > 1 && spec ? ` (${spec.label ?? spec.id})` : "";
}

function EdgeRow({ text, readOnly, onRemove }: { text: string; readOnly: boolean; onRemove: () => void }) {
  return (
    <li className="flex items-center justify-between gap-2 rounded-md border bg-muted/30 py-1 pr-1 pl-2.5 text-[13px]">
      <span className="truncate">{text}</span>
      {!readOnly ? (
        <Button
          variant="ghost"
          size="icon-sm"
          className="size-6"
          aria-label={`Disconnect ${text}`}
          onClick={onRemove}
        >
          <X aria-hidden="true" />
        </Button>
      ) : null}
    </li>
  );
}

function StepHeading(props: {
  icon: React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }>;
  category: NodeCategory;
  typeLabel: string;
  nodeId: string;
  name: string;
  onDelete?: () => void;
}) {
  const Icon = props.icon;
  return (
    <div className="flex items-start gap-3">
      <span
        className={cn(
          "flex size-9 shrink-0 items-center justify-center rounded-md",
          categoryStyles[props.category],
        )}
      >
        <Icon className="size-5" aria-hidden="true" />
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-base leading-tight font-semibold">{props.name}</h2>
        <p className="text-xs text-muted-foreground">
          {props.typeLabel} · <span className="font-mono">{props.nodeId}</span>
        </p>
      </div>
      {props.onDelete ? (
        <Button variant="ghost" size="icon-sm" aria-label={`Delete ${props.name}`} onClick={props.onDelete}>
          <Trash2 aria-hidden="true" />
        </Button>
      ) : null}
    </div>
  );
}
