"use client";

import * as React from "react";
import { Handle, Position, useUpdateNodeInternals, type Node, type NodeProps } from "@xyflow/react";
import { CircleQuestionMark, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import type { NodeCategory } from "@/lib/workflows/nodes/types";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";
import { useNodeProblems } from "./builder-context";
import { NodeRunOverlay } from "./run-overlay";
import { useNodeRegistry } from "./node-registry";

export type FlowNode = Node<WorkflowNodeData>;

export const categoryStyles: Record<NodeCategory, string> = {
  trigger: "bg-amber-500/15 text-amber-700 dark:text-amber-300",
  action: "bg-primary/10 text-primary",
  logic: "bg-emerald-500/15 text-emerald-700 dark:text-emerald-300",
};

const handleBase =
  "!size-3 !border-2 !border-background !bg-muted-foreground transition-colors hover:!bg-primary [&.connectingto]:!bg-primary [&.valid]:!bg-success";
const handleMissing = "!bg-destructive ring-2 ring-destructive/30";

/**
 * A card draws its step from these props only. React Flow also passes the node's measured size
 * and absolute position, which change for every card once the canvas has measured them (and for
 * a dragged card on every frame): ignoring them spares a re-render of all 200 cards of a large
 * workflow right after it opens.
 */
function sameCardProps(a: NodeProps<FlowNode>, b: NodeProps<FlowNode>): boolean {
  return a.id === b.id && a.type === b.type && a.data === b.data && a.selected === b.selected;
}

/**
 * The card every step is drawn as: icon, name, id (for expressions), a one-line summary, its
 * problems, and its handles, inputs on the left and outputs on the right (labelled when there are
 * several). A required handle left unconnected is red.
 */
export const WorkflowNodeCard = React.memo(function WorkflowNodeCard({
  id,
  type,
  data,
  selected,
}: NodeProps<FlowNode>) {
  const registry = useNodeRegistry();
  const def = registry.getType(type);
  const ui = registry.ui(type);
  const problems = useNodeProblems(id);
  const outputs = React.useMemo(() => def?.outputs(data.config) ?? [], [def, data.config]);
  const updateNodeInternals = useUpdateNodeInternals();
  const outputKey = outputs.map((h) => h.id).join("\u0000");
  // Handles come and go with the config (a switch's cases): tell React Flow to measure them again.
  // Not on mount: React Flow measures new nodes itself, and an early call would make its initial
  // fitView fit the first node only.
  const measuredKey = React.useRef(outputKey);
  React.useEffect(() => {
    if (measuredKey.current === outputKey) return;
    measuredKey.current = outputKey;
    updateNodeInternals(id);
  }, [id, outputKey, updateNodeInternals]);

  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  const missing = new Set(errors.flatMap((p) => (p.handleId ? [p.handleId] : [])));
  const Icon = ui?.icon ?? CircleQuestionMark;
  const label = data.label?.trim() || def?.label || type;
  const summary = ui?.summary?.(data.config);
  const labelledOutputs = outputs.length > 1 || outputs.some((h) => h.label);

  const handleTitle = (kind: "input" | "output", handle: { id: string; label?: string }) =>
    missing.has(handle.id)
      ? `${handle.label ?? (kind === "input" ? "Input" : "Output")}: not connected yet`
      : (handle.label ?? (kind === "input" ? "Input" : "Output"));

  return (
    <div
      data-invalid={errors.length > 0 || undefined}
      className={cn(
        "relative w-60 rounded-lg border bg-card text-card-foreground shadow-sm",
        errors.length > 0 && "border-destructive/70",
        selected && "ring-2 ring-ring ring-offset-2 ring-offset-background",
      )}
    >
      <NodeRunOverlay nodeId={id} />
      {def?.inputs.map((handle) => (
        <Handle
          key={handle.id}
          type="target"
          position={Position.Left}
          id={handle.id}
          title={handleTitle("input", handle)}
          className={cn(handleBase, missing.has(handle.id) && handleMissing)}
        />
      ))}
      <div className="flex items-start gap-2.5 p-3">
        <span
          className={cn(
            "flex size-8 shrink-0 items-center justify-center rounded-md",
            def ? categoryStyles[def.category] : "bg-muted text-muted-foreground",
          )}
        >
          <Icon className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm leading-tight font-medium">{label}</p>
          <p className="truncate font-mono text-[11px] text-muted-foreground">{id}</p>
        </div>
        {errors.length > 0 || warnings.length > 0 ? (
          <span
            className={cn(
              "flex shrink-0 items-center gap-1 rounded-full px-1.5 py-0.5 text-[11px] font-medium",
              errors.length > 0 ? "bg-destructive/10 text-destructive" : "bg-warning/15 text-foreground",
            )}
            title={[...errors, ...warnings].map((p) => p.message).join("\n")}
          >
            <TriangleAlert className="size-3" aria-hidden="true" />
            {errors.length || warnings.length}
            <span className="sr-only">
              {errors.length > 0
                ? `${errors.length} problem${errors.length === 1 ? "" : "s"}`
                : `${warnings.length} warning${warnings.length === 1 ? "" : "s"}`}
            </span>
          </span>
        ) : null}
      </div>
      {!def ? (
        <p className="border-t px-3 py-1.5 text-xs text-destructive">Unknown step type “{type}”</p>
      ) : summary ? (
        <p className="truncate border-t px-3 py-1.5 text-xs text-muted-foreground" title={summary}>
          {summary}
        </p>
      ) : null}
      {labelledOutputs ? (
        <ul className="border-t py-1" aria-label="Outputs">
          {outputs.map((handle) => (
            <li
              key={handle.id}
              className="relative flex h-6 items-center justify-end pr-4 pl-3 text-[11px] text-muted-foreground"
            >
              <span className="truncate">{handle.label ?? handle.id}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={handle.id}
                title={handleTitle("output", handle)}
                className={cn(handleBase, missing.has(handle.id) && handleMissing)}
              />
            </li>
          ))}
        </ul>
      ) : (
        outputs.map((handle) => (
          <Handle
            key={handle.id}
            type="source"
            position={Position.Right}
            id={handle.id}
            title={handleTitle("output", handle)}
            className={cn(handleBase, missing.has(handle.id) && handleMissing)}
          />
        ))
      )}
    </div>
  );
}, sameCardProps);
