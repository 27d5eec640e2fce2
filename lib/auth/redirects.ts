import "server-only";
import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { siteUrlForHost } from "@/lib/config/site-url";
import { stackConfig } from "@/lib/config/stack";
import { DEFAULT_SIGNED_IN_PATH } from "./paths";

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

/** "/" then anything but a second slash or backslash; no backslash, control character or space. */
const SAME_ORIGIN_PATH = /^\/(?![/\\])[^\\\s\u0000-\u001f\u007f]*$/;

/**
 * Redirects for the auth route handlers, as a relative Location: the browser stays on the host it
 * used, where the session cookies were just set (127.0.0.1 or localhost, or the public name in
 * front of a proxy). Not `new URL(path, request.url)`: in a route handler, request.url names the
 * host the server was started with (`localhost`), not the one the browser asked for.
 */
export function redirectTo(path: string): NextResponse {
  // Paths come from safeNextPath; this is the second lock on the same door. A Location a browser
  // would read as another host (`//host`, `/\host`, or one with the tabs and newlines browsers
  // strip) goes to the signed-in home instead: never another site, and never a 500.
  const safe = SAME_ORIGIN_PATH.test(path) ? path : DEFAULT_SIGNED_IN_PATH;
  return new NextResponse(null, { status: 303, headers: { Location: safe } });
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
