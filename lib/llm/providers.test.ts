import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startLlmServer, TEST_LLM_KEY, type LlmTestServer } from "@/tests/support/llm-server";
import { generateLlmObject, generateLlmText, type LlmConfig, type LlmProvider } from "./index";

/**
 * Each vendor's provider through lib/llm, over HTTP in the vendor's own protocol (the local test
 * server speaks Anthropic's Messages API, Google's Gemini API and OpenAI's Responses API): the
 * same request gives the same answer, usage and cost shape whichever provider is configured.
 */

let llm: LlmTestServer;
beforeAll(async () => {
  llm = await startLlmServer();
});
afterAll(() => llm.close());

const cases: {
  provider: Exclude<LlmProvider, "openai-compatible">;
  base: string;
  model: string;
  path: RegExp;
}[] = [
  { provider: "anthropic", base: "/v1", model: "claude-haiku-4-5", path: /^\/v1\/messages$/ },
  {
    provider: "google",
    base: "/v1beta",
    model: "gemini-2.5-flash",
    path: /^\/v1beta\/models\/gemini-2\.5-flash:generateContent$/,
  },
  { provider: "openai", base: "/v1", model: "gpt-4o-mini", path: /^\/v1\/responses$/ },
];

describe.each(cases)("the $provider provider", ({ provider, base, model, path }) => {
  const config = (): LlmConfig => ({
    provider,
    model: undefined,
    baseUrl: `${llm.url}${base}`,
    apiKey: TEST_LLM_KEY,
  });

  it("answers from the system prompt's sources with its usage, in the vendor's protocol", async () => {
    const { text, usage } = await generateLlmText({
      config: config(),
      system:
        "Answer from the sources.\n\nSources:\n[1] Hours\nWe are open Monday to Friday. Closed on Sundays.",
      messages: [{ role: "user", content: "Are you open on Monday?" }],
      maxOutputTokens: 100,
    });
    expect(text).toBe("We are open Monday to Friday. [1]");
    expect(usage).toMatchObject({ provider, model, inputTokens: 100, outputTokens: 20 });
    const sent = llm.vendorRequests.at(-1)!;
    expect(sent.vendor).toBe(provider);
    expect(sent.path).toMatch(path);
  });

  it("returns a zod-validated object", async () => {
    llm.answerNext('{"open": true, "days": 5}');
    const { object } = await generateLlmObject(z.object({ open: z.boolean(), days: z.number() }), {
      config: config(),
      messages: [{ role: "user", content: "Are you open?" }],
    });
    expect(object).toEqual({ open: true, days: 5 });
  });
});
