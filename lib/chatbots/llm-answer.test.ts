import { describe, expect, it } from "vitest";
import { citedSources, markerFilter } from "./llm-answer";
import type { KnowledgeHit } from "./retrieval";

const hit = (n: number): KnowledgeHit => ({
  chunk_id: `c${n}`,
  document_id: `d${n}`,
  title: `Doc ${n}`,
  heading: "",
  content: `Passage ${n}.`,
  position: n,
  page: null,
  score: 1,
  confidence: 1,
  similarity: null,
  answerable: true,
});

describe("streamed answers", () => {
  const run = (pieces: string[]) => {
    const out: string[] = [];
    const forward = markerFilter((t) => out.push(t));
    for (const p of pieces) forward(p);
    return out.join("");
  };

  it("never shows the NO_ANSWER marker, even split across pieces", () => {
    expect(run(["NO", "_ANS", "WER"])).toBe("");
    expect(run([" NO_ANSWER", "."])).toBe("");
  });

  it("shows an answer once it cannot be the marker, starting with the held-back text", () => {
    expect(run(["No", "rmally we open at 9. [1]"])).toBe("Normally we open at 9. [1]");
    expect(run(["We ", "open ", "at 9."])).toBe("We open at 9.");
  });

  it("cites the passages named [n], or the best one when none is named", () => {
    const hits = [hit(1), hit(2), hit(3)];
    expect(citedSources("Yes [2] and [3], see [2]. [9]", hits).map((s) => s.title)).toEqual([
      "Doc 2",
      "Doc 3",
    ]);
    expect(citedSources("Yes.", hits).map((s) => s.title)).toEqual(["Doc 1"]);
  });
});
