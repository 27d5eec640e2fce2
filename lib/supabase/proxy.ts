import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { stackConfig } from "@/lib/config/stack";
import { clientIp } from "@/lib/http/client-ip";
import { authCookieOptions, withSessionLifetime } from "./cookie-lifetime";
import { authClientAccess } from "./forwarding";
import { realtimeOptions } from "./options";
import { DEFAULT_SIGNED_IN_PATH, isPublicPath, signInPath } from "@/lib/auth/paths";

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
  const { supabaseUrl, siteUrl } = stackConfig();
  let response = NextResponse.next({ request });

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
        response = NextResponse.next({ request });
        // No longer than the refresh token inside them (cookie-lifetime.ts).
        for (const { name, value, options } of withSessionLifetime(cookiesToSet))
          response.cookies.set(name, value, options);
        // Responses that set auth cookies must not be cached by a CDN.
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });

  // Nothing may run between creating the client and getClaims(): this call refreshes the session.
  let signedIn = false;
  try {
    const { data } = await supabase.auth.getClaims();
    signedIn = Boolean(data?.claims?.sub);
  } catch {
    // The auth server is unreachable: treat the request as signed out, let pages decide.
  }

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
