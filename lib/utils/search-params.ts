/**
 * A day `YYYY-MM-DD` that exists (2026-02-31 does not) and Postgres takes (years 1 to 9999): the
 * check for a list's "from" and "to" filters, so a hand-edited link never reaches SQL as year 0.
 */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < "0001-01-01") return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

/** A page's `searchParams` as Next passes them (awaited). */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, or undefined. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `path?a=1&b=2`, leaving out empty values (so links stay short and filters stay readable). */
export function hrefWithParams(
  path: string,
  params: Record<string, string | number | null | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A 1-based page number from the query; anything odd is page 1. */
export function pageParam(value: string | string[] | undefined): number {
  const page = Number(firstParam(value));
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
}

/** A search box's query from the URL: trimmed, bounded, undefined when empty. */
export function queryParam(value: string | string[] | undefined, max = 100): string | undefined {
  const query = firstParam(value)?.trim().slice(0, max);
  return query ? query : undefined;
}

/** A paged, searchable list's position from the query (`?q=…&page=…`). */
export function listParams(search: SearchParams, pageSize: number) {
  const query = queryParam(search.q);
  const page = pageParam(search.page);
  return { query, page, limit: pageSize, offset: (page - 1) * pageSize };
}
