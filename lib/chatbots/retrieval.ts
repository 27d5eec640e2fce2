import type { Tx } from "@/lib/db/client";
import { embed, embeddingConfig, hasEmbeddingColumn, vectorLiteral } from "./embeddings";

/**
 * THE API THE CHATBOT CONSOLE USES for the knowledge base search box (and the runtime's answers):
 * `searchKnowledge(tx, botId, query, { limit })` returns the bot's best chunks with scores.
 *
 * Full-text ranking, always: the question's English lexemes (stemmed, stop words dropped) are
 * looked up one by one in the knowledge base's inverted index, document_chunk_terms (so a chunk
 * with only some of them is found too), and each chunk is scored BM25-style: the sum over the
 * lexemes it contains of their inverse document frequency among this bot's chunks (a lexeme in the
 * chunk's heading weighs 1.6×), gently normalised by the chunk's length. `confidence` is the share of the question's idf-weighted
 * lexemes the chunk contains: a question about something the knowledge base never mentions
 * scores low even when a common word matches.
 * Hybrid, when the database has pgvector and an embedding provider is configured: the full-text
 * list and the nearest vectors are fused by reciprocal rank.
 *
 * Runs under RLS as the user, or on the service path for the public chat (whose caller has
 * resolved the bot from its key).
 */

export type KnowledgeHit = {
  chunk_id: string;
  document_id: string;
  title: string;
  heading: string;
  content: string;
  position: number;
  page: number | null;
  /** Ranking score (higher is better): BM25-style in full-text mode, fused in hybrid mode. */
  score: number;
  /** 0–1: how much of the question the chunk covers (full-text) or its cosine similarity (vectors). */
  confidence: number;
};

export type SearchMode = "fulltext" | "hybrid";

export type SearchOptions = {
  limit?: number;
  /** "hybrid" falls back to full-text when vectors are not available. */
  mode?: SearchMode;
};

export const MAX_QUERY_LENGTH = 1000;

export async function searchKnowledge(
  tx: Tx,
  botId: string,
  query: string,
  { limit = 5, mode = "hybrid" }: SearchOptions = {},
): Promise<{ hits: KnowledgeHit[]; mode: SearchMode }> {
  const q = query.slice(0, MAX_QUERY_LENGTH).trim();
  const n = Math.max(1, Math.min(50, Math.floor(limit)));
  if (!q) return { hits: [], mode: "fulltext" };
  const fulltext = await fullTextSearch(tx, botId, q, mode === "hybrid" ? Math.max(n, 20) : n);
  if (mode !== "hybrid" || !embeddingConfig() || !(await hasEmbeddingColumn(tx))) {
    return { hits: fulltext.slice(0, n), mode: "fulltext" };
  }
  let vectorHits: KnowledgeHit[];
  try {
    const [vector] = await embed([q]);
    vectorHits = await vectorSearch(tx, botId, vector!, Math.max(n, 20));
  } catch (e) {
    console.error(`[chatbots] vector search failed, using full-text only: ${(e as Error).message}`);
    return { hits: fulltext.slice(0, n), mode: "fulltext" };
  }
  return { hits: fuse(fulltext, vectorHits).slice(0, n), mode: "hybrid" };
}

/** Reciprocal rank fusion (k = 60) of the full-text and vector lists. */
export function fuse(a: KnowledgeHit[], b: KnowledgeHit[], k = 60): KnowledgeHit[] {
  const merged = new Map<string, KnowledgeHit>();
  for (const list of [a, b]) {
    list.forEach((hit, rank) => {
      const prev = merged.get(hit.chunk_id);
      const add = 1 / (k + rank + 1);
      merged.set(hit.chunk_id, {
        ...(prev ?? hit),
        score: (prev?.score ?? 0) + add,
        confidence: Math.max(prev?.confidence ?? 0, hit.confidence),
      });
    });
  }
  for (const hit of merged.values()) hit.score = Math.round(hit.score * 1e6) / 1e6;
  return [...merged.values()].sort((x, y) => y.score - x.score);
}

type Row = Omit<KnowledgeHit, "score" | "confidence"> & { score: number; confidence: number };

/**
 * The full-text query ($1 question, $2 bot id, $3 limit). Every (lexeme, chunk) match is one entry
 * of document_chunk_terms' covering index, read by an index-only scan: nothing else is read for a
 * candidate, so the cost grows with the matches, not with the size of the chunks or of the
 * knowledge base. Only the top `limit` chunks are fetched. The arithmetic is float8 throughout
 * (numeric's ln() made scoring a third of the query's time). Exported for bench/chat.ts's EXPLAIN.
 */
export const FULLTEXT_SQL = `
  with terms as (
    select distinct l as lexeme
    from unnest(tsvector_to_array(to_tsvector('english', $1::text))) as l
    where length(l) > 1
    limit 32
  ),
  total as (select greatest(coalesce(sum(chunk_count), 0), 1)::float8 as n from public.documents where bot_id = $2::uuid),
  matches as materialized (
    select t.lexeme, m.chunk_id, m.token_count, m.in_heading
    from terms t
    join public.document_chunk_terms m on m.bot_id = $2::uuid and m.lexeme = t.lexeme
  ),
  idf as (
    select t.lexeme, ln(1 + ((select n from total) - coalesce(d.n, 0) + 0.5) / (coalesce(d.n, 0) + 0.5)) as idf
    from terms t
    left join (select lexeme, count(*)::float8 as n from matches group by lexeme) d on d.lexeme = t.lexeme
  ),
  scored as (
    select m.chunk_id as id,
           sum(i.idf * case when m.in_heading then 1.6::float8 else 1::float8 end)
             / (1 + 0.15::float8 * ln(1 + max(m.token_count) / 80.0::float8)) as score,
           sum(i.idf) / nullif((select sum(idf) from idf), 0) as confidence
    from matches m join idf i on i.lexeme = m.lexeme
    group by m.chunk_id
    order by 2 desc
    limit $3::int
  )
  select c.id as chunk_id, c.document_id, d.title, c.heading, c.content, c.position, c.page,
         round(s.score::numeric, 6)::float8 as score, round(coalesce(s.confidence, 0)::numeric, 4)::float8 as confidence
  from scored s
  join public.document_chunks c on c.id = s.id
  join public.documents d on d.id = c.document_id
  order by s.score desc, c.position`;

async function fullTextSearch(tx: Tx, botId: string, query: string, limit: number): Promise<KnowledgeHit[]> {
  const rows = await tx.unsafe(FULLTEXT_SQL, [query, botId, limit], { prepare: true });
  return (rows as unknown as Row[]).map((r) => ({ ...r }));
}

async function vectorSearch(tx: Tx, botId: string, vector: number[], limit: number): Promise<KnowledgeHit[]> {
  const rows = await tx.unsafe(
    `select c.id as chunk_id, c.document_id, d.title, c.heading, c.content, c.position, c.page,
            (1 - (c.embedding operator(extensions.<=>) $2::extensions.vector))::float8 as confidence
     from public.document_chunks c join public.documents d on d.id = c.document_id
     where c.bot_id = $1 and c.embedding is not null
     order by c.embedding operator(extensions.<=>) $2::extensions.vector
     limit $3`,
    [botId, vectorLiteral(vector), limit],
  );
  return (rows as unknown as Row[]).map((r) => ({ ...r, score: r.confidence }));
}
