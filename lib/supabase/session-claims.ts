import { combineChunks, stringFromBase64URL } from "@supabase/ssr";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { stackConfig } from "@/lib/config/stack";

/**
 * The session's access token verified locally, cheaply: read from the session cookie and checked
 * against the auth server's published signing keys (JWKS), with the keys fetched and imported once
 * per process (jose refetches them when a token names a key it has not seen, and every 10 minutes,
 * as auth-js's JWKS cache does).
 *
 * It accepts exactly what `supabase.auth.getClaims()` accepts by local verification (an asymmetric
 * signature by a published key, `exp` in the future) and answers null for everything else: a
 * symmetric (HS256) token, which getClaims can only check by asking the auth server, an unknown key,
 * a bad signature, an expired token, no session. Callers then take getClaims()'s own path, which
 * refreshes, clears or rejects the session as before. What this saves is building a Supabase
 * client, decoding the cookie twice and importing the key on every check (several per request).
 */

/** Asymmetric algorithms the auth server signs with (Supabase: ES256 or RS256). */
const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256", "EdDSA"];

/** What auth-js's JWKS cache keeps keys for (JWKS_TTL). */
const JWKS_MAX_AGE_MS = 10 * 60 * 1000;

let jwks: { url: string; keySet: ReturnType<typeof createRemoteJWKSet> } | undefined;

function signingKeys() {
  const { supabaseUrl, publishableKey } = stackConfig();
  const url = `${supabaseUrl.replace(/\/$/, "")}/auth/v1/.well-known/jwks.json`;
  if (jwks?.url !== url) {
    jwks = {
      url,
      keySet: createRemoteJWKSet(new URL(url), {
        cacheMaxAge: JWKS_MAX_AGE_MS,
        headers: { apikey: publishableKey },
      }),
    };
  }
  return jwks.keySet;
}

/** @supabase/ssr's cookie name for the session: `sb-<first label of the Supabase host>-auth-token`. */
export function sessionCookieName(supabaseUrl = stackConfig().supabaseUrl): string {
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}

type CookieReader = { getAll(): { name: string; value: string }[] };

/** Whether the request carries any session cookie (or chunk of one) at all. */
export function hasSessionCookie(cookies: CookieReader): boolean {
  const name = sessionCookieName();
  return cookies.getAll().some((c) => c.name === name || c.name.startsWith(`${name}.`));
}

/** The session's access token and expiry as @supabase/ssr stored them, or null. */
export async function sessionFromCookies(
  cookies: CookieReader,
): Promise<{ accessToken: string; expiresAt: number | null } | null> {
  const name = sessionCookieName();
  const all = new Map(cookies.getAll().map((c) => [c.name, c.value]));
  const raw = await combineChunks(name, (chunk) => all.get(chunk));
  if (!raw) return null;
  try {
    const json = raw.startsWith("base64-") ? stringFromBase64URL(raw.slice("base64-".length)) : raw;
    const session: unknown = JSON.parse(json);
    if (!session || typeof session !== "object") return null;
    const { access_token: accessToken, expires_at: expiresAt } = session as Record<string, unknown>;
    if (typeof accessToken !== "string" || !accessToken) return null;
    return { accessToken, expiresAt: typeof expiresAt === "number" ? expiresAt : null };
  } catch {
    return null;
  }
}

/** The claims of `token` if its signature verifies against the published keys and it is unexpired. */
export async function verifyAccessTokenLocally(token: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, signingKeys(), {
      algorithms: ASYMMETRIC_ALGORITHMS,
      requiredClaims: ["exp", "sub"],
    });
    return payload;
  } catch {
    return null;
  }
}

/**
 * The verified claims of the session in these cookies, when the token is good for at least
 * `validForSeconds` more (the proxy leaves tokens about to expire to the client, which refreshes
 * them); null otherwise.
 */
export async function verifiedSessionClaims(
  cookies: CookieReader,
  validForSeconds = 0,
): Promise<JWTPayload | null> {
  const session = await sessionFromCookies(cookies);
  if (!session) return null;
  const claims = await verifyAccessTokenLocally(session.accessToken);
  if (!claims || typeof claims.exp !== "number") return null;
  if (claims.exp - Date.now() / 1000 < validForSeconds) return null;
  return claims;
}
