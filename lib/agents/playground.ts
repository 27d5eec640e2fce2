import "server-only";
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
      allowPrivateNetwork: org.settings.allow_private_network === true,
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
