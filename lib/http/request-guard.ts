import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { jsonTextDepth, MAX_JSON_DEPTH } from "./input-limits";

/**
 * Checks proxy.ts runs before every request, for malformed input that Next itself would answer
 * with a 500 before any code of ours runs:
 *
 * - a path segment whose %-escapes do not decode (`/api/v1/executions/%ZZ`): Next throws while
 *   decoding the route's params → 400;
 * - a Server Action (a POST with `Next-Action`) from another origin, or with an `Origin` that is
 *   not a URL: Next refuses it as CSRF, with a 500 → 403 here, same rule (Origin's host against
 *   `x-forwarded-host` or `Host`; a request without Origin passes, as in Next);
 * - a Server Action, or a multipart POST a page would take as one (a form posted without
 *   JavaScript), whose body Next cannot decode: more than Next's 1 MB limit (413), broken
 *   multipart, or arguments that are not what React's encoding of plain values and forms produces
 *   (not JSON, nested deeper than our cap, references to parts that are not there) → 400.
 *
 * Route handlers that take large uploads (UPLOAD_ROUTES) read and check their bodies themselves.
 * Answers in the AppError JSON shape, or null to let the request through.
 */

/** Next's default `serverActions.bodySizeLimit`; next.config.ts does not change it. */
export const SERVER_ACTION_MAX_BYTES = 1024 * 1024;

/** Route handlers that take multipart uploads larger than a form (their own caps, 10 MB). */
export const UPLOAD_ROUTES = [
  /^\/o\/[^/]+\/bots\/[^/]+\/knowledge\/upload\/?$/,
  /^\/o\/[^/]+\/commissions\/receipts\/?$/,
];

export async function refuseMalformedRequest(request: NextRequest): Promise<Response | null> {
  const error = malformedPath(request.nextUrl.pathname) ?? (await malformedPost(request));
  return error ? NextResponse.json(error.toBody(), { status: error.status }) : null;
}

function malformedPath(pathname: string): AppError | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return new AppError("bad_request", "The address has a malformed %-escape.");
    }
  }
  return null;
}

async function malformedPost(request: NextRequest): Promise<AppError | null> {
  if (request.method !== "POST") return null;
  const isAction = request.headers.has("next-action");
  const type = request.headers.get("content-type") ?? "";
  const multipart = /^multipart\/form-data/i.test(type);
  if (!isAction && !multipart) return null;
  if (isAction) {
    const refused = foreignOrigin(request);
    if (refused) return refused;
  } else if (UPLOAD_ROUTES.some((route) => route.test(request.nextUrl.pathname))) return null;

  const bytes = await readCapped(request);
  if (bytes instanceof AppError) return bytes;
  if (multipart) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": type } }).formData();
    } catch {
      return new AppError("bad_request", "The form could not be read: its multipart body is malformed.");
    }
    return isAction || [...form.keys()].some((k) => k.startsWith("$ACTION_")) ? malformedReply(form) : null;
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) return null; // Next answers these itself
  const text = new TextDecoder().decode(bytes);
  return text ? malformedReplyValue(text) : null;
}

function foreignOrigin(request: NextRequest): AppError | null {
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  const forbidden = new AppError("forbidden", "This action may only be used from this site's own pages.");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return forbidden; // "null" (a sandboxed page, a file) or not a URL at all
  }
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host"))
    ?.split(",")[0]
    ?.trim();
  return originHost && host && originHost === host ? null : forbidden;
}

/** The body, or a 413 past Next's limit for actions (declared, or found while reading). */
async function readCapped(request: NextRequest): Promise<ArrayBuffer | AppError> {
  const tooLarge = new AppError(
    "payload_too_large",
    `A form may send at most ${SERVER_ACTION_MAX_BYTES / 1024 / 1024} MB.`,
  );
  if (Number(request.headers.get("content-length") ?? 0) > SERVER_ACTION_MAX_BYTES) return tooLarge;
  try {
    const bytes = await request.clone().arrayBuffer();
    return bytes.byteLength > SERVER_ACTION_MAX_BYTES ? tooLarge : bytes;
  } catch {
    return new AppError("bad_request", "The form could not be read.");
  }
}

/**
 * The parts of a multipart action body that React decodes as JSON: the arguments (`0`, `1`, …)
 * and, for a form posted without JavaScript, its bound arguments (`$ACTION_1:0`).
 */
function malformedReply(form: FormData): AppError | null {
  const chunks = new Map<number, unknown>();
  for (const [name, value] of form.entries()) {
    const chunk = /^\d+$/.test(name);
    if (!chunk && !/^\$ACTION_\d+:\d+$/.test(name)) continue;
    if (typeof value !== "string") return unreadable();
    const parsed = parseReplyJson(value);
    if (parsed instanceof AppError) return parsed;
    if (chunk) chunks.set(Number(name), parsed);
  }
  for (const value of chunks.values()) if (!plainReply(value, chunks)) return unreadable();
  return null;
}

/** A text action body: React's encoding of the argument list, the one part there is (`0`). */
function malformedReplyValue(text: string): AppError | null {
  const parsed = parseReplyJson(text);
  if (parsed instanceof AppError) return parsed;
  return plainReply(parsed, new Map([[0, parsed]])) ? null : unreadable();
}

function parseReplyJson(text: string): unknown {
  if (jsonTextDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    return new AppError("bad_request", `The form is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`);
  try {
    return JSON.parse(text);
  } catch {
    return unreadable();
  }
}

/**
 * Values React's reply encoding gives plain arguments and forms: `$$…` (a string starting with
 * $), `$undefined`, `$NaN`, `$Infinity`, `$-Infinity`, `$-0`, `$D…` (a date), `$n…` (a bigint),
 * `$K…` (a FormData), and `$<part>:<path>` (an object sent twice, pointing at its first place).
 * Our actions take nothing else; other references (promises, maps, sets, streams, server
 * references, paths that lead nowhere) are refused rather than left to fail inside Next.
 */
const PLAIN_REPLY_VALUE =
  /^\$(?:\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d{1,300}$|K[0-9a-f]{1,8}$)/;

function plainReply(value: unknown, chunks: Map<number, unknown>): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.startsWith("$") && !PLAIN_REPLY_VALUE.test(v) && !pathLeadsSomewhere(v, chunks)) return false;
    } else if (typeof v === "object" && v !== null) {
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return true;
}

/** `$<hex part>:<key>:<key>…`: the part exists and each key is an own property of plain data. */
function pathLeadsSomewhere(reference: string, chunks: Map<number, unknown>): boolean {
  const [part, ...path] = reference.slice(1).split(":");
  if (!part || !/^[0-9a-f]{1,8}$/.test(part) || !chunks.has(parseInt(part, 16))) return false;
  let at = chunks.get(parseInt(part, 16));
  for (const key of path) {
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === "object" && at !== null;
}

const unreadable = () =>
  new AppError("bad_request", "The form could not be read: its body is not what this site sends.");
