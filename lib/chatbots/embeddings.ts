import type { Tx } from "@/lib/db/client";

/**
 * Embeddings for hybrid retrieval, used only when both exist: the `embedding` column (the
 * database has pgvector; the migration adds it then) and an embedding provider, an
 * OpenAI-compatible `POST {base}/embeddings` (EMBEDDING_BASE_URL or LLM_BASE_URL, EMBEDDING_API_KEY
 * or LLM_API_KEY, EMBEDDING_MODEL, 1536 dimensions). Otherwise retrieval is full-text only.
 */

export const EMBEDDING_DIMENSIONS = 1536;

export function embeddingConfig(env: Record<string, string | undefined> = process.env) {
  const baseUrl = (env.EMBEDDING_BASE_URL || env.LLM_BASE_URL)?.replace(/\/+$/, "");
  const model = env.EMBEDDING_MODEL;
  if (!baseUrl || !model) return null;
  return { baseUrl, model, apiKey: env.EMBEDDING_API_KEY ?? env.LLM_API_KEY ?? "" };
}

let columnKnown: Promise<boolean> | undefined;

/** Whether document_chunks has the pgvector column (asked once per process). */
export function hasEmbeddingColumn(tx: Tx): Promise<boolean> {
  columnKnown ??= tx<{ ok: boolean }[]>`
      select exists (select 1 from pg_attribute where attrelid = 'public.document_chunks'::regclass
                     and attname = 'embedding' and not attisdropped) as ok`
    .then((r) => r[0]!.ok)
    .catch(() => {
      columnKnown = undefined;
      return false;
    });
  return columnKnown;
}

/** Whether hybrid retrieval is available, and why not when it is not (for the console). */
export async function hybridAvailability(tx: Tx): Promise<{ available: boolean; reason: string }> {
  if (!(await hasEmbeddingColumn(tx)))
    return {
      available: false,
      reason: "The database has no pgvector extension: retrieval uses full-text ranking.",
    };
  if (!embeddingConfig())
    return {
      available: false,
      reason:
        "No embedding provider is configured (EMBEDDING_MODEL and LLM_BASE_URL): retrieval uses full-text ranking.",
    };
  return { available: true, reason: "Hybrid retrieval: full-text ranking fused with vector similarity." };
}

export async function embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
  const config = embeddingConfig();
  if (!config) throw new Error("No embedding provider is configured.");
  const response = await fetch(`${config.baseUrl}/embeddings`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    },
    body: JSON.stringify({ model: config.model, input: texts, dimensions: EMBEDDING_DIMENSIONS }),
    signal: signal ?? AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`The embedding provider answered ${response.status}.`);
  const body = (await response.json()) as { data?: { index: number; embedding: number[] }[] };
  const rows = [...(body.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  if (rows.length !== texts.length)
    throw new Error("The embedding provider answered with the wrong number of vectors.");
  return rows;
}

export function vectorLiteral(v: number[]): string {
  return `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;
}
