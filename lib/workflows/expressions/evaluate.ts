import { ExpressionError, formatPath, parseTemplate, type PathSegment } from "./parse";

/**
 * Evaluating expressions against a run's data. THE RULES (the engine and the docs follow them):
 *
 * 1. Roots: `trigger` (what started the run), `steps` (`steps.<node id>.output`), `org`
 *    (`id`, `name`, `slug`), and inside a loop's body `loop` (`item`, `index`).
 * 2. Only own data properties of plain objects and arrays are read. Nothing is called, prototypes
 *    are never consulted, and `__proto__` / `constructor` / `prototype` are refused when parsed.
 * 3. Syntax errors, refused segments and size limits are always errors: a text with one is never
 *    rendered, not even partly.
 * 4. A MISSING value (an absent key, an index past the end, a path going through null or through
 *    something that is not an object) follows the caller's policy:
 *    - `"empty"` (the default, for text such as an email body): rendered as the empty string, and
 *      as `undefined` when the whole field is one expression;
 *    - `"error"` (for fields that must not silently go blank, chosen by the node): an
 *      ExpressionError with code "missing" that names the first segment not found.
 * 5. A value that is present but `null` is rendered as the empty string (or `null` as a whole value).
 * 6. In text, numbers and booleans are written as they are, objects and arrays as JSON.
 * 7. When a field is exactly one expression (`{{ steps.a.output.items }}`), `evaluateTemplate`
 *    returns the value itself, keeping its type; otherwise the rendered text.
 */

export const EXPRESSION_ROOTS = ["trigger", "steps", "org", "loop"] as const;
export type ExpressionRoot = (typeof EXPRESSION_ROOTS)[number];
export type ExpressionContext = Partial<Record<ExpressionRoot, unknown>>;

export type MissingPolicy = "empty" | "error";
export type EvaluateOptions = { missing?: MissingPolicy };

/** The most text one field may render to (a guard against huge values multiplied by many references). */
export const MAX_RENDERED_LENGTH = 1_000_000;

export type Lookup = { found: true; value: unknown } | { found: false; missingAt: number };

/** Follows `path` through `context`, own data properties only. */
export function lookup(context: ExpressionContext, path: readonly PathSegment[]): Lookup {
  let current: unknown = context;
  for (let i = 0; i < path.length; i++) {
    if (typeof current !== "object" || current === null) return { found: false, missingAt: i };
    const key = String(path[i]);
    if (!Object.hasOwn(current, key)) return { found: false, missingAt: i };
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    // Data properties only: an accessor would run code.
    if (!descriptor || !("value" in descriptor)) return { found: false, missingAt: i };
    current = descriptor.value;
    if (typeof current === "function" || typeof current === "symbol") return { found: false, missingAt: i };
  }
  return { found: true, value: current };
}

function missingError(
  path: readonly PathSegment[],
  at: number,
  start?: number,
  end?: number,
): ExpressionError {
  const whole = formatPath(path);
  const message =
    at === 0
      ? `"${whole}" is missing: there is no "${String(path[0])}" here.`
      : `"${whole}" is missing: ${formatPath(path.slice(0, at))} has no ${
          typeof path[at] === "number" ? `item ${path[at]}` : `"${String(path[at])}"`
        }.`;
  return new ExpressionError("missing", message, start, end);
}

function parseOrThrow(text: string) {
  const parsed = parseTemplate(text);
  if (parsed.errors.length > 0) throw parsed.errors[0]!;
  return parsed.parts;
}

/** A value as it appears inside text. */
export function stringifyValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/** Renders `text`, replacing each expression with its value as text. Throws ExpressionError. */
export function renderTemplate(
  text: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): string {
  const parts = parseOrThrow(text);
  let out = "";
  for (const part of parts) {
    if (part.kind === "text") {
      out += part.text;
    } else {
      const result = lookup(context, part.path);
      if (!result.found && options.missing === "error") {
        throw missingError(part.path, result.missingAt, part.start, part.end);
      }
      out += result.found ? stringifyValue(result.value) : "";
    }
    if (out.length > MAX_RENDERED_LENGTH) {
      throw new ExpressionError(
        "too_long",
        `The text would be longer than ${MAX_RENDERED_LENGTH.toLocaleString("en")} characters.`,
      );
    }
  }
  return out;
}

/**
 * A field's value: the value itself when the field is exactly one expression (surrounding spaces
 * allowed), else the rendered text. Throws ExpressionError.
 */
export function evaluateTemplate(
  text: string,
  context: ExpressionContext,
  options: EvaluateOptions = {},
): unknown {
  const parts = parseOrThrow(text);
  const expressions = parts.filter((p) => p.kind === "expression");
  const onlyOne =
    expressions.length === 1 && parts.every((p) => p.kind === "expression" || p.text.trim() === "");
  if (!onlyOne) return renderTemplate(text, context, options);
  const part = expressions[0]!;
  const result = lookup(context, part.path);
  if (result.found) return result.value;
  if (options.missing === "error") throw missingError(part.path, result.missingAt, part.start, part.end);
  return undefined;
}
