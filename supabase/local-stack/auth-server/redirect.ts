import type { RequestContext } from "./context";
import type { AuthSettings } from "./settings";

/**
 * Where emailed links may send people (GoTrue utilities/request.go `IsRedirectURLValid`): any URL
 * on the site_url's host, or one matching an additional_redirect_urls glob. Globs use gobwas/glob
 * rules with `.` and `/` as separators: `*` stops at a separator, `**` does not, `?` is one character.
 */

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (ch === "*") source += "[^./]*";
    else if (ch === "?") source += "[^./]";
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function isRedirectAllowed(
  settings: Pick<AuthSettings, "siteUrl" | "additionalRedirectUrls">,
  candidate: string,
): boolean {
  const target = parseUrl(candidate);
  // A link must never run script or carry data in the browser that follows it.
  if (!target || ["javascript:", "data:", "vbscript:"].includes(target.protocol)) return false;
  const site = parseUrl(settings.siteUrl);
  if (site && site.hostname === target.hostname) return true;
  return settings.additionalRedirectUrls.some((pattern) => globToRegExp(pattern).test(candidate));
}

/** GoTrue's getRedirectURLOrReferrer: the requested URL, else the Referer, else site_url. */
export function resolveRedirect(ctx: RequestContext, requested?: string | null): string {
  const { settings } = ctx.deps;
  const candidates = [requested, ctx.url.searchParams.get("redirect_to"), ctx.req.headers.referer];
  for (const candidate of candidates) {
    if (candidate && isRedirectAllowed(settings, candidate)) return candidate;
  }
  return settings.siteUrl;
}
