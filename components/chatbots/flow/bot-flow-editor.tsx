"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { MessageSquareText, Rocket } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { callAction } from "@/components/workflows/call-action";
import { useMediaQuery } from "@/components/workflows/builder/use-media-query";
import { publishBotFlowAction, saveBotFlowAction } from "@/lib/chatbots/console-actions";
import { validateFlow } from "@/lib/chatbots/flow/definition";
import { edgeId, type WorkflowDefinition } from "@/lib/workflows/definition";
import type { GraphLike } from "@/lib/workflows/graph";
import { TestChat } from "../test-chat";
import { botCanvasRegistry } from "./bot-registry";
import { FlowEditor } from "./flow-editor";

const validate = (graph: GraphLike) =>
  validateFlow({
    nodes: graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
    edges: graph.edges.map((e) => ({ ...e, id: e.id ?? edgeId(e) })),
  });

/** The bot's flow on the workflow builder's canvas, with a test chat beside it and publishing. */
export function BotFlowEditor({
  slug,
  botId,
  definition,
  version,
  publishedAt,
  canEdit,
  workflows,
}: {
  slug: string;
  botId: string;
  definition: WorkflowDefinition;
  version: number;
  publishedAt: string | null;
  canEdit: boolean;
  workflows: { id: string; name: string }[];
}) {
  const router = useRouter();
  const registry = React.useMemo(() => botCanvasRegistry(workflows), [workflows]);
  const roomy = useMediaQuery("(min-width: 1280px)", true);
  const [chatOpen, setChatOpen] = React.useState(true);
  const [saves, setSaves] = React.useState(0);
  const [publishing, setPublishing] = React.useState(false);
  // The test chat runs the flow for real (it can collect leads and start workflows): editors only.
  const showChat = canEdit && chatOpen && roomy;

  const publish = async (flush: () => Promise<void>) => {
    setPublishing(true);
    await flush();
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
      <FlowEditor
        registry={registry}
        definition={definition}
        version={version}
        readOnly={!canEdit}
        readOnlyReason="You can view this flow but not change it: your role does not allow editing bots."
        validate={validate}
        save={(def, expected) =>
          callAction(saveBotFlowAction, {
            organization: slug,
            id: botId,
            expected_version: String(expected),
            definition: JSON.stringify(def),
          })
        }
        onSaved={() => setSaves((n) => n + 1)}
        actions={({ flush, status, hasErrors }) =>
          canEdit ? (
            <Button
              size="sm"
              onClick={() => void publish(flush)}
              disabled={publishing || status === "conflict"}
              title={hasErrors ? "Fix the problems first: publishing checks the whole flow." : undefined}
            >
              <Rocket aria-hidden="true" />
              {publishing ? "Publishing…" : "Publish"}
            </Button>
          ) : null
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
