import { describe, expect, it } from "vitest";
import { analyzeQuestion, FILLER_WEIGHT, questionWords, SYNONYM_FACTOR } from "./query";

const group = (question: string, word: string) => {
  const words = analyzeQuestion(question);
  const g = words.find((w) => w.w === word && w.f === 1)?.g;
  return words.filter((w) => w.g === g);
};

describe("a visitor's question as retrieval reads it", () => {
  it("splits words as visitors write them: apostrophes dropped, a number apart from its unit", () => {
    expect(questionWords("What's the Wi-Fi range? 5GHz, 24v!")).toEqual([
      "whats",
      "the",
      "wi-fi",
      "range",
      "5",
      "ghz",
      "24",
      "v",
    ]);
  });

  it("adds the built-in synonyms of common visitor words to the word's group, weighing less", () => {
    const price = group("price of a new roof", "price");
    expect(price.map((w) => w.w)).toEqual(expect.arrayContaining(["price", "cost", "fee"]));
    expect(price.find((w) => w.w === "cost")).toMatchObject({ f: SYNONYM_FACTOR, o: 1 });
    expect(group("When is your office open?", "open").map((w) => w.w)).toContain("hours");
    expect(group("how long is the warrenty", "warrenty").map((w) => w.w)).toEqual(["warrenty"]);
  });

  it("weighs question filler little, and lets a phrase make it content", () => {
    const words = analyzeQuestion("What payment options do you have?");
    expect(words.find((w) => w.w === "options")!.wt).toBe(FILLER_WEIGHT);
    expect(words.find((w) => w.w === "payment")!.wt).toBe(1);
    const much = group("how much for a new roof", "much");
    expect(much[0]!.wt).toBe(1);
    expect(much.map((w) => w.w)).toContain("price");
    expect(group("can I bring it back", "back").map((w) => w.w)).toContain("return");
  });

  it("expands contractions for English bots only, and offers only long real words for typo correction", () => {
    const whats = group("whats the warrenty", "whats");
    expect(whats.map((w) => [w.w, w.o])).toEqual([
      ["whats", 2],
      ["what", 1],
      ["is", 1],
    ]);
    const words = analyzeQuestion("whats the warrenty on my roof");
    expect(words.filter((w) => w.t).map((w) => w.w)).toEqual(["warrenty"]);
  });

  it("keeps at most 32 words of a long question", () => {
    const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(" ");
    expect(new Set(analyzeQuestion(long).map((w) => w.g)).size).toBe(32);
  });
});
