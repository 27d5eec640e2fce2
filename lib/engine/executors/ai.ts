import { z } from "zod";
import { getAgent } from "@/lib/agents/agents";
import { AgentRunError, runAgent } from "@/lib/agents/run";
import { withServiceRoleBypassingRls } from "@/lib/db/client";
import { StepError } from "@/lib/engine/policy";
import type { EngineExecutor } from "@/lib/engine/types";
import {
  generateLlmObject,
  generateLlmText,
  llmConfig,
  LlmError,
  modelIdFor,
  recordLlmUsage,
  type LlmUsage,
} from "@/lib/llm";

/**
 * The ai_agent step: one call through lib/llm (the provider the operator configured: OpenAI,
 * Anthropic, Google or any OpenAI-compatible server; LLM_MODEL overrides the step's model). JSON
 * answers are validated against the step's structure. Tokens and cost go to agent_executions and
 * the month's tenant_usage. The engine retries what may succeed on another try.
 */

type Field = {
  name: string;
  type: "string" | "number" | "boolean" | "array" | "object";
  description?: string;
};

function fieldSchema(type: Field["type"]): z.ZodType {
  switch (type) {
    case "string":
      return z.string();
    case "number":
      return z.number();
    case "boolean":
      return z.boolean();
    case "array":
      return z.array(z.unknown());
    case "object":
      return z.record(z.string(), z.unknown());
  }
}

function outputSchema(fields: Field[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f.type)])));
}

/** The step with an agent chosen: the agent's one run path (lib/agents/run.ts), the prompt as its input. */
const runChosenAgent: EngineExecutor = async (config, context) => {
  const agentId = String(config.agent_id);
  const agent = await withServiceRoleBypassingRls(
    (tx) => getAgent(tx, context.organizationId, agentId),
    context.db,
  );
  if (!agent)
    throw new StepError(
      "The step's agent was deleted. Choose another agent or write the prompt in the step.",
    );
  try {
    const run = await runAgent({
      organizationId: context.organizationId,
      agent,
      input: String(config.prompt),
      source: "workflow",
      executionId: context.executionId,
      stepKey: context.stepKey,
      signal: context.signal,
      db: context.db,
    });
    const tokens = { input: run.usage.inputTokens, output: run.usage.outputTokens };
    context.log(
      `Agent ${agent.name} v${agent.version} (${run.model}): ${tokens.input} tokens in, ${tokens.output} out, ` +
        `$${run.usage.costUsd.toFixed(6)}, ${run.toolCalls.length} tool calls`,
    );
    return {
      kind: "done",
      output: {
        text: run.text,
        ...(run.data !== undefined ? { data: run.data } : {}),
        model: run.model,
        tokens,
        agent: { id: agent.id, name: agent.name, version: agent.version, run_id: run.runId },
        tool_calls: run.toolCalls.map((c) => ({ name: c.name, ...(c.error ? { error: c.error } : {}) })),
      },
    };
  } catch (e) {
    if (!(e instanceof AgentRunError)) throw e;
    throw new StepError(e.message, {
      retryable: e.retryable,
      ...(e.text !== undefined ? { details: { content: e.text } } : {}),
    });
  }
};

export const aiAgent: EngineExecutor = async (config, context) => {
  if (typeof config.agent_id === "string" && config.agent_id !== "") return runChosenAgent(config, context);
  let provider: ReturnType<typeof llmConfig>;
  try {
    provider = llmConfig();
  } catch (e) {
    throw new StepError((e as Error).message);
  }
  if (!provider) {
    throw new StepError(
      "No AI provider is configured. Set LLM_PROVIDER (openai, anthropic, google or openai-compatible with LLM_BASE_URL), " +
        "LLM_API_KEY and optionally LLM_MODEL in the server's environment, then run the workflow again.",
    );
  }
  const model = modelIdFor(provider, String(config.model ?? ""));
  const fields = (config.output_schema as Field[] | undefined) ?? [];
  const json = config.output_format === "json";
  const system = config.system ? String(config.system) : undefined;
  const prompt = String(config.prompt);
  const request = {
    config: provider,
    model,
    system,
    messages: [{ role: "user" as const, content: prompt }],
    temperature: Number(config.temperature ?? 0.2),
    signal: context.signal,
    // The engine retries the step with its own backoff; one quick retry here for a blip.
    maxRetries: 1,
  };
  const messages = [
    ...(system ? [{ role: "system", content: system }] : []),
    { role: "user", content: prompt },
  ];
  let usage: Pick<LlmUsage, "inputTokens" | "outputTokens" | "costUsd"> = {
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
  const started = Date.now();
  let output: unknown;
  let failure: StepError | undefined;
  try {
    if (json) {
      const answer = await generateLlmObject(outputSchema(fields), { ...request, name: "output" });
      usage = answer.usage;
      const tokens = { input: usage.inputTokens, output: usage.outputTokens };
      output = { data: answer.object, text: answer.text, model, tokens };
    } else {
      const answer = await generateLlmText(request);
      usage = answer.usage;
      output = { text: answer.text, model, tokens: { input: usage.inputTokens, output: usage.outputTokens } };
    }
  } catch (e) {
    const error = e instanceof LlmError ? e : new LlmError((e as Error).message, true);
    if (error.usage) usage = error.usage;
    failure = new StepError(error.message, {
      retryable: error.retryable,
      ...(error.text !== undefined ? { details: { content: error.text } } : {}),
    });
  }
  await withServiceRoleBypassingRls(async (tx) => {
    await tx`
      insert into public.agent_executions (organization_id, execution_id, step_key, model, status, input, output, error,
                                           tokens_in, tokens_out, cost_usd, duration_ms)
      values (${context.organizationId}, ${context.executionId}, ${context.stepKey}, ${model},
              ${failure ? "failed" : "completed"}, ${tx.json({ messages })}, ${tx.json((output ?? null) as never)},
              ${failure?.message ?? null}, ${usage.inputTokens}, ${usage.outputTokens}, ${usage.costUsd},
              ${Date.now() - started})`;
    await recordLlmUsage(tx, context.organizationId, usage, { agentRun: true });
  }, context.db);
  context.log(
    `${model}: ${usage.inputTokens} tokens in, ${usage.outputTokens} out, $${usage.costUsd.toFixed(6)}`,
  );
  if (failure) throw failure;
  return { kind: "done", output };
};
