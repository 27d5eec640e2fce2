"use client";

import * as React from "react";
import { useTheme } from "next-themes";
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  type Connection as FlowConnection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
  type XYPosition,
} from "@xyflow/react";
import {
  Check,
  CloudOff,
  LoaderCircle,
  MessageSquareText,
  Network,
  Redo2,
  TriangleAlert,
  Undo2,
} from "lucide-react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { BuilderContext } from "@/components/workflows/builder/builder-context";
import {
  fromFlowEdge,
  snapshotOf,
  toFlowEdge,
  type Snapshot,
} from "@/components/workflows/builder/flow-state";
import { WorkflowNodeCard, type FlowNode } from "@/components/workflows/builder/node-card";
import { NodeRegistryProvider, type CanvasNodeRegistry } from "@/components/workflows/builder/node-registry";
import { DRAG_TYPE, Palette } from "@/components/workflows/builder/palette";
import { ProblemsList } from "@/components/workflows/builder/problems-list";
import { ProblemsStore } from "@/components/workflows/builder/problems-store";
import { StepPanel } from "@/components/workflows/builder/step-panel";
import {
  useDraftSync,
  type SavedResult,
  type SaveStatus,
} from "@/components/workflows/builder/use-draft-sync";
import { useMediaQuery } from "@/components/workflows/builder/use-media-query";
import { useUndoHistory } from "@/components/workflows/builder/use-undo-history";
import type { ActionResult } from "@/lib/actions/action";
import { botConnectionProblem } from "@/lib/chatbots/console-flow";
import { cn } from "@/lib/utils/cn";
import { edgeId, nextNodeId, type WorkflowDefinition, type WorkflowNode } from "@/lib/workflows/definition";
import type { Connection, GraphLike, Problem } from "@/lib/workflows/graph";
import type { LooseConfig } from "@/lib/workflows/nodes/types";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";

export type FlowEditorProps = {
  registry: CanvasNodeRegistry;
  definition: WorkflowDefinition;
  version: number;
  readOnly: boolean;
  /** Everything wrong with the graph, for the cards and the problems list. */
  validate: (graph: GraphLike) => Problem[];
  /** Why it is read-only, shown above the canvas. */
  readOnlyReason?: string;
  save: (definition: WorkflowDefinition, expectedVersion: number) => Promise<ActionResult<SavedResult>>;
  /** Beside the side panel (the bot's test chat). */
  aside?: React.ReactNode;
  /** Called after each successful save (the test chat starts over on the new flow). */
  onSaved?: () => void;
  /** Buttons at the end of the toolbar (publish), given a way to save first. */
  actions?: (api: { flush: () => Promise<void>; status: SaveStatus; hasErrors: boolean }) => React.ReactNode;
};

type Tab = "step" | "problems";

function toGraph(nodes: readonly FlowNode[], edges: readonly Edge[]): GraphLike {
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? "", data: n.data })),
    edges: edges.map(fromFlowEdge),
  };
}

function freeSpot(position: XYPosition, nodes: readonly FlowNode[]): XYPosition {
  const spot = { ...position };
  while (nodes.some((n) => Math.abs(n.position.x - spot.x) < 60 && Math.abs(n.position.y - spot.y) < 60))
    spot.y += 140;
  return spot;
}

/**
 * A flow canvas for any node registry, made of the workflow builder's own pieces: its node card,
 * palette, step panel with generated config forms, problems list, undo history and autosave. The
 * chatbot console edits a bot's goal-based flow with it.
 */
export function FlowEditor(props: FlowEditorProps) {
  return (
    <ReactFlowProvider>
      <NodeRegistryProvider value={props.registry}>
        <Editor {...props} />
      </NodeRegistryProvider>
    </ReactFlowProvider>
  );
}

function Editor({
  registry,
  definition,
  version,
  readOnly: lockedReadOnly,
  validate,
  readOnlyReason,
  save,
  aside,
  onSaved,
  actions,
}: FlowEditorProps) {
  const rf = useReactFlow<FlowNode, Edge>();
  const { resolvedTheme } = useTheme();
  const wide = useMediaQuery("(min-width: 768px)", true);
  const readOnly = lockedReadOnly || !wide;
  const lookup = registry.getType;

  const toFlowNode = React.useCallback(
    (node: WorkflowNode, selected = false): FlowNode => ({
      id: node.id,
      type: node.type,
      position: { ...node.position },
      data: { ...(node.data.label ? { label: node.data.label } : {}), config: node.data.config },
      ariaLabel: `${registry.label(node)} (${lookup(node.type)?.label ?? node.type}, ${node.id})`,
      selected,
    }),
    [registry, lookup],
  );

  const [nodes, setNodes] = React.useState<FlowNode[]>(() => definition.nodes.map((n) => toFlowNode(n)));
  const [edges, setEdges] = React.useState<Edge[]>(() => definition.edges.map(toFlowEdge));
  const [dragging, setDragging] = React.useState(false);
  const [tab, setTab] = React.useState<Tab>("step");
  const canvasRef = React.useRef<HTMLDivElement>(null);

  const seq = React.useRef(0);
  const [changeSeq, setChangeSeq] = React.useState(0);
  const bump = React.useCallback(() => setChangeSeq((seq.current += 1)), []);

  const read = React.useCallback((): Snapshot => snapshotOf(rf.getNodes(), rf.getEdges()), [rf]);
  const apply = React.useCallback(
    (snapshot: Snapshot) => {
      setNodes(snapshot.nodes.map((n) => toFlowNode(n)));
      setEdges(snapshot.edges.map(toFlowEdge));
      bump();
    },
    [bump, toFlowNode],
  );
  const onSavedRef = React.useRef(onSaved);
  React.useEffect(() => {
    onSavedRef.current = onSaved;
  });

  const history = useUndoHistory({ enabled: !readOnly, changeSeq, busy: dragging, read, apply });
  const sync = useDraftSync({
    enabled: !readOnly,
    changeSeq,
    busy: dragging,
    initialVersion: version,
    read,
    readViewport: () => rf.getViewport(),
    save: async (def, expected) => {
      const result = await save(def, expected);
      if (result.ok) onSavedRef.current?.();
      return result;
    },
  });

  const graph = React.useMemo(() => toGraph(nodes, edges), [nodes, edges]);
  const deferred = React.useDeferredValue(graph);
  const problems = React.useMemo(() => validate(deferred), [validate, deferred]);
  const [problemsStore] = React.useState(() => new ProblemsStore());
  React.useEffect(() => problemsStore.set(problems), [problemsStore, problems]);
  const context = React.useMemo(() => ({ readOnly, problems: problemsStore }), [readOnly, problemsStore]);
  const ready = useNodesInitialized();
  const graphNow = React.useCallback(() => toGraph(rf.getNodes(), rf.getEdges()), [rf]);

  const nodeTypes: NodeTypes = React.useMemo(
    () =>
      Object.fromEntries(registry.types.map((t) => [t.type, registry.ui(t.type)?.Node ?? WorkflowNodeCard])),
    [registry],
  );

  const selectedNodes = nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0]! : null;

  const onNodesChange = React.useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const allowed = readOnly
        ? changes.filter((c) => c.type === "select" || c.type === "dimensions")
        : changes;
      if (allowed.length === 0) return;
      setNodes((current) => applyNodeChanges(allowed, current));
      if (
        allowed.some(
          (c) => c.type === "position" || c.type === "remove" || c.type === "add" || c.type === "replace",
        )
      )
        bump();
      for (const c of allowed) if (c.type === "position" && c.dragging !== undefined) setDragging(c.dragging);
      if (allowed.some((c) => c.type === "select" && c.selected)) setTab("step");
    },
    [readOnly, bump],
  );

  const onEdgesChange = React.useCallback(
    (changes: EdgeChange<Edge>[]) => {
      const allowed = readOnly ? changes.filter((c) => c.type === "select") : changes;
      if (allowed.length === 0) return;
      setEdges((current) => applyEdgeChanges(allowed, current));
      if (allowed.some((c) => c.type !== "select")) bump();
    },
    [readOnly, bump],
  );

  const connect = React.useCallback(
    (connection: Connection) => {
      if (readOnly) return;
      const problem = botConnectionProblem(lookup, graphNow(), connection);
      if (problem) return void toast.error(problem);
      const edge = {
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? "",
        target: connection.target,
        targetHandle: connection.targetHandle ?? "",
      };
      setEdges((current) => [...current, { id: edgeId(edge), ...edge }]);
      bump();
    },
    [readOnly, lookup, graphNow, bump],
  );

  const isValidConnection = React.useCallback(
    (c: Edge | FlowConnection) =>
      !readOnly &&
      botConnectionProblem(lookup, graphNow(), {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
        targetHandle: c.targetHandle ?? null,
      }) === null,
    [readOnly, lookup, graphNow],
  );

  const addStep = React.useCallback(
    (type: string, at?: XYPosition) => {
      const def = lookup(type);
      if (!def || readOnly) return;
      const current = rf.getNodes();
      const id = nextNodeId(
        type,
        current.map((n) => n.id),
      );
      const anchors = current.filter((n) => n.selected);
      const anchor = !at && anchors.length === 1 ? anchors[0]! : null;
      let position = at;
      let link: Connection | null = null;
      if (!position && anchor) {
        const outputs = lookup(anchor.type)?.outputs(anchor.data.config) ?? [];
        const used = rf.getEdges().filter((e) => e.source === anchor.id);
        const free = outputs.find((h) => !used.some((e) => e.sourceHandle === h.id));
        position = freeSpot({ x: anchor.position.x + 320, y: anchor.position.y }, current);
        if (free && def.inputs[0])
          link = { source: anchor.id, sourceHandle: free.id, target: id, targetHandle: def.inputs[0].id };
      } else if (!position) {
        const bounds = canvasRef.current?.getBoundingClientRect();
        const center = bounds
          ? rf.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 2 })
          : { x: 0, y: 0 };
        position = freeSpot({ x: Math.round(center.x - 120), y: Math.round(center.y - 48) }, current);
      }
      const node = toFlowNode(
        { id, type, position: position!, data: { config: structuredClone(def.defaults) as LooseConfig } },
        true,
      );
      setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      if (link) {
        const e = {
          source: link.source,
          sourceHandle: link.sourceHandle!,
          target: link.target,
          targetHandle: link.targetHandle!,
        };
        setEdges((es) => [...es, { id: edgeId(e), ...e }]);
      }
      bump();
      setTab("step");
    },
    [lookup, readOnly, rf, toFlowNode, bump],
  );

  const updateData = React.useCallback(
    (id: string, data: WorkflowNodeData) => {
      const node = rf.getNode(id);
      if (!node || readOnly) return;
      setNodes((ns) =>
        ns.map((n) =>
          n.id === id
            ? {
                ...n,
                data,
                ariaLabel: `${registry.label({ id, type: n.type ?? "", data })} (${n.type}, ${id})`,
              }
            : n,
        ),
      );
      const def = lookup(node.type);
      if (def && data.config !== node.data.config) {
        const outputs = new Set(def.outputs(data.config).map((h) => h.id));
        setEdges((es) => es.filter((e) => e.source !== id || outputs.has(e.sourceHandle ?? "")));
      }
      bump();
    },
    [rf, readOnly, registry, lookup, bump],
  );

  const deleteStep = React.useCallback((id: string) => void rf.deleteElements({ nodes: [{ id }] }), [rf]);
  const disconnect = React.useCallback(
    (id: string) => {
      setEdges((es) => es.filter((e) => e.id !== id));
      bump();
    },
    [bump],
  );

  const showProblem = React.useCallback(
    (problem: Problem) => {
      const nodeId = problem.nodeId ?? rf.getEdges().find((e) => e.id === problem.edgeId)?.source;
      if (!nodeId) return;
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === nodeId })));
      setTab("step");
      void rf.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2, padding: 0.6 });
    },
    [rf],
  );

  const tidyUp = React.useCallback(async () => {
    if (readOnly) return;
    const { layoutGraph } = await import("@/lib/workflows/layout");
    const positions = layoutGraph({
      nodes: rf.getNodes().map((n) => ({ id: n.id, size: n.measured })),
      edges: rf.getEdges().map(fromFlowEdge),
    });
    setNodes((ns) => ns.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })));
    bump();
    requestAnimationFrame(() => void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }));
  }, [readOnly, rf, bump]);

  React.useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        if (!readOnly) void sync.flush();
        return;
      }
      if (
        event.defaultPrevented ||
        target?.closest("input, textarea, select, [contenteditable='true'], dialog")
      )
        return;
      if (mod && key === "z" && !readOnly) {
        event.preventDefault();
        if (event.shiftKey) history.redo();
        else history.undo();
      } else if (mod && key === "y" && !readOnly) {
        event.preventDefault();
        history.redo();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [readOnly, sync, history]);

  const labelOf = React.useCallback(
    (id: string) => {
      const n = graph.nodes.find((x) => x.id === id);
      return n ? registry.label(n) : id;
    },
    [graph, registry],
  );

  const starts = registry.types.filter((t) => t.category === "trigger");
  const errors = problems.filter((p) => p.severity === "error").length;

  return (
    <BuilderContext.Provider value={context}>
      <div
        data-flow-editor=""
        data-ready={ready || nodes.length === 0 ? "true" : undefined}
        className={cn("flex min-h-0 flex-1 flex-col", wide ? "h-full" : "")}
      >
        <div className="flex shrink-0 flex-wrap items-center gap-2 border-b bg-background px-3 py-2">
          <p className="mr-auto text-sm font-semibold">Goal-based flow</p>
          {!readOnly ? (
            <>
              <SaveIndicator status={sync.status} onRetry={() => void sync.flush()} />
              <Button
                variant="ghost"
                size="icon-sm"
                aria-label="Undo"
                disabled={!history.canUndo}
                onClick={history.undo}
              >
                <Undo2 aria-hidden="true" />
              </Button>
              <Button
                variant="ghost"
                size="icon-sm"
                aria-label="Redo"
                disabled={!history.canRedo}
                onClick={history.redo}
              >
                <Redo2 aria-hidden="true" />
              </Button>
              <Button variant="outline" size="sm" onClick={() => void tidyUp()}>
                <Network aria-hidden="true" />
                Tidy up
              </Button>
            </>
          ) : (
            <span className="text-xs text-muted-foreground">View only</span>
          )}
          {actions?.({ flush: sync.flush, status: sync.status, hasErrors: errors > 0 })}
        </div>
        {sync.status === "conflict" ? (
          <Alert
            variant="error"
            className="rounded-none border-x-0 border-t-0"
            title="Someone else saved this flow"
          >
            {sync.phase.phase === "conflict" ? sync.phase.message : null} Reload to see their version; your
            changes since then are not saved.
          </Alert>
        ) : null}
        {readOnly ? (
          <Alert variant="info" className="rounded-none border-x-0 border-t-0">
            {!wide
              ? "The flow is view-only on small screens. Open it on a larger screen to edit it."
              : readOnlyReason}
          </Alert>
        ) : null}
        <div className={cn("flex min-h-0 flex-1", !wide && "flex-col")}>
          {!readOnly ? <Palette onAdd={addStep} /> : null}
          <div
            ref={canvasRef}
            className={cn("relative min-w-0 flex-1", !wide && "h-[60dvh] flex-none")}
            onDragOver={(event) => {
              if (!readOnly && event.dataTransfer.types.includes(DRAG_TYPE)) {
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
              }
            }}
            onDrop={(event) => {
              const type = event.dataTransfer.getData(DRAG_TYPE);
              if (!type) return;
              event.preventDefault();
              const point = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
              addStep(type, { x: Math.round(point.x - 120), y: Math.round(point.y - 40) });
            }}
          >
            <ReactFlow<FlowNode, Edge>
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={(c) => connect(c)}
              isValidConnection={isValidConnection}
              nodesDraggable={!readOnly}
              nodesConnectable={!readOnly}
              edgesReconnectable={false}
              deleteKeyCode={readOnly ? null : ["Backspace", "Delete"]}
              defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } }}
              fitView={definition.nodes.length > 0}
              fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
              minZoom={0.1}
              maxZoom={2}
              colorMode={resolvedTheme === "dark" ? "dark" : "light"}
              aria-label="Flow canvas"
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
              <Controls showInteractive={false} position="bottom-left" />
              {nodes.length === 0 ? (
                <Panel position="top-center" className="!top-1/3">
                  <div className="flex max-w-sm flex-col items-center gap-3 rounded-xl border bg-background/95 p-6 text-center shadow-sm">
                    <p className="font-semibold">Start the conversation</p>
                    <p className="text-sm text-muted-foreground">
                      {readOnly ? "This flow has no steps yet." : "Every flow begins with a Start step."}
                    </p>
                    {!readOnly
                      ? starts.map((t) => (
                          <Button key={t.type} size="sm" variant="outline" onClick={() => addStep(t.type)}>
                            Add {t.label}
                          </Button>
                        ))
                      : null}
                  </div>
                </Panel>
              ) : null}
            </ReactFlow>
          </div>
          <aside
            aria-label="Flow details"
            className={cn(
              "flex min-h-0 flex-col bg-background",
              wide ? "w-[21rem] shrink-0 border-l" : "border-t",
            )}
          >
            <div role="tablist" aria-label="Panel" className="flex shrink-0 border-b px-2">
              {(["step", "problems"] as const).map((t) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  aria-selected={tab === t}
                  onClick={() => setTab(t)}
                  className={cn(
                    "-mb-px border-b-2 px-3 py-2.5 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                    tab === t
                      ? "border-primary text-foreground"
                      : "border-transparent text-muted-foreground hover:text-foreground",
                  )}
                >
                  {t === "step" ? "Step" : `Problems (${problems.length})`}
                  {t === "problems" && errors > 0 ? <span className="sr-only">, {errors} errors</span> : null}
                </button>
              ))}
            </div>
            <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto">
              {tab === "step" ? (
                selected ? (
                  <section aria-label="Step settings">
                    <StepPanel
                      key={selected.id}
                      nodeId={selected.id}
                      type={selected.type ?? ""}
                      data={selected.data}
                      graph={graph}
                      readOnly={readOnly}
                      onChange={updateData}
                      onDelete={deleteStep}
                      onConnect={connect}
                      onDisconnect={disconnect}
                    />
                  </section>
                ) : (
                  <div className="flex flex-col items-center gap-2 p-6 text-center text-sm text-muted-foreground">
                    <MessageSquareText className="size-6" aria-hidden="true" />
                    {readOnly
                      ? "Select a step to see its settings."
                      : "Select a step to set it up, or add one from the left."}
                  </div>
                )
              ) : (
                <ProblemsList problems={problems} labelOf={labelOf} onShow={showProblem} />
              )}
            </div>
          </aside>
          {aside}
        </div>
      </div>
    </BuilderContext.Provider>
  );
}

function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  const content =
    status === "saving" ? (
      <>
        <LoaderCircle className="size-3.5 animate-spin" aria-hidden="true" /> Saving…
      </>
    ) : status === "saved" ? (
      <>
        <Check className="size-3.5" aria-hidden="true" /> Saved
      </>
    ) : status === "unsaved" ? (
      <>Unsaved changes</>
    ) : status === "conflict" ? (
      <>
        <TriangleAlert className="size-3.5" aria-hidden="true" /> Not saved
      </>
    ) : (
      <button type="button" className="inline-flex items-center gap-1 underline" onClick={onRetry}>
        <CloudOff className="size-3.5" aria-hidden="true" /> Could not save. Retry
      </button>
    );
  return (
    <span
      data-save-status={status}
      role="status"
      className="inline-flex items-center gap-1 text-xs text-muted-foreground"
    >
      {content}
    </span>
  );
}
