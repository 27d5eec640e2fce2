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

/**
 * A lib's row schema as the API sends it: its dates become ISO 8601 strings (the rows are made
 * JSON by Postgres, lib/db/pagination.ts), the rest stays, so each row is described once.
 */
export function onTheWire<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => {
      if (field instanceof z.ZodDate) return [name, timestamp];
      if (field instanceof z.ZodNullable && field.unwrap() instanceof z.ZodDate)
        return [name, timestamp.nullable()];
      return [name, field];
    }),
  );
  return z.object(shape as Record<string, z.ZodType>);
}
