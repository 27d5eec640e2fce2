/** Types of ./pdf-stream-budget.mjs (plain JavaScript, run inside the PDF reading thread). */
export type DecodedStreams =
  | { ok: true; totalBytes: number; streams: number }
  | { ok: false; reason: "stream" | "total"; totalBytes: number };

export function measureDecodedStreams(
  data: Uint8Array,
  limits: { maxStreamBytes: number; maxTotalBytes: number },
): Promise<DecodedStreams>;
