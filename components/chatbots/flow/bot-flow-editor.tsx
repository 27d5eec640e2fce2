"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { ReactFlowProvider } from "@xyflow/react";
import { MessageSquareText, Rocket } from "lucide-react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CanvasEditor, useCanvasEditor } from "@/components/workflows/builder/canvas-editor";
import { EditButtons, SaveIndicator } from "@/components/workflows/builder/toolbar";
import { TrimmedStepsAlert } from "@/components/workflows/builder/trimmed-steps-alert";
import { useMediaQuery } from "@/components/workflows/builder/use-media-query";
import { callAction } from "@/components/workflows/call-action";
import { publishBotFlowAction, saveBotFlowAction } from "@/lib/chatbots/console-actions";
import { botConnectionProblem } from "@/lib/chatbots/console-flow";
import { validateFlow } from "@/lib/chatbots/flow/definition";
import { cn } from "@/lib/utils/cn";
import { edgeId, type WorkflowDefinition } from "@/lib/workflows/definition";
import type { Connection, GraphLike } from "@/lib/workflows/graph";
import { TestChat } from "../test-chat";
import { botCanvasRegistry } from "./bot-registry";

const validate = (graph: GraphLike) =>
  validateFlow({
    nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
    edges: graph.edges.map((e) => ({ ...e, id: e.id ?? edgeId(e) })),
  });

const EMPTY_CANVAS = {
  title: "Start the conversation",
  viewOnly: "This flow has no steps yet.",
  hint: "Every flow begins with a Start step.",
  addLabel: (type: string) => `Add ${type}`,
};

type BotFlowEditorProps = {
  slug: string;
  botId: string;
  definition: WorkflowDefinition;
  version: number;
  publishedAt: string | null;
  canEdit: boolean;
  workflows: { id: string; name: string }[];
  /** Steps whose stored config was nested too deeply and was trimmed to open. */
  trimmedSteps?: string[];
};

/**
 * The bot's goal-based flow on the workflow builder's canvas (canvas-editor.tsx), with a test chat
 * beside it and publishing.
 */
export function BotFlowEditor(props: BotFlowEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({
  slug,
  botId,
  definition,
  version,
  publishedAt,
  canEdit,
  workflows,
  trimmedSteps = [],
}: BotFlowEditorProps) {
  const router = useRouter();
  const registry = React.useMemo(() => botCanvasRegistry(workflows), [workflows]);
  const connectionProblem = React.useCallback(
    (graph: GraphLike, connection: Connection) => botConnectionProblem(registry.getType, graph, connection),
    [registry],
  );
  const roomy = useMediaQuery("(min-width: 1280px)", true);
  const [chatOpen, setChatOpen] = React.useState(true);
  const [saves, setSaves] = React.useState(0);
  const [publishing, setPublishing] = React.useState(false);
  // The test chat runs the flow for real (it can collect leads and start workflows): editors only.
  const showChat = canEdit && chatOpen && roomy;

  const editor = useCanvasEditor({
    registry,
    definition,
    version,
    editable: canEdit,
    validate,
    connectionProblem,
    save: (def, expected) =>
      callAction(saveBotFlowAction, {
        organization: slug,
        id: botId,
        expected_version: String(expected),
        definition: JSON.stringify(def),
      }),
    // The test chat starts over on the new flow.
    onSaved: () => setSaves((n) => n + 1),
  });
  const { readOnly, wide, sync, history } = editor;
  const hasErrors = editor.problems.some((p) => p.severity === "error");

  const publish = async () => {
    setPublishing(true);
    await sync.flush();
    const result = await callAction(publishBotFlowAction, { organization: slug, id: botId });
    setPublishing(false);
    if (!result.ok) return void toast.error(result.error.message);
    toast.success(result.message ?? "Published.");
    router.refresh();
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b bg-muted/30 px-3 py-1.5 text-xs text-muted-foreground">
        <span className="mr-auto">
          {publishedAt
            ? `Visitors get the flow published ${new Date(publishedAt).toLocaleString()}. Edits are saved as a draft until you publish.`
            : "Not published yet: visitors get the draft as saved. Publish to fix what visitors get."}
        </span>
        {canEdit && roomy ? (
          <Button variant="outline" size="sm" aria-pressed={chatOpen} onClick={() => setChatOpen((o) => !o)}>
            <MessageSquareText aria-hidden="true" />
            {chatOpen ? "Hide test chat" : "Test chat"}
          </Button>
        ) : null}
      </div>
      <CanvasEditor
        editor={editor}
        rootAttribute="data-flow-editor"
        className={cn("flex min-h-0 flex-1 flex-col", wide ? "h-full" : "")}
        canvasLabel="Flow canvas"
        panelLabel="Flow details"
        empty={EMPTY_CANVAS}
        header={
          <>
            <div className="flex shrink-0 flex-wrap items-center gap-2 border-b bg-background px-3 py-2">
              <p className="mr-auto text-sm font-semibold">Goal-based flow</p>
              {!readOnly ? (
                <>
                  <SaveIndicator status={sync.status} phase={sync.phase} onRetry={() => void sync.flush()} />
                  <EditButtons
                    canUndo={history.canUndo}
                    canRedo={history.canRedo}
                    onUndo={history.undo}
                    onRedo={history.redo}
                    onTidyUp={() => void editor.tidyUp()}
                  />
                </>
              ) : (
                <span className="text-xs text-muted-foreground">View only</span>
              )}
              {canEdit ? (
                <Button
                  size="sm"
                  onClick={() => void publish()}
                  disabled={publishing || sync.status === "conflict"}
                  title={hasErrors ? "Fix the problems first: publishing checks the whole flow." : undefined}
                >
                  <Rocket aria-hidden="true" />
                  {publishing ? "Publishing…" : "Publish"}
                </Button>
              ) : null}
            </div>
            <TrimmedStepsAlert steps={trimmedSteps} what="flow" />
            {sync.status === "conflict" ? (
              <Alert
                variant="error"
                className="rounded-none border-x-0 border-t-0"
                title="Someone else saved this flow"
              >
                {sync.phase.phase === "conflict" ? sync.phase.message : null} Reload to see their version;
                your changes since then are not saved.
              </Alert>
            ) : null}
            {readOnly ? (
              <Alert variant="info" className="rounded-none border-x-0 border-t-0">
                {!wide
                  ? "The flow is view-only on small screens. Open it on a larger screen to edit it."
                  : "You can view this flow but not change it: your role does not allow editing bots."}
              </Alert>
            ) : null}
          </>
        }
        aside={
          showChat ? (
            <TestChat
              slug={slug}
              botId={botId}
              restartKey={saves}
              onClose={() => setChatOpen(false)}
              className="w-[22rem] shrink-0"
            />
          ) : null
        }
      />
      {canEdit && !roomy ? (
        <TestChat slug={slug} botId={botId} restartKey={saves} className="h-[28rem] border-t border-l-0" />
      ) : null}
    </div>
  );
}
