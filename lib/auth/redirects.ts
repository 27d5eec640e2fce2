import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { siteUrlForHost } from "@/lib/config/site-url";
import { stackConfig } from "@/lib/config/stack";

/**
 * Where an emailed link lands: the PKCE callback, then on to `next`. On the host the person used
 * when that is another loopback name of the site (127.0.0.1 for localhost): PKCE's code verifier
 * cookie is there. For server actions and route handlers (it reads the request's Host).
 */
export async function authCallbackUrl(next: string): Promise<string> {
  const site = siteUrlForHost(stackConfig().siteUrl, (await headers()).get("host"));
  return `${site}/auth/callback?next=${encodeURIComponent(next)}`;
}

/**
 * The auth server's answer to the first of the two links of an email change (double_confirm_changes):
 * GoTrue's `message` when one address is confirmed and the other is still to come.
 */
export function isEmailChangeHalfConfirmed(params: URLSearchParams): boolean {
  return params.get("message")?.startsWith("Confirmation link accepted") === true;
}

/**
 * Redirects for the auth route handlers, as a relative Location: the browser stays on the host it
 * used, where the session cookies were just set (127.0.0.1 or localhost, or the public name in
 * front of a proxy). Not `new URL(path, request.url)`: in a route handler, request.url names the
 * host the server was started with (`localhost`), not the one the browser asked for.
 */
export function redirectTo(path: string): NextResponse {
  if (!path.startsWith("/") || path.startsWith("//")) throw new Error(`Not a same-origin path: ${path}`);
  return new NextResponse(null, { status: 303, headers: { Location: path } });
}

/** To the friendly error page, carrying only an error code (never free text from the URL). */
export function redirectToAuthError(code: string | null | undefined): NextResponse {
  const query = code ? `?code=${encodeURIComponent(code.slice(0, 64))}` : "";
  return redirectTo(`/auth/error${query}`);
}

/** The error code an auth server put on a redirect (`error_code`, else `error`), if any. */
export function redirectErrorCode(params: URLSearchParams): string | null {
  const code = params.get("error_code") ?? params.get("error");
  if (code) return code;
  return params.has("error_description") ? "unknown" : null;
}
