/**
 * Expressions in workflow text fields: `{{ trigger.body.email }}`, `{{ steps.http_request_1.output.total }}`,
 * `{{ org.name }}`, `{{ loop.item["first name"] }}`.
 *
 * An expression is a PATH and nothing else: a root name, then `.name`, `.0`, `[0]` or `["any key"]`
 * segments. There are no operators, calls or filters, and nothing is ever evaluated as code (no
 * eval, no Function): this file is a small hand-written scanner, iterative, with hard limits on
 * sizes so hostile input costs little. The segments `__proto__`, `constructor` and `prototype` are
 * refused wherever they appear, and evaluation (evaluate.ts) reads own data properties only.
 */

export const EXPRESSION_LIMITS = {
  /** The longest text that may contain expressions. */
  textLength: 20_000,
  /** Expressions in one text. */
  expressions: 200,
  /** Characters between `{{` and `}}`. */
  expressionLength: 500,
  /** Segments in one path. */
  segments: 32,
} as const;

export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type PathSegment = string | number;

export type ExpressionErrorCode = "syntax" | "forbidden" | "too_long" | "too_deep" | "too_many" | "missing";

export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  /** Where in the text the problem is (offsets of the whole `{{ … }}`), when known. */
  readonly start?: number;
  readonly end?: number;

  constructor(code: ExpressionErrorCode, message: string, start?: number, end?: number) {
    super(message);
    this.name = "ExpressionError";
    this.code = code;
    this.start = start;
    this.end = end;
  }
}

export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "expression"; path: PathSegment[]; source: string; start: number; end: number };

export type ParsedTemplate = { parts: TemplatePart[]; errors: ExpressionError[] };

const OPEN = "{{";
const CLOSE = "}}";

/** True when `text` contains something that looks like an expression. */
export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/**
 * Splits `text` into literal text and expressions. Every problem is collected (so a field can show
 * them all) rather than thrown; a text with errors must not be rendered.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: ExpressionError[] = [];
  if (text.length > EXPRESSION_LIMITS.textLength) {
    errors.push(
      new ExpressionError(
        "too_long",
        `Text with expressions may be at most ${EXPRESSION_LIMITS.textLength.toLocaleString("en")} characters.`,
      ),
    );
    return { parts, errors };
  }
  let i = 0;
  let count = 0;
  while (i < text.length) {
    const open = text.indexOf(OPEN, i);
    if (open === -1) {
      parts.push({ kind: "text", text: text.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: "text", text: text.slice(i, open) });
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) {
      errors.push(
        new ExpressionError(
          "syntax",
          "An expression opened with {{ is not closed with }}.",
          open,
          text.length,
        ),
      );
      break;
    }
    const end = close + CLOSE.length;
    if (++count > EXPRESSION_LIMITS.expressions) {
      errors.push(
        new ExpressionError(
          "too_many",
          `Use at most ${EXPRESSION_LIMITS.expressions} expressions in one field.`,
        ),
      );
      break;
    }
    const source = text.slice(open + OPEN.length, close);
    if (source.includes(OPEN)) {
      errors.push(
        new ExpressionError(
          "syntax",
          "Expressions cannot be nested: close each {{ with }} first.",
          open,
          end,
        ),
      );
    } else {
      try {
        parts.push({ kind: "expression", path: parsePath(source), source: source.trim(), start: open, end });
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        errors.push(new ExpressionError(e.code, e.message, open, end));
      }
    }
    i = end;
  }
  return { parts, errors };
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/** Parses the inside of `{{ … }}` into path segments, or throws an ExpressionError saying why not. */
export function parsePath(raw: string): PathSegment[] {
  const s = raw.trim();
  if (s === "") {
    throw new ExpressionError(
      "syntax",
      "Empty expression: put a path such as trigger.body.email between {{ and }}.",
    );
  }
  if (s.length > EXPRESSION_LIMITS.expressionLength) {
    throw new ExpressionError(
      "too_long",
      `An expression may be at most ${EXPRESSION_LIMITS.expressionLength} characters.`,
    );
  }
  const segments: PathSegment[] = [];
  let i = 0;

  const push = (segment: PathSegment) => {
    if (typeof segment === "string" && FORBIDDEN_SEGMENTS.has(segment)) {
      throw new ExpressionError("forbidden", `"${segment}" cannot be used in an expression.`);
    }
    segments.push(segment);
    if (segments.length > EXPRESSION_LIMITS.segments) {
      throw new ExpressionError("too_deep", `A path may have at most ${EXPRESSION_LIMITS.segments} parts.`);
    }
  };
  const readWhile = (pattern: RegExp) => {
    const start = i;
    while (i < s.length && pattern.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const readIndex = () => {
    const digits = readWhile(DIGIT);
    const n = Number(digits);
    if (digits.length > 9 || !Number.isSafeInteger(n))
      throw new ExpressionError("syntax", `The index ${digits} is too large.`);
    return n;
  };
  const unexpected = (what: string): never => {
    throw new ExpressionError(
      "syntax",
      `${what} in "${s}". Expressions are paths such as trigger.body.email or steps.my_step.output.items[0]; ` +
        "operators and function calls are not supported.",
    );
  };

  if (!IDENT_START.test(s[0]!)) unexpected(`Unexpected "${s[0]}" at the start`);
  push(readWhile(IDENT_PART));

  while (i < s.length) {
    const c = s[i]!;
    if (c === ".") {
      i++;
      if (i < s.length && DIGIT.test(s[i]!)) push(readIndex());
      else if (i < s.length && IDENT_START.test(s[i]!)) push(readWhile(IDENT_PART));
      else unexpected(`Expected a name after "."`);
    } else if (c === "[") {
      i++;
      while (s[i] === " ") i++;
      const q = s[i];
      if (q !== undefined && DIGIT.test(q)) push(readIndex());
      else if (q === '"' || q === "'") push(readQuoted(q));
      else unexpected(`Expected a number or a quoted name after "["`);
      while (s[i] === " ") i++;
      if (s[i] !== "]") unexpected(`Expected "]"`);
      i++;
    } else if (/\s/.test(c)) {
      unexpected("Unexpected space");
    } else {
      unexpected(`Unexpected "${c}"`);
    }
  }
  return segments;

  function readQuoted(quote: string): string {
    i++; // the opening quote
    let out = "";
    while (i < s.length && s[i] !== quote) {
      if (s[i] === "\\" && i + 1 < s.length) i++;
      out += s[i];
      i++;
    }
    if (i >= s.length) unexpected("Unclosed quote");
    i++; // the closing quote
    return out;
  }
}

/** A path written back canonically: `steps.http_request_1.output.items[0]["first name"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}
