import type { SendEvent } from "@/lib/http/event-stream";
import { generateLlmText, streamLlmText, type LlmUsage } from "@/lib/llm";
import type { ModelSettings } from "./bots";
import type { KnowledgeHit } from "./retrieval";
import type { RuntimeBot, Source } from "./runtime/types";

/**
 * A bot's answer written by the configured LLM (lib/llm) from the passages retrieval found: the
 * passages are numbered in the system prompt, the model cites them as [1], [2], and the cited
 * ones become the answer's sources. "NO_ANSWER" means the passages do not hold the answer.
 * With a listener, the answer streams: the candidate passages first, then the text as it is
 * written (never the NO_ANSWER marker).
 */

export type AnswerListener = {
  /** The passages the answer is drawn from, before any text. */
  sources(sources: Source[]): void;
  /** A piece of the answer's text, in order. */
  delta(text: string): void;
};

/** A listener that sends the answer as server-sent events: `sources`, then `delta`s. */
export function answerEvents(send: SendEvent): AnswerListener {
  return {
    sources: (sources) => send("sources", { sources }),
    delta: (text) => send("delta", { text }),
  };
}

export type LlmAnswer = { text: string; sources: Source[] };

export const NO_ANSWER = "NO_ANSWER";

export function toSource(h: KnowledgeHit): Source {
  return {
    document_id: h.document_id,
    chunk_id: h.chunk_id,
    title: h.title,
    position: h.position,
    page: h.page,
    score: h.score,
  };
}

function systemPrompt(bot: RuntimeBot, hits: KnowledgeHit[]): string {
  const context = hits
    .map(
      (h, i) =>
        `[${i + 1}] ${h.title}${h.heading && h.heading !== h.title ? ` — ${h.heading}` : ""}\n${h.content}`,
    )
    .join("\n\n");
  return [
    `You are ${bot.name}, a helpful assistant on a business's website.`,
    bot.persona,
    "Answer only from the numbered sources below. Cite the sources you used as [1], [2]. " +
      `If the sources do not contain the answer, reply exactly: ${NO_ANSWER}. Keep answers short and friendly.`,
    `Sources:\n${context}`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

/** The passages an answer cites ([n]), or the best one when it cites none. */
export function citedSources(text: string, hits: KnowledgeHit[]): Source[] {
  const cited = [...new Set([...text.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1]) - 1))].filter(
    (i) => i >= 0 && i < hits.length,
  );
  return (cited.length ? cited.map((i) => hits[i]!) : hits.slice(0, 1)).map(toSource);
}

/**
 * Forwards streamed text, holding back the start while it could still be the NO_ANSWER marker
 * (a visitor never sees "NO_ANS…" flash by).
 */
export function markerFilter(forward: (text: string) => void) {
  let held = "";
  let open = false;
  return (piece: string) => {
    if (open) return forward(piece);
    held += piece;
    const start = held.trimStart();
    if (start.length >= NO_ANSWER.length || !NO_ANSWER.startsWith(start)) {
      if (start.startsWith(NO_ANSWER)) return; // the marker: nothing is shown
      open = true;
      forward(start);
    }
  };
}

export async function answerWithLlm(
  bot: RuntimeBot,
  history: { role: string; content: string }[],
  question: string,
  hits: KnowledgeHit[],
  listener?: AnswerListener,
): Promise<{ answer: LlmAnswer | null; usage: LlmUsage }> {
  const settings = bot.model_settings as Partial<ModelSettings>;
  const request = {
    system: systemPrompt(bot, hits),
    messages: [
      ...history.map((m) => ({
        role: m.role === "user" ? ("user" as const) : ("assistant" as const),
        content: m.content.slice(0, 2000),
      })),
      { role: "user" as const, content: question },
    ],
    model: settings.model,
    temperature: typeof settings.temperature === "number" ? settings.temperature : 0.2,
    maxOutputTokens: typeof settings.max_tokens === "number" ? settings.max_tokens : 400,
    timeoutMs: 20_000,
    // A visitor is waiting: one retry, then the best passage answers instead.
    maxRetries: 1,
  };
  let result: { text: string; usage: LlmUsage };
  if (listener) {
    listener.sources(hits.map(toSource));
    const stream = streamLlmText(request);
    const forward = markerFilter(listener.delta);
    for await (const piece of stream.textStream) forward(piece);
    result = await stream.done;
  } else {
    result = await generateLlmText(request);
  }
  const text = result.text.trim();
  if (!text) throw new Error("the provider gave an empty answer");
  if (text.startsWith(NO_ANSWER)) return { answer: null, usage: result.usage };
  return { answer: { text, sources: citedSources(text, hits) }, usage: result.usage };
}
