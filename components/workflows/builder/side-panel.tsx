"use client";

import * as React from "react";
import { MousePointerClick, PanelRightClose, PanelRightOpen } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils/cn";
import type { Connection, GraphLike, Problem } from "@/lib/workflows/graph";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";
import type { FlowNode } from "./node-card";
import { ProblemsList } from "./problems-list";
import { StepPanel } from "./step-panel";
import { VersionsList, type BuilderVersion } from "./versions-list";

export type PanelTab = "step" | "problems" | "versions";

/** The versions tab: published versions, restorable into the draft. */
export type SidePanelVersions = {
  list: readonly BuilderVersion[];
  liveVersion: number | null;
  onRestore: (version: BuilderVersion) => void;
};

type SidePanelProps = {
  /** The panel's accessible name. */
  label: string;
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  wide: boolean;
  /** A tablet-sized window: a narrower panel that can be put away (it comes back on a new selection or tab). */
  compact?: boolean;
  selected: FlowNode | null;
  selectionCount: number;
  graph: GraphLike;
  readOnly: boolean;
  problems: readonly Problem[];
  /** Absent: no versions tab. */
  versions?: SidePanelVersions;
  labelOf: (nodeId: string) => string;
  onShowProblem: (problem: Problem) => void;
  onChange: (id: string, data: WorkflowNodeData) => void;
  onDelete: (id: string) => void;
  onConnect: (connection: Connection) => void;
  onDisconnect: (edgeId: string) => void;
  /** Under the selected step's settings (the webhook trigger's URLs). */
  stepExtras?: (node: FlowNode) => React.ReactNode;
};

/**
 * The right-hand panel: the selected step, the problems list, the published versions (where the
 * canvas has them). Memoised: dragging other steps around does not re-render it.
 */
export const SidePanel = React.memo(function SidePanel(props: SidePanelProps) {
  const { tab, onTab, wide, selected, selectionCount, problems, versions } = props;
  const errors = problems.filter((p) => p.severity === "error").length;
  const tabs: { id: PanelTab; label: React.ReactNode; name: string }[] = [
    { id: "step", label: "Step", name: "Step" },
    {
      id: "problems",
      name: `Problems (${problems.length})`,
      label: (
        <>
          Problems
          <span
            className={cn(
              "ml-1.5 rounded-full px-1.5 text-[11px]",
              errors ? "bg-destructive/10 text-destructive" : "bg-muted text-muted-foreground",
            )}
          >
            {problems.length}
          </span>
        </>
      ),
    },
  ];
  if (versions) {
    const count = versions.list.length;
    tabs.push({ id: "versions", label: `Versions${count ? ` (${count})` : ""}`, name: "Versions" });
  }
  const baseId = React.useId();
  // Put away for what it showed then: choosing another step or tab brings it back.
  const showing = `${tab}:${selected?.id ?? ""}`;
  const [hiddenFor, setHiddenFor] = React.useState<string | null>(null);
  const compact = wide && props.compact === true;
  if (compact && hiddenFor === showing) {
    return (
      <aside
        aria-label={props.label}
        className="flex w-11 shrink-0 flex-col items-center border-l bg-background py-2"
      >
        <Button
          type="button"
          variant="ghost"
          size="icon-sm"
          aria-expanded={false}
          aria-label="Show the panel"
          onClick={() => setHiddenFor(null)}
        >
          <PanelRightOpen aria-hidden="true" />
        </Button>
      </aside>
    );
  }

  return (
    <aside
      aria-label={props.label}
      className={cn(
        "flex min-h-0 flex-col bg-background",
        wide ? "shrink-0 border-l" : "border-t",
        wide && (compact ? "w-80" : "w-[22rem]"),
      )}
    >
      <div className="flex shrink-0 items-center border-b px-2">
        <div role="tablist" aria-label="Panel" className="flex min-w-0">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`${baseId}-${t.id}-tab`}
              aria-selected={tab === t.id}
              aria-controls={`${baseId}-${t.id}`}
              aria-label={t.name}
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => onTab(t.id)}
              onKeyDown={(event) => {
                if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
                const i = tabs.findIndex((x) => x.id === tab);
                const next = tabs[(i + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length]!;
                onTab(next.id);
                document.getElementById(`${baseId}-${next.id}-tab`)?.focus();
              }}
              className={cn(
                "-mb-px border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                tab === t.id
                  ? "border-primary text-foreground"
                  : "border-transparent text-muted-foreground hover:text-foreground",
              )}
            >
              {t.label}
            </button>
          ))}
        </div>
        {compact ? (
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="ml-auto"
            aria-expanded={true}
            aria-label="Hide the panel"
            onClick={() => setHiddenFor(showing)}
          >
            <PanelRightClose aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-${tab}`}
        aria-labelledby={`${baseId}-${tab}-tab`}
        className="min-h-0 flex-1 overflow-y-auto"
      >
        {tab === "step" ? (
          selected ? (
            <section aria-label="Step settings">
              <StepPanel
                key={selected.id}
                nodeId={selected.id}
                type={selected.type ?? ""}
                data={selected.data}
                graph={props.graph}
                readOnly={props.readOnly}
                onChange={props.onChange}
                onDelete={props.onDelete}
                onConnect={props.onConnect}
                onDisconnect={props.onDisconnect}
              />
              {props.stepExtras?.(selected)}
            </section>
          ) : (
            <div className="flex flex-col items-center gap-2 p-6 text-center text-sm text-muted-foreground">
              <MousePointerClick className="size-6" aria-hidden="true" />
              {selectionCount > 1
                ? `${selectionCount} steps selected. Select one to see its settings.`
                : props.readOnly
                  ? "Select a step to see its settings."
                  : "Select a step to set it up, or add one from the left."}
            </div>
          )
        ) : tab === "problems" ? (
          <ProblemsList problems={problems} labelOf={props.labelOf} onShow={props.onShowProblem} />
        ) : versions ? (
          <VersionsList
            versions={versions.list}
            liveVersion={versions.liveVersion}
            canRestore={!props.readOnly}
            onRestore={versions.onRestore}
          />
        ) : null}
      </div>
    </aside>
  );
});
