import { stackConfig } from "@/lib/config/stack";

/**
 * How the app's server-side auth clients reach the auth server for a visitor at `ip`.
 *
 * Every sign-in, sign-up, reset, verification and token refresh the app makes reaches the auth
 * server from the app's own address, so per-IP limits would put all users in one budget (30
 * sign-ins per 5 minutes for everyone, and one person could lock everyone out). Supabase's answer
 * is IP address forwarding: a request made with a SECRET API key may name the end user's address
 * in `Sb-Forwarded-For`, and Auth counts that address instead. Publishable and legacy keys are not
 * accepted for it, and the secret key only ever lives on servers, so no browser can name an
 * address; the app names only what lib/http/client-ip.ts worked out from trusted sources.
 * (https://supabase.com/docs/guides/auth/rate-limits/ip-forwarding; the local auth server does the
 * same, supabase/local-stack/auth-server/forwarded-for.ts.)
 *
 * Without a known address, or without a new-style secret key (a project configured with the
 * legacy service_role JWT only), the client uses the publishable key and forwards nothing.
 */

export const SB_FORWARDED_FOR = "Sb-Forwarded-For";

export type AuthClientAccess = { key: string; headers: Record<string, string> };

export function authClientAccess(ip: string | null): AuthClientAccess {
  const { publishableKey, secretKey } = stackConfig();
  if (ip && secretKey.startsWith("sb_secret_")) {
    return { key: secretKey, headers: { [SB_FORWARDED_FOR]: ip } };
  }
  return { key: publishableKey, headers: {} };
}

/**
 * The visitor's User-Agent, sent on the app's auth calls so the session the auth server records
 * names the visitor's browser (the profile's sessions list shows it), not the app's runtime.
 */
export function visitorUserAgent(userAgent: string | null): Record<string, string> {
  const value = userAgent?.trim().slice(0, 512);
  return value ? { "User-Agent": value } : {};
}
