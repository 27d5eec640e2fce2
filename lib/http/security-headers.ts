/**
 * The security headers of every response (issue #15, item 11), decided in one place:
 * next.config.ts sends the fixed ones on everything (static files too); proxy.ts adds, per
 * request, the Content-Security-Policy with a fresh nonce and HSTS when the request came over
 * HTTPS.
 *
 * The policy is a "strict CSP" as Google's and GitHub's are: scripts run only with this request's
 * nonce (Next puts it on its own scripts; `'strict-dynamic'` lets those load their chunks) or a
 * listed hash, never `'unsafe-inline'` and, in production, never `eval`. Styles may be inline:
 * React Flow and the toaster set `style` attributes, which no nonce can cover (GitHub allows the
 * same). `frame-ancestors 'none'` forbids framing every page (clickjacking); the chat widget is a
 * script other sites load, not a frame, so nothing is excepted. `object-src`, `base-uri` and
 * `form-action` close the remaining ways around a script policy.
 */

/** Sent on every response, static files included. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  // Links to other sites learn the origin only, never a path with a token or code in it.
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // frame-ancestors' predecessor, for browsers that do not read CSP.
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Two years, subdomains included, as GitHub and Stripe send it; no preload (a hosting choice). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** `'sha256-…'` of an inline script's exact text, for the policy's script-src. */
export async function scriptHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

export type PolicyOptions = {
  nonce: string;
  /** `'sha256-…'` sources of inline scripts the app renders itself. */
  scriptHashes?: readonly string[];
  /** `next dev`: React needs eval for its debugging aids, and HMR a WebSocket. */
  dev?: boolean;
  /** Served over HTTPS: ask the browser to upgrade any stray http:// subresource. */
  https?: boolean;
};

export function contentSecurityPolicy({
  nonce,
  scriptHashes = [],
  dev = false,
  https = false,
}: PolicyOptions) {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...scriptHashes,
      ...(dev ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(dev ? ["ws:", "wss:"] : [])],
    ["frame-src", "'self'"],
    ["worker-src", "'self'", "blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Whether the browser reached us over HTTPS (directly, or through a proxy that says so). */
export function servedOverHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}
