import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLlmServer, TEST_LLM_KEY, type LlmTestServer } from "@/tests/support/llm-server";
import {
  costUsd,
  generateLlmObject,
  generateLlmText,
  jsonTextIn,
  llmConfig,
  llmConfigured,
  LlmError,
  modelIdFor,
  streamLlmText,
  type LlmConfig,
} from "./index";

describe("the LLM configuration", () => {
  it("reads the provider, model, base URL and key, and needs no provider name for a base URL alone", () => {
    expect(llmConfig({})).toBeNull();
    expect(llmConfigured({})).toBe(false);
    expect(llmConfig({ LLM_BASE_URL: "http://localhost:11434/v1/", LLM_MODEL: "llama3.2" })).toEqual({
      provider: "openai-compatible",
      model: "llama3.2",
      baseUrl: "http://localhost:11434/v1",
      apiKey: "",
    });
    expect(llmConfig({ LLM_PROVIDER: "Anthropic", LLM_API_KEY: "k" })).toEqual({
      provider: "anthropic",
      model: undefined,
      baseUrl: undefined,
      apiKey: "k",
    });
  });

  it("refuses a configuration that cannot work, saying what to set", () => {
    expect(() => llmConfig({ LLM_PROVIDER: "mistral" })).toThrow(/not one of openai, anthropic, google/);
    expect(() => llmConfig({ LLM_PROVIDER: "google" })).toThrow(/needs LLM_API_KEY/);
    expect(() => llmConfig({ LLM_PROVIDER: "openai-compatible" })).toThrow(/needs LLM_BASE_URL/);
    expect(llmConfigured({ LLM_PROVIDER: "google" })).toBe(false);
  });

  it("lets the operator's model win, and sends no other vendor's model to a provider", () => {
    const anthropic: LlmConfig = { provider: "anthropic", model: undefined, baseUrl: undefined, apiKey: "k" };
    expect(modelIdFor(anthropic, "gpt-4o-mini")).toBe("claude-haiku-4-5");
    expect(modelIdFor(anthropic, "claude-sonnet-4-5")).toBe("claude-sonnet-4-5");
    const google = llmConfig({ LLM_PROVIDER: "google", LLM_API_KEY: "k" })!;
    expect(modelIdFor(google, "gemini-2.5-pro")).toBe("gemini-2.5-pro");
    // A model id is part of Google's request path: nothing but a whole model name gets through.
    expect(modelIdFor(google, "gemini-x/../../v1/files")).toBe("gemini-2.5-flash");
    expect(modelIdFor({ ...anthropic, model: "claude-opus-4-1" }, "claude-sonnet-4-5")).toBe(
      "claude-opus-4-1",
    );
    expect(modelIdFor({ ...anthropic, provider: "openai-compatible" }, "llama3.2")).toBe("llama3.2");
    expect(modelIdFor({ ...anthropic, provider: "google" }, null)).toBe("gemini-2.5-flash");
  });

  it("prices known models and takes the operator's prices for others", () => {
    expect(costUsd("gpt-4o-mini", 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
    expect(costUsd("llama3.2", 1000, 1000, {})).toBe(0);
    expect(costUsd("llama3.2", 2_000_000, 1_000_000, { LLM_PRICE_IN: "0.5", LLM_PRICE_OUT: "1" })).toBe(2);
  });

  it("finds the JSON in an answer: bare, fenced or inside a sentence", () => {
    expect(jsonTextIn('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(jsonTextIn('Here you go: {"a": {"b": 2}} — done')).toBe('{"a": {"b": 2}}');
    expect(jsonTextIn("  no json here ")).toBe("no json here");
  });
});

describe("calls through the AI SDK to an OpenAI-compatible server", () => {
  let llm: LlmTestServer;
  let config: LlmConfig;

  beforeAll(async () => {
    llm = await startLlmServer();
    config = {
      provider: "openai-compatible",
      model: undefined,
      baseUrl: `${llm.url}/v1`,
      apiKey: TEST_LLM_KEY,
    };
  });
  afterAll(() => llm.close());

  it("answers text with its tokens and cost, sending the system prompt, history and settings", async () => {
    llm.answerNext("Hello there.");
    const { text, usage } = await generateLlmText({
      config,
      model: "gpt-4o-mini",
      system: "Be brief.",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Again" },
      ],
      temperature: 0.1,
      maxOutputTokens: 50,
    });
    expect(text).toBe("Hello there.");
    expect(usage).toMatchObject({
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      inputTokens: 100,
      outputTokens: 20,
    });
    expect(usage.costUsd).toBeCloseTo((100 * 0.15 + 20 * 0.6) / 1e6, 12);
    expect(llm.requests.at(-1)).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0.1,
      max_tokens: 50,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "Again" },
      ],
    });
  });

  it("retries a server error and gives up on a client error, with the provider's words", async () => {
    llm.fail(503, 1);
    const before = llm.requests.length;
    const retried = await generateLlmText({
      config,
      messages: [{ role: "user", content: "Hi" }],
      maxRetries: 1,
    });
    expect(retried.text).toBe("NO_ANSWER");
    expect(llm.requests.length - before).toBe(2);

    const wrongKey = { ...config, apiKey: "sk-wrong" };
    const refused = await generateLlmText({
      config: wrongKey,
      messages: [{ role: "user", content: "Hi" }],
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LlmError);
    expect(refused).toMatchObject({
      status: 401,
      retryable: false,
      message: "The AI provider answered 401: Incorrect API key provided.",
    });
  });

  it("asks for a JSON schema and validates the object with zod, fenced or not", async () => {
    const schema = z.object({ sentiment: z.enum(["positive", "negative"]), score: z.number() });
    llm.answerNext('```json\n{"sentiment": "positive", "score": 0.9}\n```');
    const { object, usage } = await generateLlmObject(schema, {
      config,
      name: "rating",
      messages: [{ role: "user", content: "Rate: great" }],
    });
    expect(object).toEqual({ sentiment: "positive", score: 0.9 });
    expect(usage.outputTokens).toBe(20);
    expect(llm.requests.at(-1)!.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "rating" },
    });

    llm.answerNext('{"sentiment": "meh", "score": "high"}');
    const wrong = await generateLlmObject(schema, {
      config,
      messages: [{ role: "user", content: "Rate" }],
    }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(LlmError);
    expect(wrong).toMatchObject({ retryable: true, text: '{"sentiment": "meh", "score": "high"}' });
    expect((wrong as LlmError).usage?.inputTokens).toBe(100);
  });

  it("streams the text as it is written, then its usage", async () => {
    llm.answerNext("Our office is open Monday to Friday. [1]");
    const stream = streamLlmText({ config, messages: [{ role: "user", content: "When are you open?" }] });
    const pieces: string[] = [];
    for await (const piece of stream.textStream) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe("Our office is open Monday to Friday. [1]");
    const done = await stream.done;
    expect(done.text).toBe(pieces.join(""));
    expect(done.usage).toMatchObject({ inputTokens: 100, outputTokens: 20 });
    expect(llm.requests.at(-1)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("throws a stream's failure as an LlmError from the stream and from done", async () => {
    llm.fail(500, 2);
    const stream = streamLlmText({ config, messages: [{ role: "user", content: "Hi" }], maxRetries: 1 });
    const read = async () => {
      for await (const _ of stream.textStream) {
        // nothing arrives
      }
    };
    await expect(read()).rejects.toMatchObject({ name: "LlmError", status: 500, retryable: true });
    await expect(stream.done).rejects.toBeInstanceOf(LlmError);
  });
});
