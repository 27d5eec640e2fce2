/** One passage of a knowledge base found for a question (lib/chatbots/retrieval.ts). */
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
  /** 0–1: how much of the question the chunk covers (full-text; 0 when only vectors found it). */
  confidence: number;
  /** Cosine similarity to the question (hybrid mode, when the vector search found it). */
  similarity: number | null;
  /** Whether the bot would answer from this passage (confidence or similarity high enough). */
  answerable: boolean;
};
