import { describe, expect, it } from "vitest";
import { embeddingConfig } from "./embeddings";
import { fuse, type KnowledgeHit } from "./retrieval";

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
    });
  });
});
