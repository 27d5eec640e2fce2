/**
 * Where auth flows may send people. Pure functions, shared by proxy.ts, pages, actions and route
 * handlers, and unit-tested (paths.test.ts).
 */

export const DEFAULT_SIGNED_IN_PATH = "/dashboard";

/** The code step of signing in with two-factor authentication. */
export const SECOND_FACTOR_PATH = "/sign-in/verify";

/** Paths anyone may open. Everything else needs a signed-in user. */
const PUBLIC_EXACT = new Set([
  "/",
  "/pricing",
  "/terms",
  "/privacy",
  "/contact",
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password",
  // The chatbot widget script, embedded by other websites.
  "/widget.js",
]);
const PUBLIC_PREFIXES = ["/auth/", "/dev/", "/api/", "/_next/", "/invitations/"];

/**
 * True for pages that need no session. `/reset-password` is public here because it explains an
 * expired recovery link itself; `/api/*` route handlers check credentials themselves and answer
 * 401 rather than a redirect; `/invitations/<token>` shows who invited whom before anyone signs in.
 */
export function isPublicPath(pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (PUBLIC_EXACT.has(path)) return true;
  return PUBLIC_PREFIXES.some((prefix) => path === prefix.slice(0, -1) || path.startsWith(prefix));
}

/** Pages it makes no sense to return to after signing in. */
const NO_RETURN = ["/sign-in", "/sign-up", "/forgot-password", "/auth/"];

/**
 * Turns an untrusted `next` value into a same-origin relative path, or `fallback`.
 *
 * Accepted: a single leading "/" followed by a path (and optional query/hash). Refused: absolute
 * URLs, protocol-relative `//host`, backslashes (browsers read `/\host` as `//host`), control or
 * whitespace characters (browsers strip tabs and newlines, turning `/\t/host` into `//host`),
 * anything that does not resolve to the same origin, and anything whose normalised path starts
 * with `//` (dot segments: `/.//host`). Links back to the sign-in pages fall
 * back too, so a redirect cannot loop.
 */
export function safeNextPath(value: unknown, fallback: string = DEFAULT_SIGNED_IN_PATH): string {
  if (typeof value !== "string") return fallback;
  const next = value.trim();
  if (next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f\s]/.test(next)) return fallback;

  const base = "https://orgflow.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Dot segments are resolved by the parse: `/.//evil.example` and `/a/..//evil.example` come out
  // as `//evil.example`, which a browser reads as another host. The path we hand back must pass
  // the same checks as the input did.
  if (url.pathname.startsWith("//")) return fallback;
  if (NO_RETURN.some((p) => url.pathname === p || url.pathname.startsWith(p.endsWith("/") ? p : `${p}/`))) {
    return fallback;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/sign-in`, remembering where to go afterwards when that is somewhere worth returning to. */
export function signInPath(next?: string | null): string {
  const target = next ? safeNextPath(next, "") : "";
  const worthReturning = target !== "" && target !== DEFAULT_SIGNED_IN_PATH && target !== "/";
  return withNextParam("/sign-in", worthReturning ? target : undefined);
}

/** `path?next=<next>` when there is somewhere to return to, else `path`. */
export function withNextParam(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
