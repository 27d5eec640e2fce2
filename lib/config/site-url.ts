/**
 * `localhost`, `127.0.0.1` and `[::1]` are one machine but three origins to a browser: cookies set
 * on one are not sent to another. When the app's site URL is one of them, auth links must lead back
 * to the very name the person used, or the session (and PKCE's code verifier) would stay behind.
 */

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase());
}

/** The origins of a loopback site URL under its other loopback names (same scheme and port). */
export function loopbackAliases(siteUrl: string): string[] {
  const site = parse(siteUrl);
  if (!site || !isLoopbackHost(site.hostname)) return [];
  return LOOPBACK_HOSTS.filter((h) => h !== site.hostname).map((h) => {
    const alias = new URL(site.origin);
    alias.hostname = h;
    return alias.origin;
  });
}

/**
 * The site URL as the browser sees it: the request's own origin when that is a loopback alias of a
 * loopback site URL; the configured site URL otherwise (a Host header never picks any other place).
 */
export function siteUrlForHost(siteUrl: string, requestHost: string | null | undefined): string {
  const site = parse(siteUrl);
  if (!site || !requestHost) return siteUrl;
  const asked = parse(`${site.protocol}//${requestHost}`);
  if (!asked || asked.origin === site.origin) return siteUrl;
  if (!loopbackAliases(siteUrl).includes(asked.origin)) return siteUrl;
  return `${asked.origin}${site.pathname.replace(/\/+$/, "")}`;
}
