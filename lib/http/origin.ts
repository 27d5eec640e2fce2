import { AppError } from "@/lib/errors";

/**
 * Cross-site request forgery and cross-site reads, for route handlers that act on the session
 * cookie (uploads, exports, files, live feeds). Server actions get the first half from Next
 * itself; route handlers get nothing, so every one of them calls `assertSameOriginRequest` first.
 *
 * Unsafe methods (POST, PUT, PATCH, DELETE): decided as Next decides for server actions. An
 * `Origin` header must name this host (`x-forwarded-host`, else `Host`); `Origin: null` (sandboxed
 * frames, some redirects) is refused; so is a `Sec-Fetch-Site` other than `same-origin`. With
 * neither header the request is not from a browser that could be tricked (every current browser
 * sends `Origin` on these methods), so, as Next does, it passes: such a client only holds the
 * cookies its user gave it.
 *
 * Safe methods (GET, HEAD) that hand out data: the Fetch Metadata "resource isolation policy"
 * (web.dev, as Google serves its own apps): `Sec-Fetch-Site` of `same-origin` or `none` (typed in,
 * a bookmark) passes, as does a top-level navigation from elsewhere (a link that opens the file:
 * the other site never sees it); everything else cross-site, say an `<img>`, `<script>` or `fetch`
 * from another site riding the cookie, is refused. Another subdomain (`same-site`) counts as
 * another site. Without the header (older browsers, non-browsers) it passes.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function refuse(): never {
  throw new AppError("forbidden", "This request came from another site, so it was refused.");
}

/** The host this request was sent to, as Next's server-action check reads it. */
function requestHost(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwarded) return forwarded.toLowerCase();
  const host = request.headers.get("host");
  if (host) return host.toLowerCase();
  try {
    return new URL(request.url).host.toLowerCase();
  } catch {
    return null;
  }
}

function originHost(origin: string): string | null {
  if (origin === "null") return null;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Throws AppError("forbidden") when the request is cross-site in a way the route must not serve. */
export function assertSameOriginRequest(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (SAFE_METHODS.has(request.method.toUpperCase())) {
    if (site === null || site === "same-origin" || site === "none") return;
    const mode = request.headers.get("sec-fetch-mode");
    const dest = request.headers.get("sec-fetch-dest");
    if (mode === "navigate" && dest === "document") return;
    refuse();
  }
  if (site !== null && site !== "same-origin") refuse();
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const from = originHost(origin);
  if (!from || from !== requestHost(request)) refuse();
}
