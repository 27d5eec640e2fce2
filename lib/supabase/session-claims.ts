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
 *
 * A session verified once is remembered for up to a minute (never past its token's expiry), by the
 * exact cookie value: the proxy and the page check the same session on every request, and an
 * ECDSA verification plus decoding the cookie cost more than the rest of the proxy (bench:auth).
 * Only successes are remembered (what fails is checked again each time), and a minute is well
 * within the ten minutes a removed signing key stays in the JWKS cache anyway.
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
  const raw = await sessionCookieValue(cookies);
  return raw ? parseSession(raw) : null;
}

/** The session cookie's value, combined from its chunks, or null. */
async function sessionCookieValue(cookies: CookieReader): Promise<string | null> {
  const all = new Map(cookies.getAll().map((c) => [c.name, c.value]));
  return (await combineChunks(sessionCookieName(), (chunk) => all.get(chunk))) ?? null;
}

/** A session cookie's value (combined from its chunks) as @supabase/ssr wrote it, or null. */
function parseSession(raw: string): { accessToken: string; expiresAt: number | null } | null {
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
  const claims = await verifiedSession(cookies);
  if (!claims || typeof claims.exp !== "number") return null;
  if (claims.exp - Date.now() / 1000 < validForSeconds) return null;
  return claims;
}

/** How long, at most, a verified session is remembered, and how many are. */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 5_000;

type Remembered = { claims: JWTPayload; until: number };

/**
 * Shared by the proxy's and the pages' copies of this module (Next bundles them apart): one
 * verification serves both, and the requests after.
 */
const remembered: Map<string, Remembered> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for("orgflow.verifiedSessions")
] ??= new Map<string, Remembered>()) as Map<string, Remembered>;

/** The session's verified claims (remembered, frozen: callers copy what they change), or null. */
async function verifiedSession(cookies: CookieReader): Promise<JWTPayload | null> {
  const raw = await sessionCookieValue(cookies);
  if (!raw) return null;
  const key = `${stackConfig().supabaseUrl}\n${raw}`;
  const now = Date.now();
  const hit = remembered.get(key);
  if (hit && hit.until > now) return hit.claims;
  if (hit) remembered.delete(key);
  const session = parseSession(raw);
  const claims = session && (await verifyAccessTokenLocally(session.accessToken));
  if (!claims || typeof claims.exp !== "number") return null;
  if (remembered.size >= REMEMBER_MAX) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { claims: deepFreeze(claims), until: Math.min(now + REMEMBER_MS, claims.exp * 1000) });
  return claims;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
