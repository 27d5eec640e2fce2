import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import {
  jsonTextIn,
  llmConfig,
  LlmError,
  modelIdFor,
  recordLlmUsage,
  runLlmAgent,
  type LlmAgentEvent,
  type LlmToolCall,
  type LlmUsage,
} from "@/lib/llm";
import { schemaProblem } from "./output-schema";
import type { Agent } from "./schemas";
import { agentTools } from "./tools";

/**
 * THE ONE PATH of an agent run, for the playground and the workflow's AI step (and the bots
 * later): the agent's instructions, model and temperature through lib/llm's tool loop with the
 * agent's tools; a JSON answer checked against its output schema; the run recorded in
 * agent_executions (input, output, tool calls, tokens, cost, latency, the agent's version and
 * where it came from) and added to the month's usage. A failed run is recorded too, then thrown.
 */

export type AgentRunSource = "workflow" | "playground" | "bot";

export type AgentRunOptions = {
  organizationId: string;
  agent: Pick<
    Agent,
    | "id"
    | "name"
    | "instructions"
    | "model"
    | "provider"
    | "temperature"
    | "output_schema"
    | "tools"
    | "version"
  >;
  input: string;
  source: AgentRunSource;
  createdBy?: string | null;
  executionId?: string | null;
  stepKey?: string | null;
  signal?: AbortSignal;
  onEvent?: (event: LlmAgentEvent) => void;
  /** Retries of the provider call inside this run (the engine retries whole steps itself). */
  maxRetries?: number;
  db?: Sql;
};

export type AgentRunResult = {
  runId: string;
  text: string;
  /** The structured answer, when the agent has an output schema. */
  data?: unknown;
  model: string;
  toolCalls: LlmToolCall[];
  usage: Pick<LlmUsage, "inputTokens" | "outputTokens" | "costUsd" | "durationMs">;
};

export class AgentRunError extends LlmError {
  constructor(
    error: LlmError,
    readonly runId: string,
  ) {
    super(error.message, error.retryable, error.status, error.text, error.usage);
    this.name = "AgentRunError";
  }
}

function systemPrompt(agent: AgentRunOptions["agent"]): string {
  if (!agent.output_schema) return agent.instructions;
  return `${agent.instructions}\n\nAnswer with one JSON object, and nothing else, that follows this JSON schema:\n${JSON.stringify(agent.output_schema)}`;
}

/** The answer's JSON, checked against the schema; an LlmError (retryable) otherwise. */
function structured(agent: AgentRunOptions["agent"], text: string, usage: LlmUsage): unknown {
  let data: unknown;
  try {
    data = JSON.parse(jsonTextIn(text));
  } catch {
    throw new LlmError(
      "The model's answer is not the JSON object the agent's schema asks for.",
      true,
      undefined,
      text,
      usage,
    );
  }
  const problem = schemaProblem(agent.output_schema!, data);
  if (problem)
    throw new LlmError(
      `The model's answer does not follow the schema: ${problem}`,
      true,
      undefined,
      text,
      usage,
    );
  return data;
}

export async function runAgent(options: AgentRunOptions): Promise<AgentRunResult> {
  const { agent } = options;
  const started = Date.now();
  let model = agent.model ?? "unknown";
  let result: Omit<AgentRunResult, "runId"> | undefined;
  let failure: LlmError | undefined;
  try {
    const config = llmConfig();
    if (!config)
      throw new LlmError(
        "No AI provider is configured. Set LLM_PROVIDER (or LLM_BASE_URL), LLM_API_KEY and LLM_MODEL in the server's environment.",
        false,
      );
    model = modelIdFor(config, agent.model);
    if (agent.provider && agent.provider !== config.provider)
      throw new LlmError(
        `This agent asks for the ${agent.provider} provider, but this server's AI provider is ${config.provider}. Change the agent's provider or the server's LLM_PROVIDER.`,
        false,
      );
    const answer = await runLlmAgent({
      config,
      model: agent.model,
      system: systemPrompt(agent),
      messages: [{ role: "user", content: options.input }],
      temperature: agent.temperature,
      tools: agentTools(agent.tools, {
        organizationId: options.organizationId,
        createdBy: options.createdBy ?? null,
        agentName: agent.name,
        db: options.db,
      }),
      maxRetries: options.maxRetries ?? 1,
      signal: options.signal,
      onEvent: options.onEvent,
    });
    const data = agent.output_schema ? structured(agent, answer.text, answer.usage) : undefined;
    result = {
      text: answer.text,
      ...(data !== undefined ? { data } : {}),
      model: answer.usage.model,
      toolCalls: answer.toolCalls,
      usage: answer.usage,
    };
  } catch (e) {
    failure = e instanceof LlmError ? e : new LlmError((e as Error).message, true);
  }
  const usage = result?.usage ?? failure?.usage ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const output = result
    ? {
        text: result.text,
        ...(result.data !== undefined ? { data: result.data } : {}),
        tool_calls: result.toolCalls,
      }
    : failure?.text !== undefined
      ? { text: failure.text }
      : null;
  const runId = await withServiceRoleBypassingRls(async (tx) => {
    const [row] = await tx`
      insert into public.agent_executions (organization_id, agent_id, agent_version, source, created_by, execution_id,
                                           step_key, model, status, input, output, error, tokens_in, tokens_out,
                                           cost_usd, duration_ms)
      values (${options.organizationId}, ${agent.id}, ${agent.version}, ${options.source}, ${options.createdBy ?? null},
              ${options.executionId ?? null}, ${options.stepKey ?? null}, ${result?.model ?? model},
              ${failure ? "failed" : "completed"}, ${tx.json({ input: options.input })},
              ${output === null ? null : tx.json(output as never)}, ${failure?.message.slice(0, 2000) ?? null},
              ${usage.inputTokens}, ${usage.outputTokens}, ${usage.costUsd}, ${Date.now() - started})
      returning id`;
    await recordLlmUsage(tx, options.organizationId, usage, { agentRun: true });
    return z.uuid().parse(row?.id);
  }, options.db);
  if (failure) throw new AgentRunError(failure, runId);
  return { runId, ...result! };
}
