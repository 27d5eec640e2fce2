import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";

/**
 * The one configuration of every LLM call, read from the server's environment:
 *
 * - `LLM_PROVIDER`: `openai`, `anthropic`, `google` or `openai-compatible` (any server speaking
 *   OpenAI's chat-completions protocol: vLLM, Ollama, LM Studio, OpenRouter …). When unset,
 *   `LLM_BASE_URL` alone selects `openai-compatible`, as before this layer existed.
 * - `LLM_MODEL`: the model id; it overrides what a workflow step or a bot asks for.
 * - `LLM_BASE_URL`: required for `openai-compatible`; for the others it replaces the vendor's URL.
 * - `LLM_API_KEY`: the provider's key (required for `openai`, `anthropic` and `google`).
 * - `LLM_PRICE_IN`, `LLM_PRICE_OUT`: USD per million tokens for models lib/llm/cost.ts does not know.
 *
 * No provider configured → `llmConfig()` is null and callers keep their no-AI behaviour.
 */

export const LLM_PROVIDERS = ["openai", "anthropic", "google", "openai-compatible"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export type LlmConfig = {
  provider: LlmProvider;
  /** The operator's model (LLM_MODEL), which wins over a caller's choice; undefined when unset. */
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string;
};

/** The model used when neither the operator nor the caller names one. */
const DEFAULT_MODELS: Record<LlmProvider, string> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-haiku-4-5",
  google: "gemini-2.5-flash",
  "openai-compatible": "gpt-4o-mini",
};

export class LlmConfigError extends Error {}

/** The configured provider, or null when none is; a contradictory configuration throws. */
export function llmConfig(env: Record<string, string | undefined> = process.env): LlmConfig | null {
  const baseUrl = env.LLM_BASE_URL?.trim().replace(/\/+$/, "") || undefined;
  const apiKey = env.LLM_API_KEY?.trim() ?? "";
  const model = env.LLM_MODEL?.trim() || undefined;
  const named = env.LLM_PROVIDER?.trim().toLowerCase();
  if (!named) return baseUrl ? { provider: "openai-compatible", model, baseUrl, apiKey } : null;
  if (!(LLM_PROVIDERS as readonly string[]).includes(named))
    throw new LlmConfigError(
      `LLM_PROVIDER "${named}" is not one of ${LLM_PROVIDERS.join(", ")}. Fix it in the server's environment.`,
    );
  const provider = named as LlmProvider;
  if (provider === "openai-compatible" && !baseUrl)
    throw new LlmConfigError(
      "LLM_PROVIDER=openai-compatible needs LLM_BASE_URL (the server's /v1 URL, e.g. http://localhost:11434/v1).",
    );
  if (provider !== "openai-compatible" && !apiKey)
    throw new LlmConfigError(`LLM_PROVIDER=${provider} needs LLM_API_KEY.`);
  return { provider, model, baseUrl, apiKey };
}

/** Whether AI features are on: a provider is configured (and its configuration is sound). */
export function llmConfigured(env: Record<string, string | undefined> = process.env): boolean {
  try {
    return llmConfig(env) !== null;
  } catch {
    return false;
  }
}

/** Model ids each vendor's API knows; a caller's model of another vendor (a bot saved with "gpt-4o-mini") is not sent there. */
const VENDOR_MODEL: Partial<Record<LlmProvider, RegExp>> = {
  anthropic: /^claude-/,
  // Whole names only: the model id goes into Google's request path.
  google: /^(models\/)?gemini-[\w.-]+$/,
};

/** The model id a call uses: the operator's, else the caller's (when the vendor has it), else the provider's default. */
export function modelIdFor(config: LlmConfig, requested?: string | null): string {
  if (config.model) return config.model;
  const asked = requested?.trim();
  const known = VENDOR_MODEL[config.provider];
  return asked && (!known || known.test(asked)) ? asked : DEFAULT_MODELS[config.provider];
}

/** The AI SDK model for a configuration and model id. */
export function languageModel(config: LlmConfig, modelId: string): LanguageModel {
  const apiKey = config.apiKey || undefined;
  switch (config.provider) {
    case "openai":
      return createOpenAI({ apiKey, baseURL: config.baseUrl })(modelId);
    case "anthropic":
      return createAnthropic({ apiKey, baseURL: config.baseUrl })(modelId);
    case "google":
      return createGoogleGenerativeAI({ apiKey, baseURL: config.baseUrl })(modelId);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: config.baseUrl!,
        apiKey,
        // Usage in streamed answers, and JSON-schema answers (OpenAI, vLLM, Ollama, LM Studio have both).
        includeUsage: true,
        supportsStructuredOutputs: true,
      }).chatModel(modelId);
  }
}
