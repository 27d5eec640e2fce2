import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for an OpenAI-compatible API, for tests: `POST /v1/chat/completions` and
 * `POST /v1/embeddings` with bearer-key auth and OpenAI's request and response shapes, so product
 * code reaches it through LLM_BASE_URL exactly as it would reach the real provider.
 *
 * Its "model" is deterministic: it reads the numbered sources ("[1] Title\ntext") in the system
 * message, picks the one sharing most words with the user's last message, and answers with that
 * source's first sentence and its citation; with no overlap it answers NO_ANSWER, as the runtime's
 * prompt asks a model to.
 */

export const TEST_LLM_KEY = "sk-orgflow-local-llm";

/** A part of a message's content (OpenAI's multi-part form: text, and images as URLs or data URLs). */
export type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

export type ChatRequest = {
  model: string;
  messages: { role: string; content: string | ContentPart[] }[];
  temperature?: number;
  max_tokens?: number;
};

export type LlmTestServer = {
  url: string;
  env: { LLM_BASE_URL: string; LLM_API_KEY: string };
  requests: ChatRequest[];
  /** The next N chat requests fail with this status. */
  fail(status: number, times?: number): void;
  /** The next chat request is answered with this content, whatever it asks. */
  answerNext(content: string): void;
  close(): Promise<void>;
};

const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);

/** The text of a message's content, whichever form it takes. */
export function textOf(content: string | ContentPart[] | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((p) => (p.type === "text" ? p.text : "")).join("\n");
}

/**
 * The receipt reader's "model" (lib/commissions/receipt-extraction.ts asks for JSON): reads
 * "Total … 1,234.56 USD", the first YYYY-MM-DD date and the first line (the vendor) from the
 * receipt's text. An image has no text to read here: every value is null (tests script the answer).
 */
export function receiptAnswerFrom(request: ChatRequest): string {
  const user = textOf([...request.messages].reverse().find((m) => m.role === "user")?.content);
  const body = user.split(/taken from a PDF:\s*/)[1] ?? "";
  const total = /\btotal[^0-9\n]*([0-9][0-9,]*(?:\.[0-9]+)?)(?:[ \t]*([A-Z]{3})\b)?/i.exec(body);
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(body);
  const vendor =
    body
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean) ?? null;
  return JSON.stringify({
    amount: total ? total[1]!.replace(/,/g, "") : null,
    currency: total?.[2] ?? null,
    date: date?.[1] ?? null,
    vendor,
  });
}

export function answerFrom(request: ChatRequest): string {
  const system = textOf(request.messages.find((m) => m.role === "system")?.content);
  if (system.startsWith("You read receipts")) return receiptAnswerFrom(request);
  const question = textOf([...request.messages].reverse().find((m) => m.role === "user")?.content);
  const sources = [...system.matchAll(/\[(\d+)\] [^\n]*\n([^[]*)/g)].map((m) => ({
    n: Number(m[1]),
    text: m[2]!.trim(),
  }));
  const q = words(question);
  let best: { n: number; text: string; score: number } | null = null;
  for (const s of sources) {
    const score = [...words(s.text)].filter((w) => q.has(w)).length;
    if (score > 0 && (!best || score > best.score)) best = { ...s, score };
  }
  if (!best) return "NO_ANSWER";
  const sentence = best.text.split(/(?<=[.!?])\s/)[0]!;
  return `${sentence} [${best.n}]`;
}

export async function startLlmServer(): Promise<LlmTestServer> {
  const requests: ChatRequest[] = [];
  let failures: { status: number; times: number } | null = null;
  let scripted: string | null = null;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${TEST_LLM_KEY}`)
        return send(401, {
          error: { message: "Incorrect API key provided.", type: "invalid_request_error" },
        });
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(400, {
          error: {
            message: "We could not parse the JSON body of your request.",
            type: "invalid_request_error",
          },
        });
      }
      if (req.method === "POST" && req.url === "/v1/chat/completions") {
        const request = parsed as unknown as ChatRequest;
        requests.push(request);
        if (failures && failures.times > 0) {
          failures.times--;
          return send(failures.status, {
            error: { message: "The server had an error.", type: "server_error" },
          });
        }
        const content = scripted ?? answerFrom(request);
        scripted = null;
        return send(200, {
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: request.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        });
      }
      if (req.method === "POST" && req.url === "/v1/embeddings") {
        const input = Array.isArray(parsed.input) ? (parsed.input as string[]) : [String(parsed.input)];
        const dims = Number(parsed.dimensions ?? 1536);
        return send(200, {
          object: "list",
          model: parsed.model,
          data: input.map((text, index) => {
            const v = new Array<number>(dims).fill(0);
            for (const w of words(text))
              v[[...w].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % dims, 7)]! += 1;
            const norm = Math.hypot(...v) || 1;
            return { object: "embedding", index, embedding: v.map((x) => x / norm) };
          }),
          usage: { prompt_tokens: 10, total_tokens: 10 },
        });
      }
      send(404, { error: { message: `Unknown path ${req.url}`, type: "invalid_request_error" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { LLM_BASE_URL: `${url}/v1`, LLM_API_KEY: TEST_LLM_KEY },
    requests,
    fail(status, times = 1) {
      failures = { status, times };
    },
    answerNext(content) {
      scripted = content;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
