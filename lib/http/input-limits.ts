import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * The caps on input from outside, shared by every boundary (server actions, route handlers,
 * webhooks, the public chat API, API runs) and applied before any database work.
 *
 * JSON (request bodies, webhook deliveries, JSON text in form fields, responses of other services)
 * is capped in size and in nesting depth before anything parses it deeply, stores it or hands it
 * to the database driver. Deep nesting is the attack: `[[[[…]]]]` 20,000 levels deep
 * is 40 KB, parses fine, and then overflows the stack of whatever walks it recursively
 * (JSON.stringify in the driver, zod, React rendering), far from any error handling.
 *
 * Depth is measured on the text, in one pass without recursion, before JSON.parse builds the
 * structure; values that are already objects are measured with an explicit stack.
 */

/** Nesting levels allowed: far beyond any real payload (a workflow definition is about 8). */
export const MAX_JSON_DEPTH = 64;

export const TOO_DEEP_MESSAGE = `The JSON is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`;

/**
 * The deepest nesting of arrays and objects in JSON `text` (brackets inside strings do not
 * count), or `Infinity` as soon as it passes `stopAbove`. Does not check that the text is JSON.
 */
export function jsonTextDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return Number.POSITIVE_INFINITY;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

/**
 * The deepest nesting of arrays and objects in a JSON value (0 for a scalar), or Infinity as soon
 * as it passes `stopAbove` (which also ends a walk around a cycle).
 */
export function jsonValueDepth(value: unknown, stopAbove = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    const level = d + 1;
    if (level > deepest) {
      deepest = level;
      if (deepest > stopAbove) return Number.POSITIVE_INFINITY;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push([child, level]);
    }
  }
  return deepest;
}

export function isTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  return jsonValueDepth(value, maxDepth) > maxDepth;
}

export type JsonLimits = {
  /** Nesting levels allowed (MAX_JSON_DEPTH). */
  maxDepth?: number;
  /** Characters of text allowed; unlimited when the caller capped the bytes already. */
  maxChars?: number;
  /** What the JSON is, for messages: "The body", "The workflow". */
  what?: string;
};

/**
 * JSON text → value, with the size and depth caps checked first. Errors are AppErrors a person can
 * read: `payload_too_large` (413) for size, `bad_request` (400) for depth or broken JSON.
 */
export function parseJsonText(text: string, limits: JsonLimits = {}): unknown {
  const { maxDepth = MAX_JSON_DEPTH, maxChars, what = "The JSON" } = limits;
  if (maxChars !== undefined && text.length > maxChars)
    throw new AppError("payload_too_large", `${what} may be at most ${maxChars} characters.`);
  if (jsonTextDepth(text, maxDepth) > maxDepth)
    throw new AppError("bad_request", `${what} is nested too deeply (at most ${maxDepth} levels).`);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", `${what} is not valid JSON.`);
  }
}

/** parseJsonText that answers undefined instead of throwing (display code, optional samples). */
export function tryParseJsonText(text: string, limits: JsonLimits = {}): unknown {
  try {
    return parseJsonText(text, limits);
  } catch {
    return undefined;
  }
}

/**
 * A form field holding JSON text (a workflow definition, a list of tiers): a string of at most
 * `maxChars`, parsed with the depth cap; each failure is a zod issue with the given messages, so
 * server actions answer them as `validation_failed` on that field.
 */
export function jsonFormField(options: {
  maxChars: number;
  missing: string;
  tooLarge: string;
  invalid: string;
  maxDepth?: number;
}) {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return z
    .string({ error: options.missing })
    .max(options.maxChars, options.tooLarge)
    .transform((text, ctx) => {
      if (jsonTextDepth(text, maxDepth) > maxDepth) {
        ctx.addIssue({ code: "custom", message: `${options.invalid} ${tooDeep(maxDepth)}` });
        return z.NEVER;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: options.invalid });
        return z.NEVER;
      }
    });
}

const tooDeep = (maxDepth: number) => `It is nested too deeply (at most ${maxDepth} levels).`;

/**
 * A copy of the JSON value `value` with everything nested deeper than `maxDepth` replaced by null, and whether
 * anything was cut: for showing data stored before the caps existed (or written by code that
 * skipped them) without handing a renderer something it cannot walk.
 */
export function pruneDeepJson(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): { value: unknown; pruned: boolean } {
  if (!isTooDeep(value, maxDepth)) return { value, pruned: false };
  let pruned = false;
  const root: { v: unknown } = { v: null };
  // [source, target holder, key in holder, depth of source]
  const stack: [unknown, Record<string | number, unknown>, string | number, number][] = [
    [value, root, "v", 1],
  ];
  while (stack.length) {
    const [source, holder, key, depth] = stack.pop()!;
    if (typeof source !== "object" || source === null) {
      holder[key] = source;
      continue;
    }
    if (depth > maxDepth) {
      holder[key] = null;
      pruned = true;
      continue;
    }
    const copy = (Array.isArray(source) ? [] : {}) as Record<string | number, unknown>;
    holder[key] = copy;
    const entries = Array.isArray(source) ? source.map((v, i) => [i, v] as const) : Object.entries(source);
    for (const [k, v] of entries) stack.push([v, copy, k, depth + 1]);
  }
  return { value: root.v, pruned };
}

// ---------------------------------------------------------------------------------------------
// Forms (server actions)

/** Fields one form may send: the largest real form (the permission matrix) has a few hundred. */
export const MAX_FORM_FIELDS = 1000;
/** Characters of text plus bytes of files in one form, past Next's own 1 MB body limit. */
export const MAX_FORM_SIZE = 4 * 1024 * 1024;

/**
 * What is wrong with a submitted form before any schema looks at it, or null: too many fields or
 * too much data (413), or text with a NUL character, which PostgreSQL cannot store (400, on the
 * field). Keeps a direct call of an action, which skips Next's body limit, just as bounded.
 */
export function formDataProblem(formData: FormData): AppError | null {
  let fields = 0;
  let size = 0;
  for (const [key, value] of formData.entries()) {
    fields++;
    size += key.length + (typeof value === "string" ? value.length : value.size);
    if (fields > MAX_FORM_FIELDS)
      return new AppError("payload_too_large", `A form may send at most ${MAX_FORM_FIELDS} fields.`);
    if (size > MAX_FORM_SIZE)
      return new AppError("payload_too_large", `A form may send at most ${MAX_FORM_SIZE / 1024 / 1024} MB.`);
    if (typeof value === "string" && value.includes("\u0000")) {
      const message = "This contains a character that cannot be stored (NUL).";
      return new AppError("validation_failed", message, { [key.replace(/\[\]$/, "")]: [message] });
    }
  }
  return null;
}
