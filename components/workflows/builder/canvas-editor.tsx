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
  MiniMap,
  Panel,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type Connection as FlowConnection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
  type XYPosition,
} from "@xyflow/react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action";
import { cn } from "@/lib/utils/cn";
import { copySteps, pasteSteps, readClipboard, type ClipboardContent } from "@/lib/workflows/clipboard";
import { edgeId, nextNodeId, type WorkflowDefinition } from "@/lib/workflows/definition";
import type { Connection, GraphLike, Problem } from "@/lib/workflows/graph";
import type { LooseConfig } from "@/lib/workflows/nodes/types";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";
import { BuilderContext, type BuilderContextValue } from "./builder-context";
import {
  ariaLabelOf,
  fromFlowEdge,
  fromFlowNode,
  snapshotOf,
  toFlowEdge,
  toFlowNode,
  type Snapshot,
} from "./flow-state";
import { WorkflowNodeCard, type FlowNode } from "./node-card";
import { NodeRegistryProvider, type CanvasNodeRegistry } from "./node-registry";
import { DRAG_TYPE, Palette } from "./palette";
import { ProblemsStore } from "./problems-store";
import { SidePanel, type PanelTab, type SidePanelVersions } from "./side-panel";
import { useDraftSync, type SavedResult } from "./use-draft-sync";
import { useElementWidth } from "./use-element-width";
import { useMediaQuery } from "./use-media-query";
import { useUndoHistory } from "./use-undo-history";

/*
 * The one flow canvas of the product: the workflow builder and the chatbot console's goal-based
 * flow both edit their graphs with it. `useCanvasEditor` holds the graph (React Flow's nodes and
 * edges), undo history, draft autosave, validation and every editing gesture; `CanvasEditor` draws
 * the palette, the canvas and the side panel around slots for what only one of them has (the
 * workflow's toolbar, run overlay and versions; the bot's publish button and test chat).
 */

const minimapColors = { trigger: "#f59e0b", action: "#6366f1", logic: "#10b981" } as const;

/*
 * Props of the canvas that never change are built once: React Flow copies every prop whose
 * identity changes into its store, and each such store update runs the selectors of every step,
 * handle and connection on the canvas (about a thousand with 200 steps), on every render here.
 */
const EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
// A long graph on a narrow canvas is not shrunk past reading: it opens at half size, to be panned.
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1, minZoom: 0.5 };
/** Below this width the minimap would cover too much of the canvas. */
const MINIMAP_MIN_CANVAS_WIDTH = 800;
const DELETE_KEYS = ["Backspace", "Delete"];

const EMPTY_GRAPH: GraphLike = { nodes: [], edges: [] };

/** Per registry, once: the node components and the minimap's colours (stable props of the canvas). */
const registryProps = new WeakMap<
  CanvasNodeRegistry,
  { nodeTypes: NodeTypes; minimapNodeColor: (n: FlowNode) => string }
>();

function canvasPropsOf(registry: CanvasNodeRegistry) {
  let props = registryProps.get(registry);
  if (!props) {
    props = {
      nodeTypes: Object.fromEntries(
        registry.types.map((t) => [t.type, registry.ui(t.type)?.Node ?? WorkflowNodeCard]),
      ),
      minimapNodeColor: (n: FlowNode) => minimapColors[registry.getType(n.type)?.category ?? "action"],
    };
    registryProps.set(registry, props);
  }
  return props;
}

/**
 * While the view moves, the canvas layer is composited (will-change, app/globals.css): panning
 * then moves pixels instead of repainting every step; afterwards it is painted sharp again.
 */
const markMoving = (element: HTMLElement | null, moving: boolean) =>
  element?.toggleAttribute("data-moving", moving);

/** Two node lists describe the same graph when ids, types and data match (positions aside). */
function sameGraphNodes(a: FlowNode[], b: FlowNode[]): boolean {
  return (
    a.length === b.length &&
    a.every((n, i) => n.id === b[i]!.id && n.type === b[i]!.type && n.data === b[i]!.data)
  );
}

function toGraph(nodes: readonly FlowNode[], edges: readonly Edge[]): GraphLike {
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? "", data: n.data })),
    edges: edges.map(fromFlowEdge),
  };
}

/** A spot near `position` that no step occupies. */
function freeSpot(position: XYPosition, nodes: readonly FlowNode[]): XYPosition {
  const spot = { ...position };
  while (nodes.some((n) => Math.abs(n.position.x - spot.x) < 60 && Math.abs(n.position.y - spot.y) < 60))
    spot.y += 140;
  return spot;
}

export type CanvasEditorOptions = {
  /** The node types (stable: a module constant or memoised). */
  registry: CanvasNodeRegistry;
  /** The saved graph the canvas opens with. */
  definition: WorkflowDefinition;
  /** The draft's version, for optimistic concurrency of autosave. */
  version: number;
  /** Whether the member may change the graph (small screens are view-only regardless). */
  editable: boolean;
  /** Everything wrong with the graph, for the cards and the problems list (stable). */
  validate: (graph: GraphLike) => Problem[];
  /** Why `connection` may not be drawn, or null (stable). */
  connectionProblem: (graph: GraphLike, connection: Connection) => string | null;
  /** Autosave of the draft. */
  save: (definition: WorkflowDefinition, expectedVersion: number) => Promise<ActionResult<SavedResult>>;
  /** Called after each successful autosave. */
  onSaved?: () => void;
  /** What else the node cards and panels read from the builder context (run overlay, webhook URLs). */
  context?: Pick<BuilderContextValue, "run" | "webhook">;
  /** The "?" shortcut (a list of the shortcuts), where there is one. */
  onShortcuts?: () => void;
};

export type CanvasEditorState = ReturnType<typeof useCanvasEditor>;

/** The state and gestures of a flow canvas; call inside a ReactFlowProvider. */
export function useCanvasEditor(options: CanvasEditorOptions) {
  const { registry, definition, validate, connectionProblem } = options;
  const rf = useReactFlow<FlowNode, Edge>();
  const wide = useMediaQuery("(min-width: 768px)", true);
  const readOnly = !options.editable || !wide;
  const lookup = registry.getType;

  const [nodes, setNodes] = React.useState<FlowNode[]>(() =>
    definition.nodes.map((n) => toFlowNode(n, false, registry)),
  );
  const [edges, setEdges] = React.useState<Edge[]>(() => definition.edges.map(toFlowEdge));
  const [dragging, setDragging] = React.useState(false);
  const [tab, setTab] = React.useState<PanelTab>("step");
  const canvasRef = React.useRef<HTMLDivElement>(null);
  const clipboard = React.useRef<{ content: ClipboardContent; pastes: number } | null>(null);

  // Every change of the graph (not of the selection or the view) counts; autosave and undo follow it.
  const seq = React.useRef(0);
  const [changeSeq, setChangeSeq] = React.useState(0);
  const bump = React.useCallback(() => setChangeSeq((seq.current += 1)), []);

  const read = React.useCallback((): Snapshot => snapshotOf(rf.getNodes(), rf.getEdges()), [rf]);
  const apply = React.useCallback(
    (snapshot: Snapshot) => {
      setNodes(snapshot.nodes.map((n) => toFlowNode(n, false, registry)));
      setEdges(snapshot.edges.map(toFlowEdge));
      bump();
    },
    [bump, registry],
  );
  // The canvas element and the change counter stay inside: callers get functions, not refs.
  const setCanvas = React.useCallback((element: HTMLDivElement | null) => {
    canvasRef.current = element;
  }, []);
  const changeCount = React.useCallback(() => seq.current, []);
  const fitAll = React.useCallback(
    () => requestAnimationFrame(() => void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 })),
    [rf],
  );

  // The latest callbacks of the caller, without re-subscribing anything when they change.
  const latest = React.useRef(options);
  React.useEffect(() => {
    latest.current = options;
  });

  const history = useUndoHistory({ enabled: !readOnly, changeSeq, busy: dragging, read, apply });
  const sync = useDraftSync({
    enabled: !readOnly,
    changeSeq,
    busy: dragging,
    initialVersion: options.version,
    read,
    readViewport: () => rf.getViewport(),
    save: async (def, expectedVersion) => {
      const result = await latest.current.save(def, expectedVersion);
      if (result.ok) latest.current.onSaved?.();
      return result;
    },
  });

  // Validation follows the graph's content, not every frame of a drag (React Flow's store keeps the
  // previous node list while only positions change).
  const graphNodes = useStore((s) => s.nodes as FlowNode[], sameGraphNodes);
  const graphEdges = useStore((s) => s.edges);
  const graph = React.useMemo(() => toGraph(graphNodes, graphEdges), [graphNodes, graphEdges]);
  // The first paint does not wait for validation; problems follow a moment later.
  const deferredGraph = React.useDeferredValue(graph, EMPTY_GRAPH);
  const problems = React.useMemo(() => validate(deferredGraph), [validate, deferredGraph]);
  const [problemsStore] = React.useState(() => new ProblemsStore());
  React.useEffect(() => problemsStore.set(problems), [problemsStore, problems]);
  const run = options.context?.run;
  const webhook = options.context?.webhook;
  const context = React.useMemo(
    () => ({ readOnly, problems: problemsStore, run, webhook }),
    [readOnly, problemsStore, run, webhook],
  );
  const ready = useNodesInitialized();

  const graphNow = React.useCallback(() => toGraph(rf.getNodes(), rf.getEdges()), [rf]);

  // ----- Changes from the canvas

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
      ) {
        bump();
      }
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
      const problem = connectionProblem(graphNow(), connection);
      if (problem) {
        toast.error(problem);
        return;
      }
      const edge = {
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? "",
        target: connection.target,
        targetHandle: connection.targetHandle ?? "",
      };
      setEdges((current) => [...current, { id: edgeId(edge), ...edge }]);
      bump();
    },
    [readOnly, connectionProblem, graphNow, bump],
  );

  const isValidConnection = React.useCallback(
    (c: Edge | FlowConnection) =>
      !readOnly &&
      connectionProblem(graphNow(), {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
        targetHandle: c.targetHandle ?? null,
      }) === null,
    [readOnly, connectionProblem, graphNow],
  );

  const onConnect = React.useCallback((c: FlowConnection) => connect(c), [connect]);
  const onMoveStart = React.useCallback(() => markMoving(canvasRef.current, true), []);
  const onMoveEnd = React.useCallback(() => markMoving(canvasRef.current, false), []);

  const onConnectEnd = React.useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.toHandle || !state.fromHandle || !state.fromNode || !state.toNode) return;
      const [from, to] =
        state.fromHandle.type === "source"
          ? [state.fromHandle, state.toHandle]
          : [state.toHandle, state.fromHandle];
      const problem = connectionProblem(graphNow(), {
        source: from.nodeId,
        sourceHandle: from.id,
        target: to.nodeId,
        targetHandle: to.id,
      });
      if (problem) toast.error(problem);
    },
    [connectionProblem, graphNow],
  );

  // ----- Adding and editing steps

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
      // Edges the new step takes over when it goes between the selected step and what followed it.
      let moved: { from: { source: string; handle: string } | null; to: Connection[] } = {
        from: null,
        to: [],
      };
      if (!position && anchor) {
        const outputs = lookup(anchor.type)?.outputs(anchor.data.config) ?? [];
        const used = rf.getEdges().filter((e) => e.source === anchor.id);
        const freeHandle = outputs.find((h) => !used.some((e) => e.sourceHandle === h.id));
        const handle = freeHandle ?? outputs[0];
        position = freeSpot({ x: anchor.position.x + 320, y: anchor.position.y }, current);
        if (handle && def.inputs[0]) {
          link = { source: anchor.id, sourceHandle: handle.id, target: id, targetHandle: def.inputs[0].id };
          // Every output taken: insert the new step after the selected one (its followers now
          // follow the new step), as n8n does, instead of starting a parallel branch beside them.
          const out = def.outputs(def.defaults as LooseConfig)[0];
          const followers = freeHandle ? [] : used.filter((e) => e.sourceHandle === handle.id);
          if (out && followers.length > 0) {
            moved = {
              from: { source: anchor.id, handle: handle.id },
              to: followers.map((e) => ({
                source: id,
                sourceHandle: out.id,
                target: e.target,
                targetHandle: e.targetHandle ?? null,
              })),
            };
          }
        }
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
        registry,
      );
      const withNode = {
        nodes: [...graphNow().nodes, { id, type, data: node.data }],
        edges: graphNow().edges,
      };
      setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      if (link) {
        const asEdge = (c: Connection) => {
          const e = {
            source: c.source,
            sourceHandle: c.sourceHandle!,
            target: c.target,
            targetHandle: c.targetHandle!,
          };
          return { id: edgeId(e), ...e };
        };
        const isMoved = (e: { source: string; sourceHandle?: string | null }) =>
          moved.from !== null && e.source === moved.from.source && e.sourceHandle === moved.from.handle;
        // Checked against the graph as it will be: the followers' old edges gone, the new step in.
        const rewired = {
          nodes: withNode.nodes,
          edges: withNode.edges.filter((e) => !isMoved(e)),
        };
        const insert =
          moved.to.length > 0 && [link, ...moved.to].every((c) => connectionProblem(rewired, c) === null);
        if (insert || connectionProblem(withNode, link) === null) {
          setEdges((es) => [
            ...es
              .filter((x) => !insert || !isMoved(x))
              .map((x) => (x.selected ? { ...x, selected: false } : x)),
            asEdge(link!),
            ...(insert ? moved.to.map(asEdge) : []),
          ]);
        }
      }
      bump();
      setTab("step");
      // Bring a step added off-screen into view (keyboard users cannot see where it went otherwise).
      requestAnimationFrame(() => {
        const bounds = canvasRef.current?.getBoundingClientRect();
        if (!bounds) return;
        const topLeft = rf.flowToScreenPosition(position!);
        const inView =
          topLeft.x >= bounds.left &&
          topLeft.y >= bounds.top &&
          topLeft.x + 240 <= bounds.right &&
          topLeft.y + 96 <= bounds.bottom;
        if (!inView)
          void rf.setCenter(position!.x + 120, position!.y + 48, { zoom: rf.getZoom(), duration: 250 });
      });
    },
    [lookup, readOnly, rf, registry, graphNow, connectionProblem, bump],
  );

  const updateData = React.useCallback(
    (id: string, data: WorkflowNodeData) => {
      const node = rf.getNode(id);
      if (!node || readOnly) return;
      setNodes((ns) =>
        ns.map((n) =>
          n.id === id
            ? { ...n, data, ariaLabel: ariaLabelOf({ id, type: n.type ?? "", data }, registry) }
            : n,
        ),
      );
      // Outputs that disappear with the config (a removed switch case) take their connections along.
      const def = lookup(node.type);
      if (def && data.config !== node.data.config) {
        const outputs = new Set(def.outputs(data.config).map((h) => h.id));
        const stale = new Set(
          rf
            .getEdges()
            .filter((e) => e.source === id && !outputs.has(e.sourceHandle ?? ""))
            .map((e) => e.id),
        );
        if (stale.size > 0) setEdges((es) => es.filter((e) => !stale.has(e.id)));
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
      if (problem.field) {
        const fieldId = `${nodeId}-${problem.field.replace(/[^A-Za-z0-9_-]/g, "-")}`;
        requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById(fieldId)?.focus()));
      }
    },
    [rf],
  );

  const labelOf = React.useCallback(
    (id: string) => {
      const n = graph.nodes.find((x) => x.id === id);
      return n ? registry.label(n) : id;
    },
    [graph, registry],
  );

  // ----- Whole-graph actions

  const tidyUp = React.useCallback(async () => {
    if (readOnly) return;
    // The layout library is loaded when first needed, not with the page.
    const { layoutGraph } = await import("@/lib/workflows/layout");
    const positions = layoutGraph({
      nodes: rf.getNodes().map((n) => ({ id: n.id, size: n.measured })),
      edges: rf.getEdges().map(fromFlowEdge),
    });
    setNodes((ns) => ns.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })));
    bump();
    fitAll();
  }, [readOnly, rf, bump, fitAll]);

  const copy = React.useCallback(() => {
    const chosen = rf.getNodes().filter((n) => n.selected);
    const content = copySteps(chosen.map(fromFlowNode), rf.getEdges().map(fromFlowEdge));
    if (!content) return false;
    clipboard.current = { content, pastes: 0 };
    navigator.clipboard?.writeText(JSON.stringify(content)).catch(() => undefined);
    toast.success(`Copied ${chosen.length} step${chosen.length === 1 ? "" : "s"}.`);
    return true;
  }, [rf]);

  const paste = React.useCallback(async () => {
    if (readOnly) return;
    if (!clipboard.current) {
      const text = await navigator.clipboard?.readText().catch(() => "");
      const content = text ? readClipboard(text) : null;
      if (content) clipboard.current = { content, pastes: 0 };
    }
    const held = clipboard.current;
    if (!held) return;
    held.pastes += 1;
    const shift = 40 * held.pastes;
    const pasted = pasteSteps(
      held.content,
      rf.getNodes().map((n) => n.id),
      { x: shift, y: shift },
    );
    setNodes((ns) => [
      ...ns.map((n) => (n.selected ? { ...n, selected: false } : n)),
      ...pasted.nodes.map((n) => toFlowNode(n, true, registry)),
    ]);
    setEdges((es) => [...es, ...pasted.edges.map(toFlowEdge)]);
    bump();
  }, [readOnly, rf, registry, bump]);

  // ----- Keyboard shortcuts (the canvas's own: Delete/Backspace, arrows, Tab, Enter)

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
      } else if (mod && key === "c") {
        if (copy()) event.preventDefault();
      } else if (mod && key === "v" && !readOnly) {
        event.preventDefault();
        void paste();
      } else if (mod && key === "d" && !readOnly) {
        event.preventDefault();
        if (copy()) void paste();
      } else if (mod && key === "a") {
        event.preventDefault();
        setNodes((ns) => ns.map((n) => (n.selected ? n : { ...n, selected: true })));
      } else if (!mod && event.shiftKey && key === "l") {
        event.preventDefault();
        void tidyUp();
      } else if (event.key === "?") {
        latest.current.onShortcuts?.();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [readOnly, sync, history, copy, paste, tidyUp]);

  const onDrop = React.useCallback(
    (event: React.DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      const point = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addStep(type, { x: Math.round(point.x - 120), y: Math.round(point.y - 40) });
    },
    [rf, addStep],
  );

  return {
    registry,
    rf,
    wide,
    readOnly,
    ready,
    /** Whether the canvas opened with a saved graph (fitted into view then). */
    fitOnOpen: definition.nodes.length > 0,
    nodes,
    edges,
    graph,
    problems,
    context,
    tab,
    setTab,
    /** The canvas element's ref. */
    setCanvas,
    /** The change counter autosave and undo follow (for callers that mark a snapshot saved). */
    changeCount,
    read,
    apply,
    fitAll,
    history,
    sync,
    onNodesChange,
    onEdgesChange,
    onConnect,
    onConnectEnd,
    onMoveStart,
    onMoveEnd,
    isValidConnection,
    onDrop,
    connect,
    addStep,
    updateData,
    deleteStep,
    disconnect,
    showProblem,
    labelOf,
    tidyUp,
  };
}

export type CanvasEditorProps = {
  editor: CanvasEditorState;
  /** Marks the root element for tests and styles (`data-workflow-builder`, `data-flow-editor`). */
  rootAttribute: `data-${string}`;
  className?: string;
  /** Toolbar and notices above the canvas. */
  header?: React.ReactNode;
  /** The canvas's accessible name. */
  canvasLabel: string;
  /** The side panel's accessible name. */
  panelLabel: string;
  /** An overview minimap on wide screens, with this accessible name. */
  minimapLabel?: string;
  /** What an empty canvas says, with buttons adding each starting step. */
  empty: { title: string; viewOnly: string; hint: string; addLabel?: (typeLabel: string) => string };
  /** More panels on the canvas (the workflow's run overlay). */
  overlay?: React.ReactNode;
  /** The versions tab of the side panel, where there is one. */
  versions?: SidePanelVersions;
  /** Under the selected step's settings (the webhook trigger's URLs). */
  stepExtras?: (node: FlowNode) => React.ReactNode;
  /** Beside the side panel (the bot's test chat). */
  aside?: React.ReactNode;
  /** Dialogs and the like, inside the builder's context. */
  children?: React.ReactNode;
};

/** The palette, canvas and side panel of a `useCanvasEditor` graph, with the caller's slots. */
export function CanvasEditor({
  editor,
  rootAttribute,
  className,
  header,
  canvasLabel,
  panelLabel,
  minimapLabel,
  empty,
  overlay,
  versions,
  stepExtras,
  aside,
  children,
}: CanvasEditorProps) {
  const {
    registry,
    readOnly,
    wide,
    nodes,
    addStep,
    connect,
    context,
    deleteStep,
    disconnect,
    edges,
    fitOnOpen,
    graph,
    isValidConnection,
    labelOf,
    onConnect,
    onConnectEnd,
    onDrop,
    onEdgesChange,
    onMoveEnd,
    onMoveStart,
    onNodesChange,
    problems,
    ready,
    setCanvas,
    setTab,
    showProblem,
    tab,
    updateData,
  } = editor;
  const { resolvedTheme } = useTheme();
  const { nodeTypes, minimapNodeColor } = canvasPropsOf(registry);
  const selectedNodes = nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0]! : null;
  const starts = registry.types.filter((t) => t.category === "trigger");
  // A tablet-sized window: the palette becomes a rail and the side panel narrower and collapsible.
  const roomy = useMediaQuery("(min-width: 1280px)", true);
  const [measureCanvas, canvasWidth] = useElementWidth<HTMLDivElement>();
  const canvasRef = React.useCallback(
    (element: HTMLDivElement | null) => {
      setCanvas(element);
      measureCanvas(element);
    },
    [setCanvas, measureCanvas],
  );

  return (
    <NodeRegistryProvider value={registry}>
      <BuilderContext.Provider value={context}>
        <div
          {...{ [rootAttribute]: "" }}
          data-ready={ready || nodes.length === 0 ? "true" : undefined}
          className={className}
        >
          {header}
          <div className={cn("flex min-h-0 flex-1", !wide && "flex-col")}>
            {!readOnly ? <Palette onAdd={addStep} compact={!roomy} /> : null}
            <div
              ref={canvasRef}
              className={cn("relative min-w-0 flex-1", !wide && "h-[60dvh] flex-none")}
              onDragOver={(event) => {
                if (!readOnly && event.dataTransfer.types.includes(DRAG_TYPE)) {
                  event.preventDefault();
                  event.dataTransfer.dropEffect = "move";
                }
              }}
              onDrop={onDrop}
            >
              <ReactFlow<FlowNode, Edge>
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                onConnectEnd={onConnectEnd}
                onMoveStart={onMoveStart}
                onMoveEnd={onMoveEnd}
                isValidConnection={isValidConnection}
                nodesDraggable={!readOnly}
                nodesConnectable={!readOnly}
                edgesReconnectable={false}
                deleteKeyCode={readOnly ? null : DELETE_KEYS}
                defaultEdgeOptions={EDGE_OPTIONS}
                // Fit a saved graph into view on opening; an empty canvas keeps its scale as steps arrive.
                fitView={fitOnOpen}
                fitViewOptions={FIT_VIEW_OPTIONS}
                minZoom={0.1}
                maxZoom={2}
                colorMode={resolvedTheme === "dark" ? "dark" : "light"}
                aria-label={canvasLabel}
              >
                <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
                <Controls showInteractive={false} position="bottom-left" />
                {wide && minimapLabel && canvasWidth >= MINIMAP_MIN_CANVAS_WIDTH ? (
                  <MiniMap
                    pannable
                    zoomable
                    position="bottom-right"
                    ariaLabel={minimapLabel}
                    nodeColor={minimapNodeColor}
                  />
                ) : null}
                {overlay}
                {nodes.length === 0 ? (
                  <Panel position="top-center" className="!top-1/3">
                    <div className="flex max-w-sm flex-col items-center gap-3 rounded-xl border bg-background/95 p-6 text-center shadow-sm">
                      <p className="font-semibold">{empty.title}</p>
                      <p className="text-sm text-muted-foreground">
                        {readOnly ? empty.viewOnly : empty.hint}
                      </p>
                      {!readOnly ? (
                        <div className="flex flex-wrap justify-center gap-2">
                          {starts.map((t) => (
                            <Button key={t.type} size="sm" variant="outline" onClick={() => addStep(t.type)}>
                              {empty.addLabel ? empty.addLabel(t.label) : t.label}
                            </Button>
                          ))}
                        </div>
                      ) : null}
                    </div>
                  </Panel>
                ) : null}
              </ReactFlow>
            </div>
            <SidePanel
              label={panelLabel}
              tab={tab}
              onTab={setTab}
              wide={wide}
              compact={!roomy}
              selected={selected}
              selectionCount={selectedNodes.length}
              graph={graph}
              readOnly={readOnly}
              problems={problems}
              versions={versions}
              labelOf={labelOf}
              onShowProblem={showProblem}
              onChange={updateData}
              onDelete={deleteStep}
              onConnect={connect}
              onDisconnect={disconnect}
              stepExtras={stepExtras}
            />
            {aside}
          </div>
        </div>
        {children}
      </BuilderContext.Provider>
    </NodeRegistryProvider>
  );
}
