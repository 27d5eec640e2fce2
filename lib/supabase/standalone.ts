import "server-only";
import { createClient } from "@supabase/supabase-js";
import { headers } from "next/headers";
import { stackConfig } from "@/lib/config/stack";
import { clientIp } from "@/lib/http/client-ip";
import { authClientAccess, visitorUserAgent } from "./forwarding";
import { realtimeOptions } from "./options";

const MEMORY_ONLY = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

/**
 * A client whose session lives in memory for one call and never touches the visitor's cookies:
 * for checking a password (the current one, before a change) without replacing the session the
 * visitor is signed in with. The visitor's address is forwarded, so the sign-in limits count them.
 */
export async function createDetachedAuthClient() {
  const { supabaseUrl } = stackConfig();
  const requestHeaders = await headers();
  const access = authClientAccess(clientIp(requestHeaders));
  return createClient(supabaseUrl, access.key, {
    ...realtimeOptions,
    global: { headers: { ...access.headers, ...visitorUserAgent(requestHeaders.get("user-agent")) } },
    auth: MEMORY_ONLY,
  });
}

/**
 * The auth admin API with the secret key, for what only the server may do on a user's behalf
 * after checking it itself (removing the factors of someone who signed in with a recovery code).
 */
export function createAuthAdminClient() {
  const { supabaseUrl, secretKey } = stackConfig();
  return createClient(supabaseUrl, secretKey, { ...realtimeOptions, auth: MEMORY_ONLY }).auth.admin;
}
