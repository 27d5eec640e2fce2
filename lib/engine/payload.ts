/** Large step inputs and outputs are stored truncated, with a marker saying so. */

export const MAX_STORED_BYTES = 64 * 1024;

export type TruncatedMarker = { _truncated: true; bytes: number; preview: string };

export function forStorage(value: unknown, maxBytes = MAX_STORED_BYTES): unknown {
  if (value === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(value) ?? "null";
  } catch {
    return { _truncated: true, bytes: 0, preview: "[not serialisable]" } satisfies TruncatedMarker;
  }
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return value;
  return { _truncated: true, bytes, preview: text.slice(0, 2000) } satisfies TruncatedMarker;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return typeof e === "string" ? e : JSON.stringify(e);
}
