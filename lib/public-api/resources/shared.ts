import "server-only";
import { z } from "zod";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";

/** Pieces every resource of the REST API shares. */

export const timestamp = z.iso.datetime({ offset: true });

/** Parses `value` with a lib's input schema; a 400 with the fields when it does not fit. */
export function validated<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError("validation_failed", "Some fields are not valid.", fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/** An optional `created_after` / `created_before` pair of list filters. */
export const createdRangeQuery = {
  created_after: timestamp.optional().describe("Only items created after this instant (ISO 8601)."),
  created_before: timestamp.optional().describe("Only items created before this instant (ISO 8601)."),
};
