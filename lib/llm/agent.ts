import { stepCountIs, streamText, tool, type ToolSet } from "ai";
import type { z } from "zod";
import { languageModel, llmConfig, modelIdFor } from "./config";
import { costUsd } from "./cost";
import { LlmError, toLlmError, type LlmRequest, type LlmUsage } from "./generate";

/**
 * An answer with tool calling (the AI SDK's tool loop): the model may call the given tools, read
 * their results and call again, up to `maxSteps` model calls, then answers in text. Events come as
 * they happen (text deltas, each tool call and its result), for a playground to stream; `done`
 * settles with the whole text, the tool calls and the usage summed over every step.
 */

export type LlmTool = {
  description: string;
  inputSchema: z.ZodType<Record<string, unknown>>;
  /** Its result goes back to the model as JSON; a thrown Error's message is shown to the model. */
  execute: (input: Record<string, unknown>, options: { signal?: AbortSignal }) => Promise<unknown>;
};

export type LlmAgentEvent =
  | { type: "delta"; text: string }
  | { type: "tool_call"; id: string; name: string; input: unknown }
  | { type: "tool_result"; id: string; name: string; output: unknown; error?: string };

export type LlmToolCall = { name: string; input: unknown; output?: unknown; error?: string };

export type LlmAgentResult = { text: string; toolCalls: LlmToolCall[]; usage: LlmUsage; steps: number };

export type LlmAgentRequest = LlmRequest & {
  tools: Record<string, LlmTool>;
  /** Model calls at most (each tool round is one); 5 by default. */
  maxSteps?: number;
  onEvent?: (event: LlmAgentEvent) => void;
};

export async function runLlmAgent(request: LlmAgentRequest): Promise<LlmAgentResult> {
  const config = request.config ?? llmConfig();
  if (!config)
    throw new LlmError(
      "No AI provider is configured. Set LLM_PROVIDER (or LLM_BASE_URL), LLM_API_KEY and LLM_MODEL in the server's environment.",
      false,
    );
  const modelId = modelIdFor(config, request.model);
  const started = Date.now();
  const signal = AbortSignal.any(
    [request.signal, AbortSignal.timeout(request.timeoutMs ?? 120_000)].filter(
      (s): s is AbortSignal => s !== undefined,
    ),
  );
  const tools: ToolSet = Object.fromEntries(
    Object.entries(request.tools).map(([name, t]) => [
      name,
      tool({
        description: t.description,
        inputSchema: t.inputSchema,
        execute: (input: Record<string, unknown>, { abortSignal }) =>
          t.execute(input, { signal: abortSignal ?? signal }),
      }),
    ]),
  );
  const result = streamText({
    model: languageModel(config, modelId),
    system: request.system,
    messages: request.messages as Parameters<typeof streamText>[0]["messages"] & object,
    temperature: request.temperature,
    maxOutputTokens: request.maxOutputTokens,
    maxRetries: request.maxRetries ?? 2,
    abortSignal: signal,
    ...(Object.keys(tools).length > 0 ? { tools, stopWhen: stepCountIs(request.maxSteps ?? 5) } : {}),
    onError: () => {},
  });
  const emit = request.onEvent ?? (() => {});
  const calls = new Map<string, LlmToolCall>();
  let text = "";
  let steps = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  try {
    for await (const part of result.fullStream) {
      switch (part.type) {
        case "text-delta":
          text += part.text;
          emit({ type: "delta", text: part.text });
          break;
        case "tool-call":
          calls.set(part.toolCallId, { name: part.toolName, input: part.input });
          emit({ type: "tool_call", id: part.toolCallId, name: part.toolName, input: part.input });
          break;
        case "tool-result":
          calls.set(part.toolCallId, { name: part.toolName, input: part.input, output: part.output });
          emit({ type: "tool_result", id: part.toolCallId, name: part.toolName, output: part.output });
          break;
        case "tool-error": {
          const error = part.error instanceof Error ? part.error.message : String(part.error);
          calls.set(part.toolCallId, { name: part.toolName, input: part.input, error });
          emit({ type: "tool_result", id: part.toolCallId, name: part.toolName, output: null, error });
          break;
        }
        case "finish-step":
          steps++;
          inputTokens += part.usage.inputTokens ?? 0;
          outputTokens += part.usage.outputTokens ?? 0;
          break;
        case "error":
          throw part.error;
        case "abort":
          throw new DOMException("aborted", "AbortError");
      }
    }
  } catch (e) {
    const error = toLlmError(e);
    const usage = usageOf(config.provider, modelId, inputTokens, outputTokens, started);
    throw new LlmError(error.message, error.retryable, error.status, text || error.text, usage);
  }
  return {
    text,
    toolCalls: [...calls.values()],
    usage: usageOf(config.provider, modelId, inputTokens, outputTokens, started),
    steps,
  };
}

function usageOf(
  provider: LlmUsage["provider"],
  model: string,
  inputTokens: number,
  outputTokens: number,
  started: number,
): LlmUsage {
  return {
    provider,
    model,
    inputTokens,
    outputTokens,
    costUsd: costUsd(model, inputTokens, outputTokens),
    durationMs: Date.now() - started,
  };
}
