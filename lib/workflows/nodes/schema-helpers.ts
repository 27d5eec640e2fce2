import { z } from "zod";
import { MAX_JSON_DEPTH, tryParseJsonText } from "@/lib/http/input-limits";
import { hasExpression } from "@/lib/workflows/expressions/parse";
import type { OutputField, OutputType } from "./types";

/** zod building blocks shared by the node types' config schemas, with messages written for people. */

export const requiredText = (what: string, max = 2000) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Use at most ${max} characters.`);

export const optionalText = (max = 2000) =>
  z.string().trim().max(max, `Use at most ${max} characters.`).default("");

/** Text that is either an expression (checked when it runs) or must pass `check` as typed. */
export const textOrExpression = (
  what: string,
  check: (value: string) => boolean,
  message: string,
  max = 2000,
) => requiredText(what, max).refine((v) => hasExpression(v) || check(v), message);

export const httpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
};

export const emailAddress = (value: string) => z.email().safeParse(value).success;

/** A name usable in expressions (`{{ steps.set_1.output.total }}`). */
export const identifier = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(64, "Use at most 64 characters.")
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Use letters, digits and underscores, starting with a letter.")
  .refine((v) => !["__proto__", "constructor", "prototype"].includes(v), "That name is reserved.");

export const keyValueList = z
  .array(
    z.object({
      key: z.string().trim().min(1, "Enter a name.").max(200, "Use at most 200 characters."),
      value: z.string().max(4000, "Use at most 4000 characters.").default(""),
    }),
  )
  .max(50, "Use at most 50 entries.")
  .default([]);

/** Optional JSON text (a sample payload): empty, or JSON that parses within the depth cap. */
export const jsonText = z
  .string()
  .max(20_000, "Keep the sample under 20,000 characters.")
  .default("")
  .refine(
    (v) => v.trim() === "" || tryParseJsonText(v) !== undefined,
    `This is not valid JSON, or it is nested deeper than ${MAX_JSON_DEPTH} levels.`,
  );

/**
 * The fields of a sample JSON payload, for autocomplete (`trigger.body.email`). Depth and breadth
 * are capped: a sample is a hint, not a schema.
 */
export function fieldsFromSample(text: unknown, depth = 0): OutputField[] {
  if (typeof text !== "string" || text.trim() === "") return [];
  const value = tryParseJsonText(text);
  return value === undefined ? [] : fieldsOf(value, depth);
}

function fieldsOf(value: unknown, depth: number): OutputField[] {
  if (depth > 4 || typeof value !== "object" || value === null) return [];
  const source = Array.isArray(value) ? (value[0] ?? {}) : value;
  if (typeof source !== "object" || source === null || Array.isArray(source)) return [];
  return Object.entries(source)
    .slice(0, 50)
    .filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, v]) => {
      const children = fieldsOf(v, depth + 1);
      return { name, type: typeOf(v), ...(children.length ? { children } : {}) };
    });
}

function typeOf(value: unknown): OutputType {
  if (Array.isArray(value)) return "array";
  if (value === null) return "any";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" || t === "object" ? t : "any";
}
