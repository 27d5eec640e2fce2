import { describe, expect, it } from "vitest";
import { embeddingConfig, normalize } from "./embeddings";
import { answerPassages, fuse, type KnowledgeHit } from "./retrieval";
import { topK } from "./vector-store";

const hit = (id: string, confidence = 0.5): KnowledgeHit => ({
  chunk_id: id,
  document_id: "d",
  title: "T",
  heading: "H",
  content: id,
  position: 0,
  page: null,
  score: 0,
  confidence,
  similarity: null,
  answerable: false,
});

describe("hybrid fusion", () => {
  it("ranks what both lists agree on first (reciprocal rank fusion)", () => {
    const fulltext = [hit("a", 0.9), hit("b"), hit("c")];
    const vectors = [hit("c", 0.8), hit("a", 0.7), hit("d")];
    const fused = fuse(fulltext, vectors);
    expect(fused.map((h) => h.chunk_id)).toEqual(["a", "c", "b", "d"]);
    expect(fused[0]!.confidence).toBe(0.9);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 6);
  });

  it("weighs the vector list as configured", () => {
    const fulltext = [hit("a"), hit("b"), hit("c")];
    const vectors = [hit("c"), hit("d"), hit("b")];
    expect(fuse(fulltext, vectors, 1).map((h) => h.chunk_id)).toEqual(["c", "b", "a", "d"]);
    // Lighter, the vectors still reorder full-text's close ranks, but their own find stays last.
    expect(fuse(fulltext, vectors, 0.25).map((h) => h.chunk_id)).toEqual(["b", "c", "a", "d"]);
    expect(
      fuse(fulltext, vectors, 0)
        .map((h) => h.chunk_id)
        .slice(0, 3),
    ).toEqual(["a", "b", "c"]);
  });

  it("answers from the answerable passages only when the best one is answerable", () => {
    const yes = (id: string) => ({ ...hit(id), answerable: true });
    expect(answerPassages([yes("a"), hit("b"), yes("c")]).map((h) => h.chunk_id)).toEqual(["a", "c"]);
    // A lesser passage that happens to cover more does not answer for the best one.
    expect(answerPassages([hit("a"), yes("b")])).toEqual([]);
    expect(answerPassages([])).toEqual([]);
  });

  it("needs both an embedding model and a base URL", () => {
    expect(embeddingConfig({})).toBeNull();
    expect(embeddingConfig({ LLM_BASE_URL: "https://api.example/v1" })).toBeNull();
    expect(
      embeddingConfig({
        LLM_BASE_URL: "https://api.example/v1/",
        LLM_API_KEY: "k",
        EMBEDDING_MODEL: "text-embedding-3-small",
      }),
    ).toEqual({
      baseUrl: "https://api.example/v1",
      model: "text-embedding-3-small",
      apiKey: "k",
      dimensions: 1536,
      minSimilarity: 0.6,
      fusionWeight: 0.25,
    });
    expect(
      embeddingConfig({
        EMBEDDING_BASE_URL: "http://127.0.0.1:9/v1",
        EMBEDDING_MODEL: "m",
        EMBEDDING_DIMENSIONS: "256",
        EMBEDDING_MIN_SIMILARITY: "0.45",
        EMBEDDING_FUSION_WEIGHT: "1",
      }),
    ).toMatchObject({ dimensions: 256, minSimilarity: 0.45, fusionWeight: 1, apiKey: "" });
    // Nonsense settings fall back to the defaults.
    expect(
      embeddingConfig({
        EMBEDDING_BASE_URL: "http://x/v1",
        EMBEDDING_MODEL: "m",
        EMBEDDING_DIMENSIONS: "9",
        EMBEDDING_MIN_SIMILARITY: "7",
        EMBEDDING_FUSION_WEIGHT: "-1",
      }),
    ).toMatchObject({ dimensions: 1536, minSimilarity: 0.6, fusionWeight: 0.25 });
  });
});

describe("the exact vector scan (no pgvector)", () => {
  it("finds the nearest vectors by cosine similarity, best first", () => {
    const vectors = [
      [1, 0, 0],
      [0.6, 0.8, 0],
      [0, 0, 1],
      [0.8, 0.6, 0],
    ].map(normalize);
    const loaded = { ids: ["x", "y", "z", "w"], dims: 3, data: Float32Array.from(vectors.flat()) };
    const query = Float32Array.from(normalize([1, 0.2, 0]));
    const top = topK(loaded, query, 2);
    expect(top.map((t) => t.id)).toEqual(["x", "w"]);
    expect(top[0]!.similarity).toBeCloseTo(1 / Math.hypot(1, 0.2), 3);
    expect(topK(loaded, query, 10)).toHaveLength(4);
  });
});
