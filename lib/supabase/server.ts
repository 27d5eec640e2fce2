import { createServerClient } from "@supabase/ssr";
import { cookies, headers } from "next/headers";
import { stackConfig } from "@/lib/config/stack";
import { clientIp } from "@/lib/http/client-ip";
import { authCookieOptions, withSessionLifetime } from "./cookie-lifetime";
import { authClientAccess, visitorUserAgent } from "./forwarding";
import { realtimeOptions } from "./options";

/**
 * A Supabase client for Server Components, Server Actions and Route Handlers, reading and writing
 * the session cookies of the current request. Create one per request; never share it.
 *
 * Used for auth only (sign-in, sign-up, getClaims …): data goes through lib/db, not PostgREST. It
 * may hold the secret API key (to forward the visitor's address), so it never leaves the server.
 */
export async function createSupabaseServerClient() {
  const cookieStore = await cookies();
  const { supabaseUrl, siteUrl } = stackConfig();
  // The visitor's address goes with every auth call (see ./forwarding.ts).
  const requestHeaders = await headers();
  const access = authClientAccess(clientIp(requestHeaders));
  return createServerClient(supabaseUrl, access.key, {
    ...realtimeOptions,
    global: { headers: { ...access.headers, ...visitorUserAgent(requestHeaders.get("user-agent")) } },
    cookieOptions: authCookieOptions(siteUrl),
    cookies: {
      getAll() {
        return cookieStore.getAll();
      },
      setAll(cookiesToSet) {
        try {
          for (const { name, value, options } of withSessionLifetime(cookiesToSet))
            cookieStore.set(name, value, options);
        } catch {
          // Called from a Server Component, where cookies are read-only. Safe to ignore: proxy.ts
          // refreshes the session and writes the cookies before any page renders.
        }
      },
    },
  });
}
