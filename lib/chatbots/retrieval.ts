import type { Tx } from "@/lib/db/client";
import { embed, embeddingConfig } from "./embeddings";
import { analyzeQuestion, DEFAULT_MIN_CONFIDENCE } from "./query";
import type { KnowledgeHit } from "./knowledge-hit";
import { nearestChunks } from "./vector-store";

/**
 * THE ONE RETRIEVAL of the knowledge base: the console's "Test a question" box and the chat's
 * answers both call `searchKnowledge(tx, botId, question, { limit, minConfidence })`, and both
 * decide with `answerable` whether the bot would answer (the chat declines otherwise).
 *
 * Full-text ranking, always: the question's words (lib/chatbots/query.ts: each a group with the
 * built-in synonyms, filler weighing a quarter) are stemmed in the bot's language and looked up in
 * the inverted index, document_chunk_terms. A word the bot's vocabulary does not know at all is
 * corrected to the most similar lexeme the bot has (pg_trgm trigram similarity), when one is close
 * enough. Each chunk is scored BM25-style: the sum over the groups it covers of their weight and
 * inverse document frequency (a group in the chunk's heading weighs 2×, a synonym or a typo
 * correction 0.9×), gently normalised by the chunk's length. `confidence` is the share of the
 * question's content words (filler left out) the chunk covers, each weighed by the square root of
 * its inverse document frequency (a word in every chunk, such as the product's name, counts
 * little, but a rare word the chunk has by chance does not decide alone): a question about
 * something the knowledge base never mentions scores low even when a word of it matches.
 *
 * Hybrid, when an embedding provider is configured (lib/chatbots/embeddings.ts): the question's
 * nearest chunks by cosine similarity (pgvector where the database has it, else an exact scan,
 * lib/chatbots/vector-store.ts) are fused with the full-text list by reciprocal rank; a hit's
 * `similarity` can make it answerable on its own when it reaches the provider's minimum.
 *
 * Runs under RLS as the user, or on the service path for the public chat (whose caller has
 * resolved the bot from its key).
 */

export type { KnowledgeHit };

export type SearchMode = "fulltext" | "hybrid";

export type SearchOptions = {
  limit?: number;
  /** "hybrid" falls back to full-text when vectors are not available. */
  mode?: SearchMode;
  /** The answer threshold on `confidence` (the bot's flow may set its own). */
  minConfidence?: number;
};

export const MAX_QUERY_LENGTH = 1000;
export { DEFAULT_MIN_CONFIDENCE };
/** How much a typo-corrected word covers. */
const TYPO_FACTOR = 0.9;
/** A word in a chunk's heading weighs this much more (an FAQ's heading is the question). */
const HEADING_BOOST = 2;
/** Below this trigram similarity a word is not corrected. */
const TYPO_MIN_SIMILARITY = 0.4;

export async function searchKnowledge(
  tx: Tx,
  botId: string,
  query: string,
  { limit = 5, mode = "hybrid", minConfidence = DEFAULT_MIN_CONFIDENCE }: SearchOptions = {},
): Promise<{ hits: KnowledgeHit[]; mode: SearchMode }> {
  const q = query.slice(0, MAX_QUERY_LENGTH).trim();
  const n = Math.max(1, Math.min(50, Math.floor(limit)));
  if (!q) return { hits: [], mode: "fulltext" };
  const config = mode === "hybrid" ? embeddingConfig() : null;
  const judge = (hits: KnowledgeHit[]) =>
    hits.map((h) => ({
      ...h,
      answerable:
        h.confidence >= minConfidence || (config !== null && (h.similarity ?? 0) >= config.minSimilarity),
    }));
  if (!config) return { hits: judge(await fullTextSearch(tx, botId, q, n)), mode: "fulltext" };
  // The question's vector is fetched while the full-text query runs.
  const [fulltext, vector] = await Promise.all([
    fullTextSearch(tx, botId, q, Math.max(n, 20)),
    embed([q]).then(
      ([v]) => v!,
      (e: Error) => e,
    ),
  ]);
  if (vector instanceof Error) {
    console.error(`[chatbots] embedding the question failed, using full-text only: ${vector.message}`);
    return { hits: judge(fulltext.slice(0, n)), mode: "fulltext" };
  }
  const vectorHits = await nearestChunks(tx, botId, vector, Math.max(n, 20));
  return { hits: judge(fuse(fulltext, vectorHits, config.fusionWeight).slice(0, n)), mode: "hybrid" };
}

/**
 * The passages the bot answers from: the answerable hits, when the best hit is answerable (a
 * question whose best passage covers too little is declined, rather than answered from a lesser
 * one that happens to cover more).
 */
export function answerPassages(hits: readonly KnowledgeHit[]): KnowledgeHit[] {
  return hits[0]?.answerable ? hits.filter((h) => h.answerable) : [];
}

/**
 * Reciprocal rank fusion (k = 60) of the full-text and vector lists, the vector list weighing
 * `vectorWeight` (EMBEDDING_FUSION_WEIGHT).
 */
export function fuse(a: KnowledgeHit[], b: KnowledgeHit[], vectorWeight = 1, k = 60): KnowledgeHit[] {
  const merged = new Map<string, KnowledgeHit>();
  for (const [weight, list] of [
    [1, a],
    [vectorWeight, b],
  ] as const) {
    list.forEach((hit, rank) => {
      const prev = merged.get(hit.chunk_id);
      const add = weight / (k + rank + 1);
      merged.set(hit.chunk_id, {
        ...(prev ?? hit),
        score: (prev?.score ?? 0) + add,
        confidence: Math.max(prev?.confidence ?? 0, hit.confidence),
        similarity: prev?.similarity ?? hit.similarity,
      });
    });
  }
  for (const hit of merged.values()) hit.score = Math.round(hit.score * 1e6) / 1e6;
  return [...merged.values()].sort((x, y) => y.score - x.score);
}

/**
 * The full-text query ($1 the question's words as jsonb (lib/chatbots/query.ts), $2 bot id,
 * $3 limit). Every (lexeme, chunk) match is one entry of document_chunk_terms' covering index,
 * read by an index-only scan: the cost grows with the matches, not with the size of the chunks or
 * of the knowledge base. The vocabulary is read only for the question's lexemes (its primary key),
 * and scanned for a word it does not know (typo correction). Only the top `limit` chunks are
 * fetched. float8 arithmetic throughout. Exported for bench/chat.ts's EXPLAIN.
 */
export const FULLTEXT_SQL = `
  with bot as (
    select b.language = 'english' as english, b.language::regconfig as cfg from public.bots b where b.id = $2::uuid
  ),
  input as (
    select x.w, x.g, x.f, case when b.english then x.wt else 1 end as wt, x.t
    from jsonb_to_recordset($1::text::jsonb) as x (w text, g int, f float8, wt float8, o int, t boolean), bot b
    where x.o = 0 or (x.o = 1) = b.english
  ),
  lexemes as (
    select i.g, l.lexeme, max(i.f) as f, max(i.wt) as wt, bool_or(i.t) as t
    from input i cross join bot b
    cross join lateral unnest(tsvector_to_array(to_tsvector(b.cfg, i.w))) as l (lexeme)
    where length(l.lexeme) > 1
    group by i.g, l.lexeme
  ),
  known as materialized (
    select x.g, x.lexeme, x.f, x.wt, x.t, v.found is not null as known
    from lexemes x
    left join lateral (
      -- limit 1: a primary-key probe per lexeme, never a scan of the bot's whole vocabulary
      select true as found from public.document_vocabulary v where v.bot_id = $2::uuid and v.lexeme = x.lexeme limit 1
    ) v on true
  ),
  corrections as (
    select u.g, c.lexeme, ${TYPO_FACTOR}::float8 as f, u.wt
    from known u
    cross join lateral (
      select v.lexeme, extensions.similarity(v.lexeme, u.lexeme)::float8 as sim
      from public.document_vocabulary v
      where v.bot_id = $2::uuid and length(v.lexeme) between length(u.lexeme) - 2 and length(u.lexeme) + 2
      order by 2 desc, 1
      limit 1
    ) c
    where u.t and c.sim >= ${TYPO_MIN_SIMILARITY}
      and not exists (select 1 from known o where o.g = u.g and o.known)
  ),
  terms as (
    select g, lexeme, f, wt from known where known
    union all
    select g, lexeme, f, wt from corrections
  ),
  groups as (select g, max(wt) as wt from lexemes group by g),
  total as (select greatest(coalesce(sum(chunk_count), 0), 1)::float8 as n from public.documents where bot_id = $2::uuid),
  covered as materialized (
    select m.chunk_id, t.g, max(t.f) as f,
           max(t.f * case when m.in_heading then ${HEADING_BOOST}::float8 else 1::float8 end) as boost,
           max(m.token_count) as token_count
    from terms t
    join public.document_chunk_terms m on m.bot_id = $2::uuid and m.lexeme = t.lexeme
    group by m.chunk_id, t.g
  ),
  idf as (
    select gr.g, gr.wt * ln(1 + ((select n from total) - coalesce(d.n, 0) + 0.5) / (coalesce(d.n, 0) + 0.5)) as w,
           gr.wt >= 1 as content
    from groups gr
    left join (select g, count(*)::float8 as n from covered group by g) d on d.g = gr.g
  ),
  scored as (
    select c.chunk_id as id,
           sum(i.w * c.boost) / (1 + 0.15::float8 * ln(1 + max(c.token_count) / 80.0::float8)) as score,
           sum(sqrt(i.w) * c.f) filter (where i.content) / nullif((select sum(sqrt(w)) from idf where content), 0) as confidence
    from covered c join idf i on i.g = c.g
    group by c.chunk_id
    order by 2 desc
    limit $3::int
  )
  select c.id as chunk_id, c.document_id, d.title, c.heading, c.content, c.position, c.page,
         round(s.score::numeric, 6)::float8 as score, round(coalesce(s.confidence, 0)::numeric, 4)::float8 as confidence
  from scored s
  join public.document_chunks c on c.id = s.id
  join public.documents d on d.id = c.document_id
  order by s.score desc, c.position`;

type Row = Omit<KnowledgeHit, "similarity" | "answerable">;

/** The jsonb parameter of FULLTEXT_SQL for a question. */
export function fullTextParameter(question: string): string {
  return JSON.stringify(analyzeQuestion(question));
}

async function fullTextSearch(tx: Tx, botId: string, query: string, limit: number): Promise<KnowledgeHit[]> {
  const words = fullTextParameter(query);
  if (words === "[]") return [];
  // Planning this query costs more than running it (~1 ms against ~1 ms), and Postgres keeps
  // re-planning it per call (its custom plans look cheaper than the generic one): its generic
  // plan (index probes whatever the bot) is forced for this statement alone, in the same round
  // trip (the three statements are pipelined).
  const [, rows] = await Promise.all([
    tx.unsafe("set local plan_cache_mode = force_generic_plan"),
    tx.unsafe(FULLTEXT_SQL, [words, botId, limit], { prepare: true }),
    tx.unsafe("set local plan_cache_mode = auto"),
  ]);
  return (rows as unknown as Row[]).map((r) => ({ ...r, similarity: null, answerable: false }));
}
