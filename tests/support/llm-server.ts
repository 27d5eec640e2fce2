import http from "node:http";
import type { AddressInfo } from "node:net";
import { asChat, vendorKey, vendorOf, vendorResponse, type VendorRequest } from "./llm-vendors";

/**
 * A local stand-in for an OpenAI-compatible API, for tests: `POST /v1/chat/completions` (whole, or
 * streamed as server-sent events when the request says `stream: true`, with a usage chunk last
 * when `stream_options.include_usage` asks for it) and `POST /v1/embeddings`, with bearer-key auth
 * and OpenAI's request and response shapes, so product code reaches it through LLM_BASE_URL
 * exactly as it would reach the real provider.
 *
 * Its "model" is deterministic: it reads the numbered sources ("[1] Title\ntext") in the system
 * message, picks the one sharing most words with the user's last message, and answers with that
 * source's first sentence and its citation; with no overlap it answers NO_ANSWER, as the runtime's
 * prompt asks a model to.
 *
 * Tool calling (OpenAI's `tools` and `tool_calls`): when the request offers tools and the user's
 * last message says `[tool:NAME {json arguments}]` for one of them, it calls that tool; once the
 * tool's result is in the conversation it answers `NAME answered: <the result>` (see toolAnswer).
 */

export const TEST_LLM_KEY = "sk-orgflow-local-llm";

/** A part of a message's content (OpenAI's multi-part form: text, and images as URLs or data URLs). */
export type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

export type ChatRequest = {
  model: string;
  messages: { role: string; content: string | ContentPart[] }[];
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  tools?: { type: "function"; function: { name: string; description?: string; parameters?: unknown } }[];
};

type ToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

/**
 * The tool step of the test model: a call when the last message is the user's and names an offered
 * tool (`[tool:NAME {…}]`), an answer quoting the result when the last message is a tool's; null
 * when neither applies (the ordinary answer follows).
 */
export function toolAnswer(request: ChatRequest): { call?: ToolCall; content?: string } | null {
  const last = request.messages.at(-1) as
    { role: string; content: unknown; tool_call_id?: string } | undefined;
  if (!last) return null;
  if (last.role === "tool") {
    const calls = request.messages.flatMap((m) => (m as { tool_calls?: ToolCall[] }).tool_calls ?? []);
    const name = calls.find((c) => c.id === last.tool_call_id)?.function.name ?? "tool";
    const result = typeof last.content === "string" ? last.content : JSON.stringify(last.content);
    return { content: `${name} answered: ${result.slice(0, 500)}` };
  }
  if (last.role !== "user" || !request.tools?.length) return null;
  const match = /\[tool:([\w-]+)\s*(\{[\s\S]*?\})?\]/.exec(textOf(last.content as string | ContentPart[]));
  if (!match || !request.tools.some((t) => t.function.name === match[1])) return null;
  const id = `call_${request.messages.length}`;
  return { call: { id, type: "function", function: { name: match[1]!, arguments: match[2] ?? "{}" } } };
}

export type LlmTestServer = {
  url: string;
  env: { LLM_BASE_URL: string; LLM_API_KEY: string };
  requests: ChatRequest[];
  /** Requests in Anthropic's, Google's and OpenAI's own protocols (tests/support/llm-vendors.ts). */
  vendorRequests: VendorRequest[];
  /** How many embedding requests it has answered. */
  readonly embeddingRequests: number;
  /** The next N chat requests fail with this status. */
  fail(status: number, times?: number): void;
  /** The next chat request is answered with this content, whatever it asks. */
  answerNext(content: string): void;
  /** Streamed answers send one word per chunk, this many milliseconds apart (0 by default). */
  streamDelay(ms: number): void;
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

/**
 * Concepts the test embedder folds together, as a semantic model would place them near each other:
 * broad and general (money, time, people, breakage …), not taken from any test's questions.
 */
const CONCEPTS: readonly string[][] = [
  [
    "price",
    "cost",
    "fee",
    "charge",
    "pay",
    "payment",
    "paid",
    "expensive",
    "cheap",
    "afford",
    "money",
    "dollar",
  ],
  ["financing", "finance", "loan", "credit", "installment", "monthly"],
  ["long", "duration", "day", "week", "hour", "minute", "time", "quick", "fast", "take"],
  ["open", "opening", "closed", "saturday", "sunday", "monday", "friday", "weekend"],
  ["warranty", "guarantee", "guaranteed", "lifetime", "coverage", "covered"],
  [
    "wife",
    "husband",
    "partner",
    "spouse",
    "kid",
    "child",
    "children",
    "family",
    "people",
    "member",
    "invite",
  ],
  ["phone", "call", "email", "contact", "reach", "number", "line"],
  ["size", "dimension", "big", "large", "small", "inch", "measurement"],
  ["broken", "broke", "damaged", "damage", "defective", "faulty", "wrong", "error", "fail", "failed"],
  ["wifi", "wi-fi", "internet", "network", "router", "connection", "online", "offline", "wireless"],
  ["return", "refund", "exchange", "back", "reimburse"],
  ["data", "information", "personal", "privacy", "detail"],
  ["delete", "remove", "erase", "removal"],
  ["buy", "purchase", "order", "bought", "sale"],
  ["install", "installation", "setup", "mount", "wire", "wiring"],
  ["fix", "repair", "replace", "replacement"],
  ["leak", "leaking", "water", "drip", "wet"],
  ["rain", "snow", "weather", "storm", "wind", "hail"],
  ["car", "vehicle", "truck", "auto"],
  ["job", "career", "hiring", "hire", "employee", "staff", "crew"],
];
const conceptOf = new Map<string, number>(CONCEPTS.flatMap((words, i) => words.map((w) => [w, i] as const)));
const STOP = new Set(
  "a an the and or but of to in on at for with by from is are was be been do does did i you we it my your our me us can could will would should how what when where which who why this that there have has had not no if so as about".split(
    " ",
  ),
);

function crudeStem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function hashOf(feature: string, dims: number): number {
  let h = 2166136261;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 16777619);
  return (h >>> 0) % dims;
}

/**
 * The test embedder's vector for a text: a hashed bag of its words (stemmed crudely, stop words
 * dropped), each word of a concept counted as the concept, plus the words' character trigrams at a
 * quarter weight (so a typo lands near its word). Deterministic and normalised. Not a real model:
 * it stands in for one in tests and in bench/answers.ts, and says so.
 */
export function testEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? []) {
    if (STOP.has(raw)) continue;
    const word = crudeStem(raw);
    const concept = conceptOf.get(raw) ?? conceptOf.get(word);
    v[hashOf(concept === undefined ? `w:${word}` : `c:${concept}`, dims)]! += 1;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) v[hashOf(`t:${padded.slice(i, i + 3)}`, dims)]! += 0.25;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A tool call as OpenAI streams it: the call in one chunk, finish_reason tool_calls, usage, [DONE]. */
function streamToolCall(res: http.ServerResponse, request: ChatRequest, call: ToolCall) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id: "chatcmpl-stream", object: "chat.completion.chunk", created: 0, model: request.model };
  const chunk = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const delta = { role: "assistant", tool_calls: [{ index: 0, ...call }] };
  chunk({ ...base, choices: [{ index: 0, delta, finish_reason: null }] });
  chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
  if (request.stream_options?.include_usage)
    chunk({ ...base, choices: [], usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 } });
  res.end("data: [DONE]\n\n");
}

/** An answer as OpenAI streams it: a role chunk, one chunk per word, a finish chunk, usage, [DONE]. */
async function streamAnswer(
  res: http.ServerResponse,
  request: ChatRequest,
  content: string,
  delayMs: number,
) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = { id: "chatcmpl-stream", object: "chat.completion.chunk", created: 0, model: request.model };
  const chunk = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  chunk({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  for (const piece of content.match(/\S+\s*|\s+/g) ?? []) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (res.destroyed) return;
    chunk({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
  if (request.stream_options?.include_usage)
    chunk({ ...base, choices: [], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } });
  res.end("data: [DONE]\n\n");
}

export async function startLlmServer(options: { port?: number } = {}): Promise<LlmTestServer> {
  const requests: ChatRequest[] = [];
  const vendorRequests: VendorRequest[] = [];
  let failures: { status: number; times: number } | null = null;
  let scripted: string | null = null;
  let embeddingRequests = 0;
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const vendor = vendorOf(req.url);
      const key = vendor
        ? vendorKey(vendor, req.headers)
        : req.headers.authorization?.replace(/^Bearer /, "");
      if (key !== TEST_LLM_KEY)
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
        const tool = scripted === null ? toolAnswer(request) : null;
        if (tool?.call) {
          if (request.stream) return void streamToolCall(res, request, tool.call);
          return send(200, {
            id: `chatcmpl-${requests.length}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: request.model,
            choices: [
              {
                index: 0,
                message: { role: "assistant", content: null, tool_calls: [tool.call] },
                finish_reason: "tool_calls",
              },
            ],
            usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
          });
        }
        const content = scripted ?? tool?.content ?? answerFrom(request);
        scripted = null;
        if (request.stream) return void streamAnswer(res, request, content, delayMs);
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
        embeddingRequests++;
        return send(200, {
          object: "list",
          model: parsed.model,
          data: input.map((text, index) => ({
            object: "embedding",
            index,
            embedding: testEmbedding(text, dims),
          })),
          usage: { prompt_tokens: 10, total_tokens: 10 },
        });
      }
      if (req.method === "POST" && vendor) {
        const request = asChat(vendor, req.url!, parsed);
        vendorRequests.push({ vendor, path: req.url!, body: parsed });
        const content = scripted ?? answerFrom(request);
        scripted = null;
        return send(200, vendorResponse(vendor, request.model, content));
      }
      send(404, { error: { message: `Unknown path ${req.url}`, type: "invalid_request_error" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: { LLM_BASE_URL: `${url}/v1`, LLM_API_KEY: TEST_LLM_KEY },
    requests,
    vendorRequests,
    get embeddingRequests() {
      return embeddingRequests;
    },
    fail(status, times = 1) {
      failures = { status, times };
    },
    answerNext(content) {
      scripted = content;
    },
    streamDelay(ms) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
