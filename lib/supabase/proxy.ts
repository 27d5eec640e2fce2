import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { stackConfig } from "@/lib/config/stack";
import { clientIp } from "@/lib/http/client-ip";
import { authCookieOptions, withSessionLifetime } from "./cookie-lifetime";
import { authClientAccess } from "./forwarding";
import { realtimeOptions } from "./options";
import { hasSessionCookie, verifiedSessionClaims } from "./session-claims";
import { DEFAULT_SIGNED_IN_PATH, isPublicPath, signInPath } from "@/lib/auth/paths";

/**
 * A token with less than this left goes through auth-js, which refreshes it once under 90 s
 * (EXPIRY_MARGIN_MS); the extra 30 s covers the clock moving on while the page renders.
 */
const REFRESH_MARGIN_SECONDS = 120;

/**
 * Runs before every page request (see /proxy.ts): refreshes the Supabase session when its access
 * token is about to expire and returns a response carrying the refreshed cookies, so Server
 * Components (which cannot write cookies) always see a valid session.
 *
 * Signed-out page requests to protected paths are redirected to /sign-in?next=<path>, and signed-in
 * ones to the landing page go to /dashboard. This is a convenience, not the security boundary:
 * pages call requireClaims() and actions resolve claims themselves.
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });
  // Most requests need no Supabase client: a visitor with no session cookie has nothing to refresh
  // or clear, and a token that verifies and is not about to expire needs no refresh.
  const signedIn = !hasSessionCookie(request.cookies)
    ? false
    : (await verifiedSessionClaims(request.cookies, REFRESH_MARGIN_SECONDS)) !== null ||
      (await refreshedSession(request, (next) => (response = next)));
  return guardedResponse(request, response, signedIn);
}

/**
 * Leaves the session to auth-js, which refreshes a token about to expire (or expired) and clears a
 * dead session's cookies; says whether the request is signed in afterwards. `respond` receives
 * the response carrying the cookies it wrote.
 */
async function refreshedSession(
  request: NextRequest,
  respond: (response: NextResponse) => void,
): Promise<boolean> {
  const { supabaseUrl, siteUrl } = stackConfig();

  // Token refreshes are limited per IP too: they carry the visitor's address (see ./forwarding.ts).
  const access = authClientAccess(clientIp(request));
  const supabase = createServerClient(supabaseUrl, access.key, {
    ...realtimeOptions,
    global: { headers: access.headers },
    cookieOptions: authCookieOptions(siteUrl),
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        // The refreshed cookies go on the request (for the page rendering now) and on the
        // response (for the browser).
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        const response = NextResponse.next({ request });
        // No longer than the refresh token inside them (cookie-lifetime.ts).
        for (const { name, value, options } of withSessionLifetime(cookiesToSet))
          response.cookies.set(name, value, options);
        // Responses that set auth cookies must not be cached by a CDN.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
        respond(response);
      },
    },
  });

  // Nothing may run between creating the client and getClaims(): this call refreshes the session.
  try {
    const { data } = await supabase.auth.getClaims();
    return Boolean(data?.claims?.sub);
  } catch {
    // The auth server is unreachable: treat the request as signed out, let pages decide.
    return false;
  }
}

/** Redirects signed-out visitors away from the signed-in area, and members away from the landing page. */
function guardedResponse(request: NextRequest, response: NextResponse, signedIn: boolean): NextResponse {
  const { pathname, search } = request.nextUrl;
  const isPageNavigation = request.method === "GET" || request.method === "HEAD";
  // Server Actions are POSTs: they answer `unauthenticated` themselves instead of being redirected.
  if (!signedIn && isPageNavigation && !isPublicPath(pathname)) {
    const redirect = NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
    // Keep whatever the client cleared or refreshed (e.g. a dead session's cookies being removed).
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    const cacheControl = response.headers.get("cache-control");
    if (cacheControl) redirect.headers.set("cache-control", cacheControl);
    return redirect;
  }

  // The landing page is for visitors, and static (prerendered): members go on to their dashboard.
  if (signedIn && isPageNavigation && pathname === "/") {
    const redirect = NextResponse.redirect(new URL(DEFAULT_SIGNED_IN_PATH, request.url));
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    redirect.headers.set("cache-control", "private, no-store");
    return redirect;
  }

  return response;
}
