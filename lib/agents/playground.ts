import "server-only";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SendEvent } from "@/lib/http/event-stream";
import type { OrganizationContext } from "@/lib/organizations/context";
import { AgentRunError, runAgent } from "./run";
import type { Agent } from "./schemas";

/**
 * The agents page's playground: one message to the saved agent, its answer streamed as
 * server-sent events (`delta`, `tool_call`, `tool_result`), then the recorded run: completed with
 * its text, structured data, tokens, cost and latency, or failed with the provider's reason
 * (recorded as well). The caller has read the agent as the member (RLS); the run is recorded as
 * every run is.
 */
export type PlaygroundResult =
  | {
      status: "completed";
      run_id: string;
      version: number;
      text: string;
      data?: unknown;
      model: string;
      tokens: { input: number; output: number };
      cost_usd: number;
      duration_ms: number;
    }
  | { status: "failed"; run_id: string; version: number; error: string };

/**
 * An agent's start-a-workflow tool starts the workflow for real: whoever runs the agent here must
 * be allowed to run workflows (executions:create), as when the tool was given to it (red team: a
 * bot trainer, who may edit agents but not run workflows, ran any workflow through one).
 */
export async function assertMayRunAgentTools(tx: Tx, organizationId: string, agent: Agent): Promise<void> {
  if (!agent.tools.some((t) => t.type === "start_workflow")) return;
  const [row] = await tx`
    select public.has_permission(${organizationId}, 'executions', 'create'::public.permission_action) as ok`;
  if (!z.object({ ok: z.boolean() }).parse(row).ok)
    throw new AppError(
      "forbidden",
      "This agent starts workflows, so trying it here needs the permission to run workflows (executions:create).",
    );
}

export async function runPlayground(
  org: OrganizationContext["organization"],
  params: { agent: Agent; input: string; memberId: string },
  send: SendEvent,
): Promise<PlaygroundResult> {
  const { agent, input } = params;
  send("start", { version: agent.version });
  try {
    const run = await runAgent({
      organizationId: org.id,
      agent,
      input,
      source: "playground",
      createdBy: params.memberId,
      onEvent: (event) => send(event.type, event),
    });
    return {
      status: "completed",
      run_id: run.runId,
      version: agent.version,
      text: run.text,
      ...(run.data !== undefined ? { data: run.data } : {}),
      model: run.model,
      tokens: { input: run.usage.inputTokens, output: run.usage.outputTokens },
      cost_usd: run.usage.costUsd,
      duration_ms: run.usage.durationMs,
    };
  } catch (e) {
    if (!(e instanceof AgentRunError)) throw e;
    return { status: "failed", run_id: e.runId, version: agent.version, error: e.message };
  }
}
