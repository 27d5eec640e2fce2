import type { Tx } from "@/lib/db/client";
import { llmConfigured, type LlmUsage } from "@/lib/llm";
import { answerWithLlm, type AnswerListener } from "../llm-answer";
import { answerPassages, DEFAULT_MIN_CONFIDENCE, searchKnowledge, type KnowledgeHit } from "../retrieval";
import type { RuntimeBot, Source } from "./types";

/**
 * Answers from the knowledge base: retrieval (and the recent transcript) in a transaction, then
 * the LLM's answer with citations when a provider is configured, else the best passage.
 */

export type AnswerSettings = { minConfidence: number; maxSources: number };

export function answerSettings(config: Record<string, unknown>): AnswerSettings {
  return {
    minConfidence: typeof config.min_confidence === "number" ? config.min_confidence : DEFAULT_MIN_CONFIDENCE,
    maxSources: typeof config.max_sources === "number" ? config.max_sources : 3,
  };
}

/**
 * A knowledge-base answer: the relevant chunks, and what the LLM made of them ("off" when no
 * provider is configured or nothing was relevant, "failed" when it could not be reached).
 */
export type PreparedAnswer = AnswerSettings & {
  question: string;
  relevant: KnowledgeHit[];
  history: { role: string; content: string }[];
  llm: { text: string; sources: Source[] } | "no_answer" | "failed" | "off";
  usage?: LlmUsage;
};

/** Retrieval (and the recent transcript for the LLM), in a transaction. */
export async function prepareAnswer(
  tx: Tx,
  bot: RuntimeBot,
  sessionId: string,
  question: string,
  settings: AnswerSettings,
): Promise<PreparedAnswer> {
  const { hits } = await searchKnowledge(tx, bot.id, question, {
    limit: settings.maxSources,
    minConfidence: settings.minConfidence,
  });
  const relevant = answerPassages(hits);
  const history =
    relevant.length && llmConfigured()
      ? await tx<{ role: string; content: string }[]>`
          select role, content from (
            select role, content, seq from public.conversation_messages where session_id = ${sessionId}
            order by seq desc limit 6) m
          order by seq`
      : [];
  return { ...settings, question, relevant, history, llm: "off" };
}

/** The LLM's answer from the prepared chunks, when a provider is configured. */
export async function completeAnswer(
  bot: RuntimeBot,
  prepared: PreparedAnswer,
  listener?: AnswerListener,
): Promise<PreparedAnswer> {
  if (!llmConfigured() || !prepared.relevant.length) return prepared;
  try {
    const { answer, usage } = await answerWithLlm(
      bot,
      prepared.history,
      prepared.question,
      prepared.relevant,
      listener,
    );
    return { ...prepared, llm: answer ?? "no_answer", usage };
  } catch (e) {
    console.error(
      `[chatbots] bot ${bot.id}: LLM answer failed, using the best passage: ${(e as Error).message}`,
    );
    return { ...prepared, llm: "failed", usage: (e as { usage?: LlmUsage }).usage };
  }
}

/** The answer without an LLM: the best passage, cut at a sentence near 700 characters. */
export function passageAnswer(hit: Pick<KnowledgeHit, "content">): string {
  const text = hit.content.trim();
  if (text.length <= 700) return text;
  const cut = text.slice(0, 700);
  const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
  return end > 200 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, "")}…`;
}
