import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  formDataProblem,
  isTooDeep,
  jsonFormField,
  jsonTextDepth,
  jsonValueDepth,
  MAX_FORM_FIELDS,
  MAX_JSON_DEPTH,
  parseJsonText,
  pruneDeepJson,
  tryParseJsonText,
} from "./input-limits";

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
function deepValue(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
}

describe("jsonTextDepth", () => {
  it("counts nesting of arrays and objects, not brackets inside strings", () => {
    expect(jsonTextDepth("1")).toBe(0);
    expect(jsonTextDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonTextDepth('["[[[[", "\\"{{{"]')).toBe(1);
    expect(jsonTextDepth(nested(100))).toBe(100);
  });

  it("stops at the cap without walking the rest", () => {
    expect(jsonTextDepth(nested(20_000), MAX_JSON_DEPTH)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("jsonValueDepth and pruneDeepJson", () => {
  it("measure values without recursion, even 20,000 levels deep", () => {
    expect(jsonValueDepth({ a: [1, { b: null }] })).toBe(3);
    expect(isTooDeep(deepValue(20_000))).toBe(true);
    expect(isTooDeep(deepValue(MAX_JSON_DEPTH))).toBe(false);
  });

  it("cut what is nested deeper than the cap, keeping the rest as it was", () => {
    const shallow = { a: [1, 2], b: { c: "x" } };
    expect(pruneDeepJson(shallow)).toEqual({ value: shallow, pruned: false });
    const { value, pruned } = pruneDeepJson({ keep: 1, deep: JSON.parse(nested(3000)) }, 4);
    expect(pruned).toBe(true);
    expect(value).toEqual({ keep: 1, deep: [[[null]]] });
    expect(jsonValueDepth(value)).toBeLessThanOrEqual(4);
  });
});

describe("parseJsonText", () => {
  it("parses JSON within the caps", () => {
    expect(parseJsonText('{"a":[1]}')).toEqual({ a: [1] });
  });

  it("refuses deep, broken and oversized JSON with clear 4xx errors", () => {
    const deep = () => parseJsonText(nested(20_000), { what: "The body" });
    expect(deep).toThrow(AppError);
    expect(deep).toThrow("The body is nested too deeply (at most 64 levels).");
    expect(() => parseJsonText("{nope")).toThrow("The JSON is not valid JSON.");
    try {
      parseJsonText("[1,2,3]", { maxChars: 3 });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).status).toBe(413);
    }
    expect(tryParseJsonText(nested(65))).toBeUndefined();
    expect(tryParseJsonText(nested(64))).toBeDefined();
  });
});

describe("jsonFormField", () => {
  const field = jsonFormField({
    maxChars: 1000,
    missing: "Send it.",
    tooLarge: "Too big.",
    invalid: "Bad JSON.",
  });

  it("parses a field's JSON and turns every failure into a zod issue", () => {
    expect(field.parse('{"a":1}')).toEqual({ a: 1 });
    expect(field.safeParse(undefined).error?.issues[0]?.message).toBe("Send it.");
    expect(field.safeParse("x".repeat(1001)).error?.issues[0]?.message).toBe("Too big.");
    expect(field.safeParse("{").error?.issues[0]?.message).toBe("Bad JSON.");
    expect(field.safeParse(nested(400)).error?.issues[0]?.message).toMatch(/nested too deeply/);
  });
});

describe("formDataProblem", () => {
  it("accepts an ordinary form", () => {
    const fd = new FormData();
    fd.set("name", "Ada");
    fd.set("file", new File(["x"], "a.txt"));
    expect(formDataProblem(fd)).toBeNull();
  });

  it("refuses too many fields, too much data and NUL characters", () => {
    const many = new FormData();
    for (let i = 0; i <= MAX_FORM_FIELDS; i++) many.append("f", "1");
    expect(formDataProblem(many)?.status).toBe(413);
    const big = new FormData();
    big.set("text", "x".repeat(5 * 1024 * 1024));
    expect(formDataProblem(big)?.status).toBe(413);
    const nul = new FormData();
    nul.set("name", "a\u0000b");
    expect(formDataProblem(nul)).toMatchObject({
      code: "validation_failed",
      fields: { name: [expect.any(String)] },
    });
  });
});
