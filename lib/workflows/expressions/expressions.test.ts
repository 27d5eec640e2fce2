import { describe, expect, it } from "vitest";
import { evaluateTemplate, lookup, renderTemplate, type ExpressionContext } from "./evaluate";
import { EXPRESSION_LIMITS, ExpressionError, formatPath, parsePath, parseTemplate } from "./parse";

const context: ExpressionContext = {
  trigger: {
    body: {
      email: "ana@example.test",
      total: 42,
      paid: true,
      note: null,
      items: [{ sku: "A-1" }, { sku: "B-2" }],
    },
    headers: { "content-type": "application/json" },
  },
  steps: { http_request_1: { output: { status: 200, body: { total: 99.5, tags: ["vip", "new"] } } } },
  org: { id: "o1", name: "Acme Inc", slug: "acme" },
};

function errorOf(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error("expected an ExpressionError");
}

describe("parsePath", () => {
  it("reads dotted names, numeric segments and bracketed keys", () => {
    expect(parsePath("trigger.body.email")).toEqual(["trigger", "body", "email"]);
    expect(parsePath(" steps.http_request_1.output.items[0].sku ")).toEqual([
      "steps",
      "http_request_1",
      "output",
      "items",
      0,
      "sku",
    ]);
    expect(parsePath("trigger.body.items.1")).toEqual(["trigger", "body", "items", 1]);
    expect(parsePath(`trigger.headers["content-type"]`)).toEqual(["trigger", "headers", "content-type"]);
    expect(parsePath(`loop.item[ 'first name' ]`)).toEqual(["loop", "item", "first name"]);
    expect(parsePath(String.raw`a["say \"hi\""]`)).toEqual(["a", 'say "hi"']);
  });

  it("refuses what is not a path, saying why", () => {
    expect(errorOf(() => parsePath("")).message).toMatch(/Empty expression/);
    expect(errorOf(() => parsePath("1abc")).code).toBe("syntax");
    expect(errorOf(() => parsePath("a.")).message).toMatch(/Expected a name after "."/);
    expect(errorOf(() => parsePath("a[")).code).toBe("syntax");
    expect(errorOf(() => parsePath("a[b]")).message).toMatch(/number or a quoted name/);
    expect(errorOf(() => parsePath(`a["b"`)).message).toMatch(/Expected "]"/);
    expect(errorOf(() => parsePath(`a["b]`)).message).toMatch(/Unclosed quote/);
    expect(errorOf(() => parsePath("a + b")).message).toMatch(
      /operators and function calls are not supported/,
    );
    expect(errorOf(() => parsePath("a.b()")).code).toBe("syntax");
    expect(errorOf(() => parsePath("a[99999999999]")).message).toMatch(/too large/);
  });

  it("writes paths back canonically", () => {
    expect(formatPath(["trigger", "headers", "content-type", 0, "x"])).toBe(
      'trigger.headers["content-type"][0].x',
    );
  });
});

describe("parseTemplate", () => {
  it("splits text and expressions, keeping their offsets", () => {
    const { parts, errors } = parseTemplate("Hi {{ trigger.body.email }}!");
    expect(errors).toEqual([]);
    expect(parts).toEqual([
      { kind: "text", text: "Hi " },
      {
        kind: "expression",
        path: ["trigger", "body", "email"],
        source: "trigger.body.email",
        start: 3,
        end: 27,
      },
      { kind: "text", text: "!" },
    ]);
  });

  it("collects every problem instead of stopping at the first", () => {
    const { errors } = parseTemplate("{{ a. }} and {{ b + c }} and {{ d");
    expect(errors.map((e) => e.code)).toEqual(["syntax", "syntax", "syntax"]);
    expect(errors[2]!.message).toMatch(/not closed/);
  });

  it("refuses nested braces", () => {
    expect(parseTemplate("{{ {{ a }} }}").errors[0]!.message).toMatch(/cannot be nested/);
  });
});

describe("evaluation", () => {
  it("renders paths into text, numbers and booleans as written, objects as JSON", () => {
    expect(renderTemplate("To {{ trigger.body.email }} ({{ org.name }})", context)).toBe(
      "To ana@example.test (Acme Inc)",
    );
    expect(renderTemplate("{{ trigger.body.total }} / {{ trigger.body.paid }}", context)).toBe("42 / true");
    expect(renderTemplate("tags: {{ steps.http_request_1.output.body.tags }}", context)).toBe(
      'tags: ["vip","new"]',
    );
    expect(renderTemplate("{{ trigger.body.items[1].sku }}", context)).toBe("B-2");
    expect(renderTemplate(`{{ trigger.headers["content-type"] }}`, context)).toBe("application/json");
    expect(renderTemplate("no expressions here", context)).toBe("no expressions here");
  });

  it("returns the value itself when a field is exactly one expression", () => {
    expect(evaluateTemplate("{{ steps.http_request_1.output.body.total }}", context)).toBe(99.5);
    expect(evaluateTemplate("  {{ trigger.body.items }} ", context)).toEqual([
      { sku: "A-1" },
      { sku: "B-2" },
    ]);
    expect(evaluateTemplate("{{ trigger.body.note }}", context)).toBeNull();
    expect(evaluateTemplate("total: {{ trigger.body.total }}", context)).toBe("total: 42");
  });

  describe("missing values", () => {
    it("render as empty text by default, and as undefined for a whole-field expression", () => {
      expect(renderTemplate("[{{ trigger.body.phone }}]", context)).toBe("[]");
      expect(renderTemplate("[{{ trigger.body.note }}]", context)).toBe("[]");
      expect(renderTemplate("[{{ trigger.body.items[5].sku }}]", context)).toBe("[]");
      expect(renderTemplate("[{{ trigger.body.email.domain }}]", context)).toBe("[]");
      expect(renderTemplate("[{{ loop.item }}]", context)).toBe("[]");
      expect(evaluateTemplate("{{ trigger.body.phone }}", context)).toBeUndefined();
    });

    it("are an error naming the first missing part under the 'error' policy", () => {
      const e = errorOf(() => renderTemplate("Hi {{ trigger.body.phone }}", context, { missing: "error" }));
      expect(e.code).toBe("missing");
      expect(e.message).toBe('"trigger.body.phone" is missing: trigger.body has no "phone".');
      expect(e.start).toBe(3);
      expect(
        errorOf(() => evaluateTemplate("{{ trigger.body.items[7] }}", context, { missing: "error" })).message,
      ).toBe('"trigger.body.items[7]" is missing: trigger.body.items has no item 7.');
      expect(errorOf(() => evaluateTemplate("{{ nothing }}", context, { missing: "error" })).message).toBe(
        '"nothing" is missing: there is no "nothing" here.',
      );
      // A present null is not missing.
      expect(renderTemplate("[{{ trigger.body.note }}]", context, { missing: "error" })).toBe("[]");
    });
  });

  it("reads own data properties only", () => {
    const withAccessor = {
      trigger: Object.defineProperty({}, "secret", {
        enumerable: true,
        get() {
          throw new Error("an accessor must never run");
        },
      }),
    };
    expect(lookup(withAccessor, ["trigger", "secret"])).toEqual({ found: false, missingAt: 1 });
    expect(renderTemplate("{{ trigger.body.toString }}{{ trigger.hasOwnProperty }}", context)).toBe("");
    expect(renderTemplate("{{ steps.http_request_1.output.body.tags.length }}", context)).toBe("2");
    const withFunction = { trigger: { run: () => "ran" } };
    expect(lookup(withFunction, ["trigger", "run"]).found).toBe(false);
  });
});

describe("hostile input", () => {
  it.each([
    "{{ constructor.constructor }}",
    "{{ constructor }}",
    "{{ __proto__ }}",
    "{{ trigger.__proto__.polluted }}",
    "{{ trigger.body.constructor.prototype }}",
    `{{ trigger["__proto__"] }}`,
    `{{ trigger['constructor']['constructor']('return process')() }}`,
    "{{ steps.x.prototype }}",
  ])("refuses %s", (text) => {
    const e = errorOf(() => renderTemplate(text, context));
    expect(["forbidden", "syntax"]).toContain(e.code);
    expect(parseTemplate(text).errors.length).toBeGreaterThan(0);
  });

  it("never evaluates code or pollutes prototypes", () => {
    // Calls are refused; unknown roots are just missing values; `${ }` is not our syntax, so it
    // stays plain text.
    expect(() => renderTemplate("{{ constructor.constructor('return 1')() }}", context)).toThrow(
      ExpressionError,
    );
    for (const text of ["{{ this }}", "{{ globalThis.process }}", "{{ process.env }}"]) {
      expect(renderTemplate(text, context)).toBe("");
    }
    expect(renderTemplate("${ process.exit() }", context)).toBe("${ process.exit() }");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(renderTemplate("{{ process }}{{ globalThis }}{{ this }}", context)).toBe("");
  });

  it("stops very long text, too many expressions and very deep paths quickly", () => {
    const started = performance.now();
    const long = "x".repeat(EXPRESSION_LIMITS.textLength + 1);
    expect(parseTemplate(long).errors[0]!.code).toBe("too_long");
    expect(parseTemplate("{{ a }}".repeat(EXPRESSION_LIMITS.expressions + 1)).errors[0]!.code).toBe(
      "too_many",
    );
    const deep = `{{ trigger${".a".repeat(EXPRESSION_LIMITS.segments)} }}`;
    expect(parseTemplate(deep).errors[0]!.code).toBe("too_deep");
    const longPath = `{{ trigger.${"a".repeat(EXPRESSION_LIMITS.expressionLength)} }}`;
    expect(parseTemplate(longPath).errors[0]!.code).toBe("too_long");
    // Many unclosed or broken expressions: linear work, no catastrophic backtracking.
    expect(parseTemplate("{{".repeat(9_000)).errors.length).toBeGreaterThan(0);
    expect(parseTemplate("{{ a }".repeat(3_000)).errors[0]!.code).toBe("syntax");
    expect(parseTemplate(`{{ a${"[".repeat(400)} }}`).errors[0]!.code).toBe("syntax");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("bounds what deeply nested or huge values render to", () => {
    let nested: Record<string, unknown> = { leaf: "end" };
    for (let i = 0; i < 20; i++) nested = { a: nested };
    const path = `{{ trigger${".a".repeat(20)}.leaf }}`;
    expect(renderTemplate(path, { trigger: nested })).toBe("end");
    const huge = { trigger: { text: "y".repeat(600_000) } };
    expect(errorOf(() => renderTemplate("{{ trigger.text }}{{ trigger.text }}", huge)).code).toBe("too_long");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(renderTemplate("[{{ trigger }}]", { trigger: cyclic })).toBe("[]");
  });
});
