import "server-only";
import type postgres from "postgres";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Tx } from "./client";

/**
 * Cursor pagination for lists, as Stripe does it: `limit` (1–100, 20 unless said) and
 * `starting_after` (the id of the last item of the previous page); the answer is
 * `{ object: "list", data, has_more }`. Newest first, by `created_at` then `id`, so a walk sees
 * every row exactly once even while rows are added.
 */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe("How many items to return, 1 to 100 (20 unless given)."),
  starting_after: z
    .string()
    .max(64)
    .optional()
    .describe("The id of the last item of the previous page: the page after it is returned."),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

/** A piece of SQL made with tx`…` (a filter: `tx`t.status = ${status}``). */
export type Fragment = postgres.PendingQuery<postgres.Row[]>;

export type Page<T> = { object: "list"; data: T[]; has_more: boolean };

/** The zod schema of a page of `item`s (the OpenAPI document's too). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal("list"),
    data: z.array(item),
    has_more: z.boolean().describe("Whether another page follows: ask for it with `starting_after`."),
  });
}

export type ListSource = {
  /** The table the list walks; its rows have `id`, `organization_id` and `created_at`. */
  table: string;
  /** The select list (constant SQL), over `t` (the table) and whatever `from` joins. */
  columns: string;
  /** Constant SQL: `<table> t` and its joins (the table alone unless given). */
  from?: string;
  /** The type of the table's `id` (uuid unless said). */
  idKind?: "uuid" | "bigint";
};

/**
 * One page of a tenant table, in the caller's transaction (RLS decides what it sees). Each row is
 * made JSON by Postgres (`to_jsonb`: timestamps in ISO 8601) and parsed with `schema`.
 */
export async function listPage<S extends z.ZodType>(
  tx: Tx,
  organizationId: string,
  source: ListSource,
  page: PageQuery,
  schema: S,
  filters: Fragment = tx`true`,
): Promise<Page<z.output<S>>> {
  const table = tx.unsafe(source.table);
  let cursor = tx`true`;
  if (page.starting_after) {
    const pattern =
      source.idKind === "bigint" ? /^[0-9]{1,18}$/ : /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
    const [after] = pattern.test(page.starting_after)
      ? await tx`select 1 from ${table} where organization_id = ${organizationId} and id = ${page.starting_after}`
      : [];
    if (!after)
      throw new AppError("validation_failed", "`starting_after` is not the id of an item of this list.", {
        starting_after: ["Not an item of this list."],
      });
    cursor = tx`(t.created_at, t.id) < (select c.created_at, c.id from ${table} c
      where c.organization_id = ${organizationId} and c.id = ${page.starting_after})`;
  }
  const rows = await tx`
    select to_jsonb(r) as item from (
      select ${tx.unsafe(source.columns)} from ${tx.unsafe(source.from ?? `${source.table} t`)}
      where t.organization_id = ${organizationId} and ${cursor} and ${filters}
      order by t.created_at desc, t.id desc
      limit ${page.limit + 1}) r`;
  const items = z.array(schema).parse(rows.map((r) => r.item));
  const hasMore = items.length > page.limit;
  return { object: "list", data: hasMore ? items.slice(0, page.limit) : items, has_more: hasMore };
}

/** One row of a tenant table by id, made JSON as listPage makes them; a 404 when RLS hides it or it is not there. */
export async function readOne<S extends z.ZodType>(
  tx: Tx,
  organizationId: string,
  source: ListSource,
  id: string,
  schema: S,
  notFound: string,
): Promise<z.output<S>> {
  const [row] = await tx`
    select to_jsonb(r) as item from (
      select ${tx.unsafe(source.columns)} from ${tx.unsafe(source.from ?? `${source.table} t`)}
      where t.organization_id = ${organizationId} and t.id = ${id}) r`;
  if (!row) throw new AppError("not_found", notFound);
  return schema.parse(row.item);
}
