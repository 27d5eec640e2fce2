"use client";

import * as React from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import type { AgentTool } from "@/lib/agents/schemas";

export type ToolChoices = { bots: { id: string; name: string }[]; workflows: { id: string; name: string }[] };

/**
 * The tools an agent may call, as checkboxes (with the chatbot whose knowledge it searches and the
 * workflow it starts), sent as one hidden JSON field `tools`.
 */
export function AgentToolsFieldset({
  initial,
  choices,
  error,
}: {
  initial: AgentTool[];
  choices: ToolChoices;
  error?: string;
}) {
  const find = <T extends AgentTool["type"]>(type: T) =>
    initial.find((t): t is Extract<AgentTool, { type: T }> => t.type === type);
  const [knowledge, setKnowledge] = React.useState(Boolean(find("knowledge_search")));
  const [botId, setBotId] = React.useState(find("knowledge_search")?.bot_id ?? choices.bots[0]?.id ?? "");
  const [http, setHttp] = React.useState(Boolean(find("http_request")));
  const [workflow, setWorkflow] = React.useState(Boolean(find("start_workflow")));
  const [workflowId, setWorkflowId] = React.useState(
    find("start_workflow")?.workflow_id ?? choices.workflows[0]?.id ?? "",
  );
  const tools = [
    ...(knowledge ? [{ type: "knowledge_search", bot_id: botId }] : []),
    ...(http ? [{ type: "http_request" }] : []),
    ...(workflow ? [{ type: "start_workflow", workflow_id: workflowId }] : []),
  ];
  return (
    <fieldset className="flex flex-col gap-3" aria-describedby={error ? "tools-error" : undefined}>
      <legend className="mb-1 text-sm font-medium">Tools it may call</legend>
      <input type="hidden" name="tools" value={JSON.stringify(tools)} />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <Label className="flex items-center gap-2 font-normal">
          <Checkbox
            checked={knowledge}
            disabled={choices.bots.length === 0}
            onChange={(e) => setKnowledge(e.target.checked)}
          />
          Search a knowledge base
        </Label>
        {knowledge ? (
          <NativeSelect
            aria-label="Knowledge base of"
            value={botId}
            onChange={(e) => setBotId(e.target.value)}
          >
            {choices.bots.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </NativeSelect>
        ) : choices.bots.length === 0 ? (
          <span className="text-xs text-muted-foreground">Add a chatbot with knowledge first.</span>
        ) : null}
      </div>
      <Label className="flex items-center gap-2 font-normal">
        <Checkbox checked={http} onChange={(e) => setHttp(e.target.checked)} />
        Send HTTP requests (public addresses only, unless your settings allow private ones)
      </Label>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <Label className="flex items-center gap-2 font-normal">
          <Checkbox
            checked={workflow}
            disabled={choices.workflows.length === 0}
            onChange={(e) => setWorkflow(e.target.checked)}
          />
          Start a workflow
        </Label>
        {workflow ? (
          <NativeSelect
            aria-label="Workflow to start"
            value={workflowId}
            onChange={(e) => setWorkflowId(e.target.value)}
          >
            {choices.workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        ) : null}
      </div>
      {error ? (
        <p id="tools-error" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
