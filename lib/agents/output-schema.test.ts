import { describe, expect, it } from "vitest";
import { schemaProblem } from "./output-schema";

const schema = {
  type: "object",
  required: ["score", "tags"],
  properties: {
    score: { type: "integer" },
    label: { type: "string", enum: ["hot", "cold"] },
    tags: { type: "array", items: { type: "string" } },
  },
};

describe("an agent's answer against its output schema", () => {
  it("accepts an answer that follows the schema", () => {
    expect(schemaProblem(schema, { score: 80, label: "hot", tags: ["a"] })).toBeNull();
  });

  it("names the first problem with its path", () => {
    expect(schemaProblem(schema, { tags: [] })).toBe("answer.score is missing.");
    expect(schemaProblem(schema, { score: 1.5, tags: [] })).toBe(
      "answer.score should be integer, not number.",
    );
    expect(schemaProblem(schema, { score: 1, tags: [2] })).toBe(
      "answer.tags[0] should be string, not integer.",
    );
    expect(schemaProblem(schema, { score: 1, tags: [], label: "warm" })).toBe(
      'answer.label should be one of "hot", "cold".',
    );
    expect(schemaProblem(schema, [1])).toBe("answer should be object, not array.");
  });

  it("takes an integer where a number is asked for", () => {
    expect(schemaProblem({ type: "number" }, 3)).toBeNull();
  });
});
