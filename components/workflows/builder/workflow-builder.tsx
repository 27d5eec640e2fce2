"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
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
  ReactFlowProvider,
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
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils/cn";
import {
  changeWorkflowStatusAction,
  duplicateWorkflowAction,
  publishWorkflowAction,
  renameWorkflowAction,
  restoreVersionAction,
  saveAsTemplateAction,
  saveDraftAction,
} from "@/lib/workflows/actions";
import { copySteps, pasteSteps, readClipboard, type ClipboardContent } from "@/lib/workflows/clipboard";
import { edgeId, nextNodeId, type WorkflowDefinition } from "@/lib/workflows/definition";
import {
  connectionProblem,
  nodeLabel,
  type Connection,
  type GraphLike,
  type Problem,
} from "@/lib/workflows/graph";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import { getNodeType, nodeTypes as registeredTypes } from "@/lib/workflows/nodes/registry";
import type { LooseConfig } from "@/lib/workflows/nodes/types";
import type { WorkflowNodeData } from "@/lib/workflows/nodes/ui-types";
import type { WorkflowStatus } from "@/lib/workflows/status";
import { exportFileName, parseWorkflowImport, serializeExport } from "@/lib/workflows/transfer";
import { validateWorkflow } from "@/lib/workflows/validate";
import { callAction, downloadText } from "../call-action";
import { JsonFileInput } from "../json-file-input";
import { BuilderContext } from "./builder-context";
import { FullBleed } from "./full-bleed";
import {
  ConfirmDialog,
  DetailsDialog,
  ImportProblemsDialog,
  PublishDialog,
  ShortcutsDialog,
} from "./dialogs";
import {
  ariaLabelOf,
  definitionOf,
  fromFlowEdge,
  fromFlowNode,
  snapshotOf,
  toFlowEdge,
  toFlowNode,
  type Snapshot,
} from "./flow-state";
import { WorkflowNodeCard, type FlowNode } from "./node-card";
import { DRAG_TYPE, Palette } from "./palette";
import { ProblemsStore } from "./problems-store";
import { RunDialog, RunOverlayStore, RunPanel } from "./run-overlay";
import { SidePanel, type PanelTab } from "./side-panel";
import { BuilderToolbar } from "./toolbar";
import { useDraftSync } from "./use-draft-sync";
import { useMediaQuery } from "./use-media-query";
import { useUndoHistory } from "./use-undo-history";
import type { BuilderVersion } from "./versions-list";

export type BuilderWorkflow = {
  id: string;
  name: string;
  description: string;
  status: WorkflowStatus;
  version: number;
  definition: WorkflowDefinition;
  publishedVersion: number | null;
};

export type WorkflowBuilderProps = {
  slug: string;
  workflow: BuilderWorkflow;
  versions: BuilderVersion[];
  permissions: {
    update: boolean;
    create: boolean;
    /** executions:create: the "Run" button (manual test runs). */
    run?: boolean;
    /** executions:read: the link to this workflow's runs. */
    readRuns?: boolean;
  };
  /** The webhook trigger's URLs (null: the member may not see them). */
  webhook?: { url: string; testUrl: string } | null;
};

const flowNodeTypes: NodeTypes = Object.fromEntries(
  registeredTypes.map((t) => [t.type, nodeUi(t.type)?.Node ?? WorkflowNodeCard]),
);

const minimapColors = { trigger: "#f59e0b", action: "#6366f1", logic: "#10b981" } as const;

/*
 * Props of the canvas that never change are built once: React Flow copies every prop whose
 * identity changes into its store, and each such store update runs the selectors of every step,
 * handle and connection on the canvas (about a thousand with 200 steps), on every render here.
 */
const minimapNodeColor = (n: FlowNode) => minimapColors[getNodeType(n.type)?.category ?? "action"];
const EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };
const DELETE_KEYS = ["Backspace", "Delete"];

const EMPTY_GRAPH: GraphLike = { nodes: [], edges: [] };

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

export function WorkflowBuilder(props: WorkflowBuilderProps) {
  return (
    <ReactFlowProvider>
      <Builder {...props} />
    </ReactFlowProvider>
  );
}

function Builder({ slug, workflow, versions, permissions, webhook }: WorkflowBuilderProps) {
  const router = useRouter();
  const rf = useReactFlow<FlowNode, Edge>();
  const { resolvedTheme } = useTheme();
  const wide = useMediaQuery("(min-width: 768px)", true);
  const canEdit = permissions.update && workflow.status !== "archived";
  const readOnly = !canEdit || !wide;

  const [nodes, setNodes] = React.useState<FlowNode[]>(() =>
    workflow.definition.nodes.map((n) => toFlowNode(n)),
  );
  const [edges, setEdges] = React.useState<Edge[]>(() => workflow.definition.edges.map(toFlowEdge));
  const [details, setDetails] = React.useState({ name: workflow.name, description: workflow.description });
  const [dragging, setDragging] = React.useState(false);
  const [tab, setTab] = React.useState<PanelTab>("step");
  const [dialog, setDialog] = React.useState<
    | null
    | { kind: "publish" | "rename" | "template" | "shortcuts" }
    | { kind: "run"; triggerType: string | null; sampleInput: string }
    | { kind: "import"; reasons: string[] }
    | { kind: "restore"; version: BuilderVersion }
  >(null);
  const canvasRef = React.useRef<HTMLDivElement>(null);
  const fileRef = React.useRef<HTMLInputElement>(null);
  const clipboard = React.useRef<{ content: ClipboardContent; pastes: number } | null>(null);

  // Every change of the graph (not of the selection or the view) counts; autosave and undo follow it.
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
    [bump],
  );

  const history = useUndoHistory({ enabled: !readOnly, changeSeq, busy: dragging, read, apply });
  const sync = useDraftSync({
    enabled: !readOnly,
    changeSeq,
    busy: dragging,
    initialVersion: workflow.version,
    read,
    readViewport: () => rf.getViewport(),
    save: (definition, expectedVersion) =>
      callAction(saveDraftAction, {
        organization: slug,
        id: workflow.id,
        expected_version: String(expectedVersion),
        definition: JSON.stringify(definition),
      }),
  });

  // Validation follows the graph's content, not every frame of a drag (React Flow's store keeps the
  // previous node list while only positions change).
  const graphNodes = useStore((s) => s.nodes as FlowNode[], sameGraphNodes);
  const graphEdges = useStore((s) => s.edges);
  const graph = React.useMemo(() => toGraph(graphNodes, graphEdges), [graphNodes, graphEdges]);
  // The first paint does not wait for validation; problems follow a moment later.
  const deferredGraph = React.useDeferredValue(graph, EMPTY_GRAPH);
  const problems = React.useMemo(() => validateWorkflow(deferredGraph), [deferredGraph]);
  const [problemsStore] = React.useState(() => new ProblemsStore());
  React.useEffect(() => problemsStore.set(problems), [problemsStore, problems]);
  // The manual run shown on the canvas (run-overlay.tsx).
  const [runStore] = React.useState(() => new RunOverlayStore());
  const [activeRun, setActiveRun] = React.useState<string | null>(null);
  const context = React.useMemo(
    () => ({ readOnly, problems: problemsStore, run: runStore, webhook }),
    [readOnly, problemsStore, runStore, webhook],
  );
  const openRun = React.useCallback(() => {
    const trigger = rf.getNodes().find((n) => getNodeType(n.type)?.category === "trigger");
    const config = (trigger?.data.config ?? {}) as Record<string, unknown>;
    const sample = config.sample_input ?? config.sample_body;
    setDialog({
      kind: "run",
      triggerType: trigger?.type ?? null,
      sampleInput: typeof sample === "string" ? sample : "",
    });
  }, [rf]);
  const ready = useNodesInitialized();

  const selectedNodes = nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? selectedNodes[0]! : null;

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
    [readOnly, graphNow, bump],
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
    [readOnly, graphNow],
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
    [graphNow],
  );

  // ----- Adding and editing steps

  const addStep = React.useCallback(
    (type: string, at?: XYPosition) => {
      const def = getNodeType(type);
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
        const outputs = getNodeType(anchor.type)?.outputs(anchor.data.config) ?? [];
        const used = rf.getEdges().filter((e) => e.source === anchor.id);
        const free = outputs.find((h) => !used.some((e) => e.sourceHandle === h.id)) ?? outputs[0];
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
      const withNode = {
        nodes: [...graphNow().nodes, { id, type, data: node.data }],
        edges: graphNow().edges,
      };
      setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      if (link && connectionProblem(withNode, link) === null) {
        const e = {
          source: link.source,
          sourceHandle: link.sourceHandle!,
          target: link.target,
          targetHandle: link.targetHandle!,
        };
        setEdges((es) => [
          ...es.map((x) => (x.selected ? { ...x, selected: false } : x)),
          { id: edgeId(e), ...e },
        ]);
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
    [readOnly, rf, graphNow, bump],
  );

  const updateData = React.useCallback(
    (id: string, data: WorkflowNodeData) => {
      const node = rf.getNode(id);
      if (!node || readOnly) return;
      setNodes((ns) =>
        ns.map((n) =>
          n.id === id ? { ...n, data, ariaLabel: ariaLabelOf({ id, type: n.type ?? "", data }) } : n,
        ),
      );
      // Outputs that disappear with the config (a removed switch case) take their connections along.
      const def = getNodeType(node.type);
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
    [rf, readOnly, bump],
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
    requestAnimationFrame(() => void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }));
  }, [readOnly, rf, bump]);

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
      ...pasted.nodes.map((n) => toFlowNode(n, true)),
    ]);
    setEdges((es) => [...es, ...pasted.edges.map(toFlowEdge)]);
    bump();
  }, [readOnly, rf, bump]);

  const exportJson = React.useCallback(() => {
    const definition = definitionOf(read(), rf.getViewport());
    downloadText(exportFileName(details.name), serializeExport({ ...details, definition }));
  }, [read, rf, details]);

  const importFile = React.useCallback(
    async (file: File) => {
      const result = parseWorkflowImport(await file.text());
      if (!result.ok) {
        setDialog({ kind: "import", reasons: result.reasons });
        return;
      }
      apply(result.workflow.definition);
      toast.success(
        `Imported ${result.workflow.definition.nodes.length} steps into the draft. Undo (Ctrl+Z) brings the previous ones back.`,
      );
      requestAnimationFrame(() => void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }));
    },
    [apply, rf],
  );

  const publish = React.useCallback(
    (note: string) =>
      sync.exclusive(async (expectedVersion) => {
        const snapshot = read();
        const at = seq.current;
        const result = await callAction(publishWorkflowAction, {
          organization: slug,
          id: workflow.id,
          expected_version: String(expectedVersion),
          definition: JSON.stringify(definitionOf(snapshot, rf.getViewport())),
          note,
        });
        if (!result.ok) {
          if (result.error.code === "conflict") sync.conflict(result.error.message);
          toast.error(result.error.message);
          return false;
        }
        sync.markSaved(result.data.draftVersion, snapshot, at, new Date(result.data.savedAt));
        toast.success(result.message ?? "Published.");
        router.refresh();
        return true;
      }),
    [sync, read, rf, slug, workflow.id, router],
  );

  const restore = React.useCallback(
    (version: BuilderVersion) =>
      sync.exclusive(async (expectedVersion) => {
        const result = await callAction(restoreVersionAction, {
          organization: slug,
          id: workflow.id,
          version_id: version.id,
          expected_version: String(expectedVersion),
        });
        if (!result.ok) {
          if (result.error.code === "conflict") sync.conflict(result.error.message);
          toast.error(result.error.message);
          return false;
        }
        apply(result.data.definition);
        sync.markSaved(
          result.data.version,
          result.data.definition,
          seq.current,
          new Date(result.data.savedAt),
        );
        toast.success(result.message ?? "Restored.");
        requestAnimationFrame(() => void rf.fitView({ duration: 300, padding: 0.2, maxZoom: 1 }));
        return true;
      }),
    [sync, slug, workflow.id, apply, rf],
  );

  const rename = React.useCallback(
    (values: { name: string; description: string }) =>
      sync.exclusive(async (expectedVersion) => {
        const result = await callAction(renameWorkflowAction, {
          organization: slug,
          id: workflow.id,
          expected_version: String(expectedVersion),
          name: values.name,
          description: values.description,
        });
        if (!result.ok) {
          if (result.error.code === "conflict") sync.conflict(result.error.message);
          toast.error(result.error.message);
          return false;
        }
        sync.adoptVersion(result.data.version);
        setDetails({ name: values.name.trim(), description: values.description.trim() });
        toast.success(result.message ?? "Renamed.");
        return true;
      }),
    [sync, slug, workflow.id],
  );

  const duplicate = React.useCallback(async () => {
    await sync.flush();
    const result = await callAction(duplicateWorkflowAction, { organization: slug, id: workflow.id });
    if (!result.ok) return void toast.error(result.error.message);
    toast.success(result.message ?? "Duplicated.");
    router.push(result.data.href);
  }, [sync, slug, workflow.id, router]);

  const saveAsTemplate = React.useCallback(
    async (values: { name: string; description: string; category: string }) => {
      await sync.flush();
      const result = await callAction(saveAsTemplateAction, {
        organization: slug,
        id: workflow.id,
        ...values,
      });
      if (!result.ok) {
        toast.error(result.error.message);
        return false;
      }
      toast.success(result.message ?? "Saved as a template.");
      return true;
    },
    [sync, slug, workflow.id],
  );

  const changeStatus = React.useCallback(
    async (change: "pause" | "resume") => {
      const result = await callAction(changeWorkflowStatusAction, {
        organization: slug,
        id: workflow.id,
        change,
      });
      if (!result.ok) return void toast.error(result.error.message);
      toast.success(result.message ?? "Done.");
      router.refresh();
    },
    [slug, workflow.id, router],
  );

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
        setDialog({ kind: "shortcuts" });
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

  const labelOf = React.useCallback(
    (id: string) => {
      const n = graph.nodes.find((x) => x.id === id);
      return n ? nodeLabel(n) : id;
    },
    [graph],
  );

  const triggers = registeredTypes.filter((t) => t.category === "trigger");

  return (
    <BuilderContext.Provider value={context}>
      <div
        data-workflow-builder=""
        data-ready={ready || nodes.length === 0 ? "true" : undefined}
        className={cn(
          "flex flex-col",
          wide ? "h-[calc(100dvh-3.5rem-1px)]" : "min-h-[calc(100dvh-3.5rem-1px)]",
        )}
      >
        <FullBleed />
        <h1 className="sr-only">Workflow: {details.name}</h1>
        <BuilderToolbar
          slug={slug}
          name={details.name}
          status={workflow.status}
          readOnly={readOnly}
          canEdit={canEdit}
          canCreate={permissions.create}
          saveStatus={sync.status}
          phase={sync.phase}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          onUndo={history.undo}
          onRedo={history.redo}
          onTidyUp={() => void tidyUp()}
          onExport={exportJson}
          onImport={() => fileRef.current?.click()}
          onDuplicate={() => void duplicate()}
          onRename={() => setDialog({ kind: "rename" })}
          onSaveAsTemplate={() => setDialog({ kind: "template" })}
          onShortcuts={() => setDialog({ kind: "shortcuts" })}
          onPublish={() => setDialog({ kind: "publish" })}
          onPause={() => void changeStatus("pause")}
          onResume={() => void changeStatus("resume")}
          onRetry={() => void sync.flush()}
          onRun={permissions.run ? openRun : undefined}
          runsHref={permissions.readRuns ? `/o/${slug}/workflows/${workflow.id}/runs` : undefined}
        />
        <JsonFileInput ref={fileRef} onFile={(file) => void importFile(file)} />
        {sync.status === "conflict" ? (
          <Alert
            variant="error"
            className="rounded-none border-x-0 border-t-0"
            title="Someone else saved this workflow"
          >
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
              <span>
                {sync.phase.phase === "conflict" ? sync.phase.message : null} Your changes since then are
                still here, unsaved: download them before reloading if you want to keep them.
              </span>
              <span className="flex shrink-0 gap-2">
                <Button size="sm" variant="outline" onClick={exportJson}>
                  Download my version
                </Button>
                <Button size="sm" onClick={() => window.location.reload()}>
                  Reload
                </Button>
              </span>
            </div>
          </Alert>
        ) : null}
        {!wide ? (
          <Alert variant="info" className="rounded-none border-x-0 border-t-0">
            The canvas is view-only on small screens. Open this workflow on a larger screen to edit it.
          </Alert>
        ) : null}
        {wide && !permissions.update ? (
          <Alert variant="info" className="rounded-none border-x-0 border-t-0">
            You can view this workflow but not change it: your role does not allow editing workflows.
          </Alert>
        ) : null}
        {wide && permissions.update && workflow.status === "archived" ? (
          <Alert variant="info" className="rounded-none border-x-0 border-t-0">
            This workflow is archived. Restore it from the workflows list to edit it.
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
            onDrop={onDrop}
          >
            <ReactFlow<FlowNode, Edge>
              nodes={nodes}
              edges={edges}
              nodeTypes={flowNodeTypes}
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
              fitView={workflow.definition.nodes.length > 0}
              fitViewOptions={FIT_VIEW_OPTIONS}
              minZoom={0.1}
              maxZoom={2}
              colorMode={resolvedTheme === "dark" ? "dark" : "light"}
              aria-label="Workflow canvas"
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
              <Controls showInteractive={false} position="bottom-left" />
              {wide ? (
                <MiniMap
                  pannable
                  zoomable
                  position="bottom-right"
                  ariaLabel="Overview of the workflow"
                  nodeColor={minimapNodeColor}
                />
              ) : null}
              {activeRun ? (
                <Panel position="top-right">
                  <RunPanel
                    key={activeRun}
                    slug={slug}
                    executionId={activeRun}
                    store={runStore}
                    onClose={() => setActiveRun(null)}
                  />
                </Panel>
              ) : null}
              {nodes.length === 0 ? (
                <Panel position="top-center" className="!top-1/3">
                  <div className="flex max-w-sm flex-col items-center gap-3 rounded-xl border bg-background/95 p-6 text-center shadow-sm">
                    <p className="font-semibold">Start with a trigger</p>
                    <p className="text-sm text-muted-foreground">
                      {readOnly
                        ? "This workflow has no steps yet."
                        : "What starts this workflow? Drag a trigger from the left, or pick one here."}
                    </p>
                    {!readOnly ? (
                      <div className="flex flex-wrap justify-center gap-2">
                        {triggers.map((t) => (
                          <Button key={t.type} size="sm" variant="outline" onClick={() => addStep(t.type)}>
                            {t.label}
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
            tab={tab}
            onTab={setTab}
            wide={wide}
            selected={selected}
            selectionCount={selectedNodes.length}
            graph={graph}
            readOnly={readOnly}
            problems={problems}
            versions={versions}
            liveVersion={workflow.publishedVersion}
            labelOf={labelOf}
            onShowProblem={showProblem}
            onChange={updateData}
            onDelete={deleteStep}
            onConnect={connect}
            onDisconnect={disconnect}
            onRestore={(version) => setDialog({ kind: "restore", version })}
          />
        </div>
      </div>

      <PublishDialog
        open={dialog?.kind === "publish"}
        onOpenChange={(open) => !open && setDialog(null)}
        problems={problems}
        onPublish={publish}
        onShowProblems={() => setTab("problems")}
      />
      <ConfirmDialog
        open={dialog?.kind === "restore"}
        onOpenChange={(open) => !open && setDialog(null)}
        title={dialog?.kind === "restore" ? `Restore version ${dialog.version.version}?` : "Restore"}
        description="The draft is replaced by that version (Ctrl+Z brings the current draft back). What runs does not change until you publish."
        confirmLabel="Restore into draft"
        onConfirm={() => (dialog?.kind === "restore" ? restore(dialog.version) : Promise.resolve(false))}
      />
      <ImportProblemsDialog
        open={dialog?.kind === "import"}
        onOpenChange={(open) => !open && setDialog(null)}
        reasons={dialog?.kind === "import" ? dialog.reasons : []}
      />
      <DetailsDialog
        key={`rename-${dialog?.kind === "rename"}`}
        open={dialog?.kind === "rename"}
        onOpenChange={(open) => !open && setDialog(null)}
        title="Rename workflow"
        submitLabel="Save"
        initial={details}
        onSubmit={rename}
      />
      <DetailsDialog
        key={`template-${dialog?.kind === "template"}`}
        open={dialog?.kind === "template"}
        onOpenChange={(open) => !open && setDialog(null)}
        title="Save as a template"
        submitLabel="Save template"
        initial={{ name: details.name, description: details.description, category: "General" }}
        withCategory
        onSubmit={saveAsTemplate}
      />
      {dialog?.kind === "run" ? (
        <RunDialog
          open
          onOpenChange={(open) => !open && setDialog(null)}
          slug={slug}
          workflowId={workflow.id}
          publishedVersion={workflow.publishedVersion}
          triggerType={dialog.triggerType}
          sampleInput={dialog.sampleInput}
          canPublish={!readOnly}
          onPublish={() => setDialog({ kind: "publish" })}
          onStarted={(executionId) => {
            runStore.clear();
            setActiveRun(executionId);
          }}
        />
      ) : null}
      <ShortcutsDialog
        open={dialog?.kind === "shortcuts"}
        onOpenChange={(open) => !open && setDialog(null)}
      />
    </BuilderContext.Provider>
  );
}
