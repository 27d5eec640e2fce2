import type { Tx } from "@/lib/db/client";

/**
 * Embeddings for hybrid retrieval, used whenever an embedding provider is configured: an
 * OpenAI-compatible `POST {base}/embeddings` (EMBEDDING_BASE_URL or LLM_BASE_URL, EMBEDDING_API_KEY
 * or LLM_API_KEY, EMBEDDING_MODEL; EMBEDDING_DIMENSIONS, 1536 by default, is asked for). Vectors are
 * kept in pgvector's column where the database has the extension (and 1536 dimensions), else as
 * float32 bytes scored by an exact scan (lib/chatbots/vector-store.ts). Nothing is fetched at run
 * time unless configured. Without a provider retrieval is full-text only.
 *
 * EMBEDDING_MIN_SIMILARITY (default 0.6) is the cosine similarity at which a passage the vectors
 * found is answerable on its own; each model has its own scale, so set it for yours.
 * EMBEDDING_FUSION_WEIGHT (default 0.25) is how much the vector ranking weighs in the fusion.
 */

export const PGVECTOR_DIMENSIONS = 1536;
const DEFAULT_MIN_SIMILARITY = 0.6;
/**
 * Vectors reorder the full-text ranking rather than lead it: measured on the answer-quality suite
 * with the test embedder (bench/answers.ts), weights 1 and 0.5 let vector-only neighbours displace
 * the right passage; a real model may earn more (EMBEDDING_FUSION_WEIGHT; measure with the bench).
 */
const DEFAULT_FUSION_WEIGHT = 0.25;

export type EmbeddingConfig = {
  baseUrl: string;
  model: string;
  apiKey: string;
  dimensions: number;
  minSimilarity: number;
  /** How much the vector ranking weighs in the fusion, beside full-text's 1. */
  fusionWeight: number;
};

export function embeddingConfig(
  env: Record<string, string | undefined> = process.env,
): EmbeddingConfig | null {
  const baseUrl = (env.EMBEDDING_BASE_URL || env.LLM_BASE_URL)?.replace(/\/+$/, "");
  const model = env.EMBEDDING_MODEL;
  if (!baseUrl || !model) return null;
  const dimensions = Math.trunc(Number(env.EMBEDDING_DIMENSIONS));
  const minSimilarity = Number(env.EMBEDDING_MIN_SIMILARITY);
  const fusionWeight = Number(env.EMBEDDING_FUSION_WEIGHT);
  return {
    baseUrl,
    model,
    apiKey: env.EMBEDDING_API_KEY ?? env.LLM_API_KEY ?? "",
    dimensions: dimensions >= 16 && dimensions <= 4096 ? dimensions : PGVECTOR_DIMENSIONS,
    minSimilarity:
      env.EMBEDDING_MIN_SIMILARITY && minSimilarity > 0 && minSimilarity <= 1
        ? minSimilarity
        : DEFAULT_MIN_SIMILARITY,
    fusionWeight:
      env.EMBEDDING_FUSION_WEIGHT && fusionWeight >= 0 && fusionWeight <= 4
        ? fusionWeight
        : DEFAULT_FUSION_WEIGHT,
  };
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

/** Where vectors are kept: pgvector's column, or float32 bytes scanned exactly. */
export async function vectorBackend(tx: Tx, config: EmbeddingConfig): Promise<"pgvector" | "exact"> {
  return config.dimensions === PGVECTOR_DIMENSIONS && (await hasEmbeddingColumn(tx)) ? "pgvector" : "exact";
}

/** Whether hybrid retrieval is available, and how (for the console and the benches). */
export async function hybridAvailability(tx: Tx): Promise<{ available: boolean; reason: string }> {
  const config = embeddingConfig();
  if (!config)
    return {
      available: false,
      reason:
        "No embedding provider is configured (EMBEDDING_MODEL and EMBEDDING_BASE_URL or LLM_BASE_URL): retrieval uses full-text ranking.",
    };
  const backend = await vectorBackend(tx, config);
  return {
    available: true,
    reason:
      `Hybrid retrieval: full-text ranking fused with vector similarity (${config.model}, ${config.dimensions} dimensions, ` +
      (backend === "pgvector" ? "pgvector)." : "exact scan: the database has no pgvector)."),
  };
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
    body: JSON.stringify({ model: config.model, input: texts, dimensions: config.dimensions }),
    signal: signal ?? AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`The embedding provider answered ${response.status}.`);
  const body = (await response.json()) as { data?: { index: number; embedding: number[] }[] };
  const rows = [...(body.data ?? [])].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  if (rows.length !== texts.length || rows.some((r) => !Array.isArray(r) || !r.length))
    throw new Error("The embedding provider answered with the wrong number of vectors.");
  return rows.map(normalize);
}

/** The vector scaled to length 1 (cosine similarity is then a dot product). */
export function normalize(v: readonly number[]): number[] {
  const clean = v.map((x) => (Number.isFinite(x) ? x : 0));
  const norm = Math.hypot(...clean) || 1;
  return clean.map((x) => x / norm);
}

export function vectorLiteral(v: number[]): string {
  return `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;
}
