import type { Tx } from "@/lib/db/client";
import { embeddingConfig, vectorBackend, vectorLiteral } from "./embeddings";
import type { KnowledgeHit } from "./knowledge-hit";

/**
 * Where knowledge-base vectors live and how the nearest are found. With pgvector (hosted
 * Supabase), the `embedding` column and its HNSW index. Without it (the embedded PostgreSQL, a
 * plain server), `embedding_data`: the vector as float32 little-endian bytes, and an exact scan in
 * the app. The scan keeps a bot's vectors in memory as one Float32Array, checked on every search
 * against a stamp of the bot's ready documents (so a change on any server instance is seen at
 * once), bounded in total size: 2,000 chunks of 1,536 dimensions are 12 MB and score in ~2 ms.
 */

/** Writes the vectors of freshly inserted chunks (`vectors[i]` belongs to `ids[i]`). */
export async function storeVectors(tx: Tx, ids: string[], vectors: number[][]): Promise<void> {
  const config = embeddingConfig();
  if (!config || !ids.length) return;
  if ((await vectorBackend(tx, config)) === "pgvector") {
    for (let i = 0; i < ids.length; i++)
      await tx.unsafe(`update public.document_chunks set embedding = $1::extensions.vector where id = $2`, [
        vectorLiteral(vectors[i]!),
        ids[i]!,
      ]);
    return;
  }
  const rows = ids.map((id, i) => ({ id, data: toBytes(vectors[i]!).toString("base64") }));
  await tx`
    update public.document_chunks c set embedding_data = decode(v.data, 'base64')
    from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as v (id uuid, data text)
    where c.id = v.id`;
}

export function toBytes(vector: readonly number[]): Buffer {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buffer.writeFloatLE(Number.isFinite(x) ? x : 0, i * 4));
  return buffer;
}

type Loaded = { stamp: string; ids: string[]; dims: number; data: Float32Array };

const CACHE_FLOATS = 64 * 1024 * 1024; // 256 MB of vectors per process at most
const cache = new Map<string, Loaded>();
let cachedFloats = 0;

function remember(botId: string, loaded: Loaded): void {
  forget(botId);
  cache.set(botId, loaded);
  cachedFloats += loaded.data.length;
  for (const [key, value] of cache) {
    if (cachedFloats <= CACHE_FLOATS || key === botId) break;
    cache.delete(key);
    cachedFloats -= value.data.length;
  }
}

function forget(botId: string): void {
  const old = cache.get(botId);
  if (old) cachedFloats -= old.data.length;
  cache.delete(botId);
}

/** The bot's chunks nearest to `vector` (normalised), best first, with their cosine similarity. */
export async function nearestChunks(
  tx: Tx,
  botId: string,
  vector: number[],
  limit: number,
): Promise<KnowledgeHit[]> {
  const config = embeddingConfig();
  if (!config) return [];
  if ((await vectorBackend(tx, config)) === "pgvector") {
    const rows = await tx.unsafe(
      `select c.id as chunk_id, c.document_id, d.title, c.heading, c.content, c.position, c.page,
              (1 - (c.embedding operator(extensions.<=>) $2::extensions.vector))::float8 as similarity
       from public.document_chunks c join public.documents d on d.id = c.document_id
       where c.bot_id = $1 and c.embedding is not null
       order by c.embedding operator(extensions.<=>) $2::extensions.vector
       limit $3`,
      [botId, vectorLiteral(vector), limit],
    );
    return (rows as unknown as Omit<KnowledgeHit, "score" | "confidence" | "answerable">[]).map((r) => ({
      ...r,
      score: r.similarity ?? 0,
      confidence: 0,
      answerable: false,
    }));
  }
  const loaded = await load(tx, botId);
  if (!loaded || loaded.dims !== vector.length) return [];
  const top = topK(loaded, Float32Array.from(vector), limit);
  if (!top.length) return [];
  const rows = await tx<Omit<KnowledgeHit, "score" | "confidence" | "similarity" | "answerable">[]>`
    select c.id as chunk_id, c.document_id, d.title, c.heading, c.content, c.position, c.page
    from public.document_chunks c join public.documents d on d.id = c.document_id
    where c.bot_id = ${botId} and c.id = any(${top.map((t) => t.id)}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.chunk_id, r]));
  return top.flatMap((t) => {
    const row = byId.get(t.id);
    return row
      ? [{ ...row, score: t.similarity, confidence: 0, similarity: t.similarity, answerable: false }]
      : [];
  });
}

/** The bot's vectors, from memory when its ready documents are as they were. */
async function load(tx: Tx, botId: string): Promise<Loaded | null> {
  const [row] = await tx<{ stamp: string }[]>`
    select count(*) || ':' || coalesce(sum(chunk_count), 0) || ':' || coalesce(max(processed_at)::text, '-') as stamp
    from public.documents where bot_id = ${botId} and status = 'ready'`;
  const stamp = row!.stamp;
  const cached = cache.get(botId);
  if (cached && cached.stamp === stamp) {
    cache.delete(botId); // most recently used last
    cache.set(botId, cached);
    return cached;
  }
  const rows = await tx<{ id: string; data: Buffer }[]>`
    select id, embedding_data as data from public.document_chunks
    where bot_id = ${botId} and embedding_data is not null order by id`;
  if (!rows.length) {
    forget(botId);
    return null;
  }
  const dims = rows[0]!.data.length / 4;
  const usable = rows.filter((r) => r.data.length === dims * 4);
  const data = new Float32Array(usable.length * dims);
  usable.forEach((r, i) => {
    for (let j = 0; j < dims; j++) data[i * dims + j] = r.data.readFloatLE(j * 4);
  });
  const loaded = { stamp, ids: usable.map((r) => r.id), dims, data };
  remember(botId, loaded);
  return loaded;
}

/** The `limit` best dot products (vectors are stored normalised). */
export function topK(
  loaded: Pick<Loaded, "ids" | "dims" | "data">,
  query: Float32Array,
  limit: number,
): { id: string; similarity: number }[] {
  const { ids, dims, data } = loaded;
  const best: { id: string; similarity: number }[] = [];
  for (let i = 0; i < ids.length; i++) {
    let dot = 0;
    const offset = i * dims;
    for (let j = 0; j < dims; j++) dot += data[offset + j]! * query[j]!;
    if (best.length < limit || dot > best[best.length - 1]!.similarity) {
      best.push({ id: ids[i]!, similarity: dot });
      best.sort((a, b) => b.similarity - a.similarity);
      if (best.length > limit) best.pop();
    }
  }
  return best.map((b) => ({ ...b, similarity: Math.round(b.similarity * 1e4) / 1e4 }));
}
