import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, estimateTokens } from "./chunking";

const words = (n: number, prefix = "w") => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");

describe("chunkText", () => {
  it("keeps a short text in one chunk with the title as heading", () => {
    const chunks = chunkText("Our office opens at nine.\n\nIt closes at five.", { title: "Hours" });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      position: 0,
      heading: "Hours",
      content: "Our office opens at nine. It closes at five.",
      page: null,
    });
    expect(chunks[0]!.tokenCount).toBe(estimateTokens(chunks[0]!.content));
  });

  it("starts a section at each Markdown heading and carries the heading", () => {
    const md = "# Shipping\n\nWe ship worldwide.\n\n## Returns\n\n- Within 30 days\n- **Free** of charge";
    const chunks = chunkText(md, { markdown: true, title: "Policies" });
    expect(chunks.map((c) => [c.heading, c.content])).toEqual([
      ["Shipping", "We ship worldwide."],
      ["Returns", "• Within 30 days • Free of charge"],
    ]);
  });

  it("treats # as text when the document is not Markdown", () => {
    const chunks = chunkText("# not a heading\nplain", { title: "T" });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.content).toBe("# not a heading plain");
  });

  it("starts a section at a numbered or capitals title line of plain text", () => {
    const text = [
      "Store policy",
      "",
      "1. Return window",
      "You may return items within 60 days.",
      "",
      "2.1 Refunds",
      "Refunds go to the original card.",
      "",
      "PRIVACY",
      "We never sell your data.",
      "",
      "1. Open Settings",
      "2. Tap Network",
    ].join("\n");
    const chunks = chunkText(text, { title: "Policy" });
    expect(chunks.map((c) => [c.heading, c.content])).toEqual([
      ["Policy", "Store policy"],
      ["Return window", "You may return items within 60 days."],
      ["Refunds", "Refunds go to the original card."],
      // A list of steps is no title: each line is followed by another of its kind.
      ["PRIVACY", "We never sell your data. 1. Open Settings 2. Tap Network"],
    ]);
  });

  it("starts the words carried into the next chunk at a sentence when there is one", () => {
    const sentence = (i: number) => `Sentence ${i} says four.`;
    const text = Array.from({ length: 30 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text, { maxWords: 40, overlapWords: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.content).toMatch(/^Sentence \d+ says four\./);
  });

  it("splits long text into chunks that overlap by the given number of words", () => {
    const chunks = chunkText(words(500), { maxWords: 100, overlapWords: 20 });
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]!.content.split(" ");
      const next = chunks[i]!.content.split(" ");
      expect(next.slice(0, 20)).toEqual(prev.slice(-20));
      expect(next.length).toBeLessThanOrEqual(100);
    }
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
  });

  it("cuts a long paragraph at sentence ends", () => {
    const sentence = (i: number) => `Sentence number ${i} has exactly seven words.`;
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkText(text, { maxWords: 50, overlapWords: 0 });
    for (const c of chunks) expect(c.content.endsWith(".")).toBe(true);
  });

  it("keeps the page of PDF text", () => {
    const chunks = chunkText(
      [
        { page: 1, text: words(60, "a") },
        { page: 2, text: words(60, "b") },
      ],
      { maxWords: 50, overlapWords: 0, title: "Manual" },
    );
    expect(chunks[0]!.page).toBe(1);
    expect(chunks.some((c) => c.page === 2 || c.content.includes("b0"))).toBe(true);
  });

  it("returns nothing for blank text", () => {
    expect(chunkText("  \n\n  ")).toEqual([]);
  });

  it("loses no word and respects the size limit (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: 0, max: 30 }),
        (ws, maxWords, overlapWords) => {
          const chunks = chunkText(ws.join(" "), { maxWords, overlapWords });
          const overlap = Math.min(overlapWords, Math.floor(maxWords / 2));
          for (const c of chunks) expect(c.content.split(" ").length).toBeLessThanOrEqual(maxWords);
          // Dropping each chunk's overlap gives the text back, word for word.
          const rebuilt = chunks.flatMap((c, i) => c.content.split(" ").slice(i === 0 ? 0 : overlap));
          expect(rebuilt).toEqual(ws);
        },
      ),
    );
  });
});
