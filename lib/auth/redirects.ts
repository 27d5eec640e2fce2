import { NextResponse, type NextRequest } from "next/server";

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
