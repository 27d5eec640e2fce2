import { z } from "zod";

/**
 * What SQL returns, parsed (CONTRIBUTING.md: parse rows, do not cast them). A query's result is
 * checked against the schema of its row, so a renamed column or a changed type fails loudly at the
 * boundary instead of reaching the UI as `undefined`.
 *
 * Ids read from the database are already uuids, so `idRowSchema` checks only that they are text.
 */

/** `returning id`, or a lookup that only needs the id. */
export const idRowSchema = z.object({ id: z.string() });

/** Every row of `result`, parsed with `schema`. */
export function parseRows<S extends z.ZodType>(schema: S, result: readonly unknown[]): z.output<S>[] {
  return z.array(schema).parse(result);
}

/** The first row of `result` parsed with `schema`, or undefined when there is none. */
export function parseFirstRow<S extends z.ZodType>(
  schema: S,
  result: readonly unknown[],
): z.output<S> | undefined {
  return result.length ? schema.parse(result[0]) : undefined;
}

/** The ids of `result` (`returning id`). */
export function parseIds(result: readonly unknown[]): string[] {
  return parseRows(idRowSchema, result).map((r) => r.id);
}
