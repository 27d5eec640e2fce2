"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Panel, ReactFlowProvider } from "@xyflow/react";
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
  rotateWebhookUrlAction,
  saveAsTemplateAction,
  saveDraftAction,
} from "@/lib/workflows/actions";
import type { WorkflowDefinition } from "@/lib/workflows/definition";
import { connectionProblem, nodeLabel } from "@/lib/workflows/graph";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import type { WorkflowStatus } from "@/lib/workflows/status";
import { exportFileName, parseWorkflowImport, serializeExport } from "@/lib/workflows/transfer";
import { validateWorkflow } from "@/lib/workflows/validate";
import { callAction, downloadText } from "../call-action";
import { JsonFileInput } from "../json-file-input";
import { CanvasEditor, useCanvasEditor } from "./canvas-editor";
import { FullBleed } from "./full-bleed";
import {
  ConfirmDialog,
  DetailsDialog,
  ImportProblemsDialog,
  PublishDialog,
  ShortcutsDialog,
} from "./dialogs";
import { definitionOf } from "./flow-state";
import type { FlowNode } from "./node-card";
import { workflowNodeRegistry } from "./node-registry";
import { RunDialog, RunOverlayStore, RunPanel } from "./run-overlay";
import { StepTest } from "./step-test";
import { BuilderToolbar } from "./toolbar";
import { TrimmedStepsAlert } from "./trimmed-steps-alert";
import type { BuilderVersion } from "./versions-list";
import { WebhookUrls } from "./webhook-urls";

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
  /** The webhook URL's stored part (null: the member may not see it). */
  webhook?: { base: string; prefix: string | null; createdAt: string | null } | null;
  /** Steps whose stored config was nested too deeply and was trimmed to open (definitionForEditor). */
  trimmedSteps?: string[];
};

const EMPTY_CANVAS = {
  title: "Start with a trigger",
  viewOnly: "This workflow has no steps yet.",
  hint: "What starts this workflow? Drag a trigger from the left, or pick one here.",
};

export function WorkflowBuilder(props: WorkflowBuilderProps) {
  return (
    <ReactFlowProvider>
      <Builder {...props} />
    </ReactFlowProvider>
  );
}

/** The workflow's own parts around the shared canvas (canvas-editor.tsx). */
function Builder({
  slug,
  workflow,
  versions,
  permissions,
  webhook,
  trimmedSteps = [],
}: WorkflowBuilderProps) {
  const router = useRouter();
  const canEdit = permissions.update && workflow.status !== "archived";

  const [details, setDetails] = React.useState({ name: workflow.name, description: workflow.description });
  const [dialog, setDialog] = React.useState<
    | null
    | { kind: "publish" | "rename" | "template" | "shortcuts" }
    | {
        kind: "run";
        triggerType: string | null;
        sampleInput: string;
        effectSteps: { id: string; label: string; type: string }[];
      }
    | { kind: "import"; reasons: string[] }
    | { kind: "restore"; version: BuilderVersion }
  >(null);
  const fileRef = React.useRef<HTMLInputElement>(null);
  // The manual run shown on the canvas (run-overlay.tsx).
  const [runStore] = React.useState(() => new RunOverlayStore());
  const [activeRun, setActiveRun] = React.useState<string | null>(null);
  // A webhook URL this member just made (on publish or on request): shown until they leave the page.
  const [revealedWebhook, setRevealedWebhook] = React.useState<{ url: string; testUrl: string } | null>(null);
  const rotateWebhook = React.useCallback(async () => {
    const result = await callAction(rotateWebhookUrlAction, { organization: slug, id: workflow.id });
    if (!result.ok) {
      toast.error(result.error.message);
      return;
    }
    setRevealedWebhook({ url: result.data.url, testUrl: result.data.testUrl });
    toast.success(result.message ?? "New webhook URL made.");
    router.refresh();
  }, [slug, workflow.id, router]);
  const webhookContext = React.useMemo(
    () => (webhook ? { ...webhook, revealed: revealedWebhook, rotate: rotateWebhook } : webhook),
    [webhook, revealedWebhook, rotateWebhook],
  );
  const context = React.useMemo(
    () => ({ run: runStore, webhook: webhookContext }),
    [runStore, webhookContext],
  );

  const editor = useCanvasEditor({
    registry: workflowNodeRegistry,
    definition: workflow.definition,
    version: workflow.version,
    editable: canEdit,
    validate: validateWorkflow,
    connectionProblem,
    save: (definition, expectedVersion) =>
      callAction(saveDraftAction, {
        organization: slug,
        id: workflow.id,
        expected_version: String(expectedVersion),
        definition: JSON.stringify(definition),
      }),
    context,
    onShortcuts: () => setDialog({ kind: "shortcuts" }),
  });
  const { rf, wide, readOnly, sync, history, read, apply, changeCount, fitAll, problems, setTab } = editor;

  const openRun = React.useCallback(() => {
    const trigger = rf.getNodes().find((n) => getNodeType(n.type)?.category === "trigger");
    const config = (trigger?.data.config ?? {}) as Record<string, unknown>;
    const sample = config.sample_input ?? config.sample_body;
    setDialog({
      kind: "run",
      triggerType: trigger?.type ?? null,
      sampleInput: typeof sample === "string" ? sample : "",
      effectSteps: rf
        .getNodes()
        .filter((n) => getNodeType(n.type)?.externalEffects)
        .map((n) => ({ id: n.id, type: n.type ?? "", label: nodeLabel(n as never) })),
    });
  }, [rf]);

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
      fitAll();
    },
    [apply, fitAll],
  );

  const publish = React.useCallback(
    (note: string) =>
      sync.exclusive(async (expectedVersion) => {
        const snapshot = read();
        const at = changeCount();
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
        if (result.data.webhook) setRevealedWebhook(result.data.webhook);
        toast.success(result.message ?? "Published.");
        router.refresh();
        return true;
      }),
    [sync, read, rf, changeCount, slug, workflow.id, router],
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
          changeCount(),
          new Date(result.data.savedAt),
        );
        toast.success(result.message ?? "Restored.");
        fitAll();
        return true;
      }),
    [sync, slug, workflow.id, apply, changeCount, fitAll],
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

  const onRestore = React.useCallback(
    (version: BuilderVersion) => setDialog({ kind: "restore", version }),
    [],
  );
  // Under a step's settings: the webhook trigger's URLs; "Test step" for the steps after a trigger.
  const flush = sync.flush;
  const stepExtras = React.useCallback(
    (node: FlowNode) =>
      node.type === "webhook" ? (
        <WebhookUrls />
      ) : permissions.run && getNodeType(node.type)?.category !== "trigger" ? (
        <StepTest
          key={`step-test-${node.id}`}
          slug={slug}
          workflowId={workflow.id}
          nodeId={node.id}
          beforeStart={flush}
        />
      ) : null,
    [permissions.run, slug, workflow.id, flush],
  );
  const versionsTab = React.useMemo(
    () => ({ list: versions, liveVersion: workflow.publishedVersion, onRestore }),
    [versions, workflow.publishedVersion, onRestore],
  );

  return (
    <CanvasEditor
      editor={editor}
      rootAttribute="data-workflow-builder"
      className={cn(
        "flex flex-col",
        wide ? "h-[calc(100dvh-3.5rem-1px)]" : "min-h-[calc(100dvh-3.5rem-1px)]",
      )}
      canvasLabel="Workflow canvas"
      panelLabel="Workflow details"
      minimapLabel="Overview of the workflow"
      empty={EMPTY_CANVAS}
      versions={versionsTab}
      stepExtras={stepExtras}
      header={
        <>
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
            onTidyUp={() => void editor.tidyUp()}
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
          <TrimmedStepsAlert steps={trimmedSteps} what="workflow" />
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
        </>
      }
      overlay={
        activeRun ? (
          <Panel position="top-right">
            <RunPanel
              key={activeRun}
              slug={slug}
              executionId={activeRun}
              store={runStore}
              onClose={() => setActiveRun(null)}
            />
          </Panel>
        ) : null
      }
    >
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
          triggerType={dialog.triggerType}
          sampleInput={dialog.sampleInput}
          effectSteps={dialog.effectSteps}
          beforeStart={sync.flush}
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
    </CanvasEditor>
  );
}
