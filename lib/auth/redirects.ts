import { NextResponse, type NextRequest } from "next/server";
import { stackConfig } from "@/lib/config/stack";

/** Where an emailed link lands: the PKCE callback, then on to `next`. */
export function authCallbackUrl(next: string): string {
  return `${stackConfig().siteUrl}/auth/callback?next=${encodeURIComponent(next)}`;
}

/**
 * The auth server's answer to the first of the two links of an email change (double_confirm_changes):
 * GoTrue's `message` when one address is confirmed and the other is still to come.
 */
export function isEmailChangeHalfConfirmed(params: URLSearchParams): boolean {
  return params.get("message")?.startsWith("Confirmation link accepted") === true;
}

/**
 * Redirects for the auth route handlers. Relative to the request's own origin (not the configured
 * site URL): the session cookies were set for the host the browser used, and must travel with it.
 */
export function redirectTo(request: NextRequest, path: string): NextResponse {
  return NextResponse.redirect(new URL(path, request.url), { status: 303 });
}

/** To the friendly error page, carrying only an error code (never free text from the URL). */
export function redirectToAuthError(request: NextRequest, code: string | null | undefined): NextResponse {
  const query = code ? `?code=${encodeURIComponent(code.slice(0, 64))}` : "";
  return redirectTo(request, `/auth/error${query}`);
}

/** The error code an auth server put on a redirect (`error_code`, else `error`), if any. */
export function redirectErrorCode(params: URLSearchParams): string | null {
  const code = params.get("error_code") ?? params.get("error");
  if (code) return code;
  return params.has("error_description") ? "unknown" : null;
}
