import { z } from "zod";
import { searchKnowledge } from "@/lib/chatbots/retrieval";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { BlockedTargetError, FetchError, safeFetch } from "@/lib/engine/ssrf";
import { startExecution } from "@/lib/engine/start";
import type { LlmTool } from "@/lib/llm";
import type { AgentTool } from "./schemas";

/**
 * The tools an agent may call, as the AI SDK's tool loop runs them (lib/llm/agent.ts). Each runs
 * on the service path for the agent's organization only (the agent's row names its chatbot and
 * workflow; both are checked to be the organization's at save time and again here), with the
 * same guards as the workflow steps: HTTP through the SSRF guard with the organization's network
 * setting, a timeout and a response cap; knowledge through the bots' one retrieval.
 */

export type AgentToolContext = {
  organizationId: string;
  /** Who the run is for (the playground's member); null for a workflow step. */
  createdBy: string | null;
  agentName: string;
  db?: Sql;
};

/** What a tool hands back to the model is capped: the model's context is not a dump. */
const MAX_TOOL_TEXT = 8000;

export const TOOL_NAMES: Record<AgentTool["type"], string> = {
  knowledge_search: "search_knowledge",
  http_request: "http_request",
  start_workflow: "start_workflow",
};

function knowledgeTool(botId: string, context: AgentToolContext): LlmTool {
  return {
    description:
      "Searches the organization's knowledge base and returns the passages that best match the query.",
    inputSchema: z.object({ query: z.string().min(1).max(1000).describe("What to look up") }),
    async execute(input) {
      const query = String(input.query);
      return withServiceRoleBypassingRls(async (tx) => {
        const [bot] = await tx`
          select 1 from public.bots where id = ${botId} and organization_id = ${context.organizationId}`;
        if (!bot) throw new Error("The knowledge base of this tool no longer exists.");
        const { hits } = await searchKnowledge(tx, botId, query, { limit: 5 });
        return hits.map((h) => ({
          title: h.title,
          heading: h.heading,
          text: h.content.slice(0, 1500),
          confidence: Math.round(h.confidence * 100) / 100,
        }));
      }, context.db);
    },
  };
}

function httpTool(): LlmTool {
  return {
    description:
      "Sends an HTTP request to a public URL and returns the status and the start of the response body.",
    inputSchema: z.object({
      method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
      url: z.string().min(8).max(2000).describe("A full http:// or https:// URL"),
      headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
      body: z.string().max(100_000).optional(),
    }),
    async execute(input, { signal }) {
      const headers = Object.fromEntries(
        Object.entries((input.headers as Record<string, string> | undefined) ?? {})
          .slice(0, 20)
          .map(([k, v]) => [k.toLowerCase(), v]),
      );
      const method = String(input.method ?? "GET");
      const body = method === "GET" ? undefined : (input.body as string | undefined);
      try {
        const response = await safeFetch(String(input.url), {
          method,
          headers,
          body,
          timeoutMs: 20_000,
          maxResponseBytes: 1024 * 1024,
          maxRedirects: 5,
          // Never private: the organization's setting is for workflow HTTP steps, and bot trainers
          // (who can neither change it nor run workflows) give agents this tool.
          allowPrivate: false,
          signal,
        });
        return {
          status: response.status,
          content_type: response.headers["content-type"] ?? null,
          body: response.body.toString("utf8").slice(0, MAX_TOOL_TEXT),
        };
      } catch (e) {
        if (e instanceof BlockedTargetError || e instanceof FetchError) throw new Error(e.message);
        throw new Error("The request could not be sent.");
      }
    },
  };
}

function workflowTool(workflowId: string, context: AgentToolContext): LlmTool {
  return {
    description: "Starts the organization's workflow with the given input and returns the run's id.",
    inputSchema: z.object({
      input: z.record(z.string(), z.unknown()).default({}).describe("The data the workflow starts with"),
    }),
    async execute(input) {
      const data = (input.input as Record<string, unknown> | undefined) ?? {};
      if (JSON.stringify(data).length > 20_000)
        throw new Error("The input is too large (20,000 characters).");
      const { executionId } = await startExecution({
        organizationId: context.organizationId,
        workflowId,
        triggerType: "manual",
        input: { input: data, started_by: `Agent ${context.agentName}` },
        createdBy: context.createdBy,
        db: context.db,
      });
      return { execution_id: executionId, status: "started" };
    },
  };
}

/** The AI SDK tools for an agent's configured tools, by the names the model sees. */
export function agentTools(tools: readonly AgentTool[], context: AgentToolContext): Record<string, LlmTool> {
  const out: Record<string, LlmTool> = {};
  for (const t of tools) {
    if (t.type === "knowledge_search") out[TOOL_NAMES.knowledge_search] = knowledgeTool(t.bot_id, context);
    else if (t.type === "http_request") out[TOOL_NAMES.http_request] = httpTool();
    else out[TOOL_NAMES.start_workflow] = workflowTool(t.workflow_id, context);
  }
  return out;
}
