import type { IncomingHttpHeaders } from "node:http";
import type { ChatRequest } from "./llm-server";

/**
 * The other vendors' protocols for the local LLM test server (tests/support/llm-server.ts), so
 * lib/llm's `anthropic`, `google` and `openai` providers are tested over HTTP as they reach the
 * real APIs: Anthropic's Messages API (`POST /v1/messages`, `x-api-key`), Google's Gemini API
 * (`POST /v1beta/models/<model>:generateContent`, `x-goog-api-key`) and OpenAI's Responses API
 * (`POST /v1/responses`, bearer key). Each request is read into the chat shape the test "model"
 * answers (answerFrom), and answered in the vendor's own shape with 100 tokens in and 20 out.
 */

export type Vendor = "anthropic" | "google" | "openai";
export type VendorRequest = { vendor: Vendor; path: string; body: Record<string, unknown> };

type Part = { type?: string; text?: string };
const text = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? (content as Part[]).map((p) => p.text ?? "").join("\n")
      : "";

export function vendorOf(url: string | undefined): Vendor | null {
  if (url === "/v1/messages") return "anthropic";
  if (url === "/v1/responses") return "openai";
  if (/^\/v1beta\/models\/[^/:]+:generateContent$/.test(url ?? "")) return "google";
  return null;
}

export function vendorKey(vendor: Vendor, headers: IncomingHttpHeaders): string | undefined {
  if (vendor === "anthropic") return headers["x-api-key"] as string | undefined;
  if (vendor === "google") return headers["x-goog-api-key"] as string | undefined;
  return headers.authorization?.replace(/^Bearer /, "");
}

/** The request as the chat shape: system first, then the conversation. */
export function asChat(vendor: Vendor, url: string, body: Record<string, unknown>): ChatRequest {
  if (vendor === "anthropic") {
    const system = text(body.system);
    const messages = (body.messages as { role: string; content: unknown }[]).map((m) => ({
      role: m.role,
      content: text(m.content),
    }));
    return {
      model: String(body.model),
      messages: [...(system ? [{ role: "system", content: system }] : []), ...messages],
    };
  }
  if (vendor === "google") {
    const system = text((body.systemInstruction as { parts?: Part[] } | undefined)?.parts);
    const messages = (body.contents as { role: string; parts: Part[] }[]).map((c) => ({
      role: c.role === "model" ? "assistant" : "user",
      content: text(c.parts),
    }));
    const model = /models\/([^:]+):/.exec(url)![1]!;
    return { model, messages: [...(system ? [{ role: "system", content: system }] : []), ...messages] };
  }
  const messages = (body.input as { role: string; content: unknown }[]).map((m) => ({
    role: m.role === "developer" ? "system" : m.role,
    content: text(m.content),
  }));
  return { model: String(body.model), messages };
}

/** The answer in the vendor's response shape. */
export function vendorResponse(vendor: Vendor, model: string, answer: string): unknown {
  if (vendor === "anthropic")
    return {
      id: "msg_test",
      type: "message",
      role: "assistant",
      model,
      content: [{ type: "text", text: answer }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 20 },
    };
  if (vendor === "google")
    return {
      candidates: [{ index: 0, content: { role: "model", parts: [{ text: answer }] }, finishReason: "STOP" }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 },
      modelVersion: model,
    };
  return {
    id: "resp_test",
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    model,
    output: [
      {
        type: "message",
        id: "msg_test",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: answer, annotations: [] }],
      },
    ],
    incomplete_details: null,
    usage: {
      input_tokens: 100,
      output_tokens: 20,
      total_tokens: 120,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
}
