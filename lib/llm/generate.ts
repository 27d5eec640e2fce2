import {
  APICallError,
  extractJsonMiddleware,
  generateText,
  NoObjectGeneratedError,
  Output,
  RetryError,
  streamText,
  wrapLanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
} from "ai";
import type { z } from "zod";
import { languageModel, llmConfig, modelIdFor, type LlmConfig } from "./config";
import { costUsd } from "./cost";
import { jsonTextIn } from "./json-text";

/**
 * Every LLM call of the app goes through these three functions (text, a zod-checked object, a
 * text stream) on the AI SDK, so each provider of lib/llm/config.ts works everywhere. Each answers
 * with the call's usage (tokens, cost, time) for the caller to record, retries what the provider
 * says may be retried (429, 5xx, network), and turns failures into an LlmError a person can read.
 */

export type LlmContentPart =
  { type: "text"; text: string } | { type: "image"; image: Uint8Array; mediaType: string };

export type LlmMessage =
  { role: "user"; content: string | LlmContentPart[] } | { role: "assistant"; content: string };

export type LlmRequest = {
  system?: string;
  messages: LlmMessage[];
  /** The caller's model (a step's or a bot's); LLM_MODEL wins over it. */
  model?: string | null;
  temperature?: number;
  maxOutputTokens?: number;
  /** Retries after the first attempt, for retryable failures (default 2). */
  maxRetries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Defaults to the environment's configuration (llmConfig()). */
  config?: LlmConfig;
};

export type LlmUsage = {
  provider: LlmConfig["provider"];
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
};

export class LlmError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** What the model said, when it answered but not as asked. */
    readonly text?: string,
    readonly usage?: LlmUsage,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

type Call = { config: LlmConfig; modelId: string; started: number };

function begin(request: LlmRequest): Call {
  const config = request.config ?? llmConfig();
  if (!config)
    throw new LlmError(
      "No AI provider is configured. Set LLM_PROVIDER (or LLM_BASE_URL), LLM_API_KEY and LLM_MODEL in the server's environment.",
      false,
    );
  return { config, modelId: modelIdFor(config, request.model), started: Date.now() };
}

function usageOf(call: Call, usage: LanguageModelUsage | undefined): LlmUsage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return {
    provider: call.config.provider,
    model: call.modelId,
    inputTokens,
    outputTokens,
    costUsd: costUsd(call.modelId, inputTokens, outputTokens),
    durationMs: Date.now() - call.started,
  };
}

function settings(request: LlmRequest) {
  const signals = [request.signal, AbortSignal.timeout(request.timeoutMs ?? 60_000)].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  return {
    system: request.system,
    messages: request.messages as ModelMessage[],
    temperature: request.temperature,
    maxOutputTokens: request.maxOutputTokens,
    maxRetries: request.maxRetries ?? 2,
    abortSignal: AbortSignal.any(signals),
  };
}

/** The provider's error as an LlmError: status, whether trying again may help, its own words. */
export function toLlmError(error: unknown, call?: Call): LlmError {
  if (error instanceof LlmError) return error;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) {
    let detail = last.responseBody?.slice(0, 300) ?? last.message;
    try {
      const parsed = JSON.parse(last.responseBody ?? "") as { error?: { message?: string } | string };
      detail = (typeof parsed.error === "string" ? parsed.error : parsed.error?.message) ?? detail;
    } catch {
      // not JSON: the body itself
    }
    return new LlmError(
      last.statusCode
        ? `The AI provider answered ${last.statusCode}: ${detail.slice(0, 300).replace(/[.\s]+$/, "")}.`
        : `The AI provider could not be reached: ${last.message.slice(0, 300)}`,
      last.isRetryable,
      last.statusCode,
    );
  }
  if (NoObjectGeneratedError.isInstance(last))
    return new LlmError(
      "The model's answer does not have the structure asked for.",
      true,
      undefined,
      last.text,
      call && usageOf(call, last.usage),
    );
  const e = last as Error;
  const aborted = e?.name === "AbortError" || e?.name === "TimeoutError";
  return new LlmError(
    aborted
      ? "The AI provider did not answer in time."
      : `The AI provider could not be reached: ${String(e?.message ?? e).slice(0, 300)}`,
    true,
  );
}

/** A text answer. */
export async function generateLlmText(request: LlmRequest): Promise<{ text: string; usage: LlmUsage }> {
  const call = begin(request);
  try {
    const result = await generateText({
      model: languageModel(call.config, call.modelId),
      ...settings(request),
    });
    return { text: result.text, usage: usageOf(call, result.usage) };
  } catch (e) {
    throw toLlmError(e, call);
  }
}

/**
 * An object of `schema`'s shape: asked for as JSON (a JSON schema where the provider takes one),
 * read even from a Markdown fence or a sentence around it, and validated with zod; anything else is a retryable LlmError
 * carrying what the model said.
 */
export async function generateLlmObject<S extends z.ZodType>(
  schema: S,
  request: LlmRequest & { name?: string },
): Promise<{ object: z.output<S>; text: string; usage: LlmUsage }> {
  const call = begin(request);
  try {
    const result = await generateText({
      model: wrapLanguageModel({
        model: languageModel(call.config, call.modelId) as Parameters<typeof wrapLanguageModel>[0]["model"],
        middleware: extractJsonMiddleware({ transform: jsonTextIn }),
      }),
      output: Output.object({ schema, name: request.name }),
      ...settings(request),
    });
    return { object: result.output as z.output<S>, text: result.text, usage: usageOf(call, result.usage) };
  } catch (e) {
    throw toLlmError(e, call);
  }
}

export type LlmTextStream = {
  /** The answer's text as it is generated; throws an LlmError when the call fails. */
  textStream: AsyncIterable<string>;
  /** The whole text and the usage, once the stream has ended (rejects as textStream throws). */
  done: Promise<{ text: string; usage: LlmUsage }>;
};

/** A text answer as it is generated. */
export function streamLlmText(request: LlmRequest): LlmTextStream {
  const call = begin(request);
  let settle!: { resolve: (v: { text: string; usage: LlmUsage }) => void; reject: (e: unknown) => void };
  const done = new Promise<{ text: string; usage: LlmUsage }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The caller may read the stream and never await `done`.
  done.catch(() => {});
  const result = streamText({
    model: languageModel(call.config, call.modelId),
    ...settings(request),
    // Failures reach the reader (textStream throws); nothing to log here.
    onError: () => {},
  });
  async function* textStream(): AsyncGenerator<string> {
    let text = "";
    try {
      for await (const part of result.fullStream) {
        if (part.type === "text-delta") {
          text += part.text;
          yield part.text;
        } else if (part.type === "error") throw part.error;
        else if (part.type === "abort") throw new DOMException("aborted", "AbortError");
      }
      settle.resolve({ text, usage: usageOf(call, await result.totalUsage) });
    } catch (e) {
      const error = toLlmError(e, call);
      settle.reject(error);
      throw error;
    }
  }
  return { textStream: textStream(), done };
}
