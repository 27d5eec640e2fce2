import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { ApiError, badRequest } from "./errors";

/** What a handler answers; the server turns it into bytes, adding CORS and version headers. */
export type Reply = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers,
});

export const noContent = (): Reply => ({ status: 204 });

/** GoTrue answers email links with 303 See Other (http.Redirect). */
export const redirect = (location: string): Reply => ({ status: 303, headers: { location } });

/** Reads the body up to `limit` bytes; a larger one is refused with 413 before it is buffered. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "request_too_large", `Request body is larger than ${limit} bytes`);
}

/**
 * Parses a JSON body against a schema. Like Go's json.Unmarshal in GoTrue, malformed JSON and
 * values of the wrong type are both 400 bad_json; an empty body counts as `{}`.
 */
export function parseJsonBody<T>(raw: string, schema: z.ZodType<T>): T {
  let value: unknown = {};
  if (raw.trim() !== "") {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw badRequest("bad_json", `Could not parse request body as JSON: ${(e as Error).message}`);
    }
  }
  if (containsNul(value)) {
    throw badRequest(
      "bad_json",
      "Could not parse request body as JSON: strings may not contain NUL characters",
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw badRequest(
      "bad_json",
      `Could not parse request body as JSON: ${where}${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/** Postgres text and jsonb cannot hold U+0000, so such input is refused before it reaches SQL. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  }
  return false;
}

const EXPOSED_HEADERS = "X-Total-Count, Link, X-Supabase-Api-Version, x-sb-error-code";
const DEFAULT_ALLOWED_HEADERS =
  "Accept, Authorization, Content-Type, apikey, X-Client-Info, X-Client-IP, X-Supabase-Api-Version, x-use-cookie";

/** CORS as the gateway allows it: any origin, credentials, and the headers auth-js reads. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    "access-control-allow-origin": origin ?? "*",
    ...(origin ? { "access-control-allow-credentials": "true", vary: "Origin" } : {}),
    "access-control-expose-headers": EXPOSED_HEADERS,
  };
}

export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? DEFAULT_ALLOWED_HEADERS,
    "access-control-max-age": "3600",
  };
}

export function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The client's address, for per-IP limits. */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "unknown";
}

/** True when the request asks for the 2024-01-01 error shape (auth-js always does). */
export function wantsApiVersion2024(req: IncomingMessage): boolean {
  const value = req.headers["x-supabase-api-version"];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return Date.parse(`${text}T00:00:00Z`) >= Date.parse("2024-01-01T00:00:00Z");
}
