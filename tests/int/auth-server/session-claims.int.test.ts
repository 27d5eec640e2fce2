import { createChunks, stringToBase64URL } from "@supabase/ssr";
import type { Session } from "@supabase/supabase-js";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_JWT_SECRET } from "@/lib/config/well-known";
import { authServerPerFile, PASSWORD, uniqueEmail } from "./support";

/**
 * The local claims check pages and the proxy use (lib/supabase/session-claims.ts) accepts only a
 * session cookie whose access token the auth server signed and that has not expired; everything
 * else is null, so the caller falls back to auth-js (which refreshes, clears or rejects).
 */

/** Access tokens live this long here, so one can be seen expiring. */
const TOKEN_SECONDS = 4;
const auth = authServerPerFile({ jwtExpiry: TOKEN_SECONDS });
const savedEnv = { ...process.env };

type Claims = typeof import("@/lib/supabase/session-claims");
let claimsModule: Claims;

beforeAll(async () => {
  // The app's stack settings point at the first auth server (stackConfig reads them once).
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: auth.supabaseUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: auth.publishableKey,
  });
  claimsModule = await import("@/lib/supabase/session-claims");
});
afterAll(() => {
  process.env = savedEnv;
});

/** The cookies @supabase/ssr writes for `session` (base64 JSON, chunked when long). */
function cookiesFor(session: Partial<Session>, extra: { name: string; value: string }[] = []) {
  const value = `base64-${stringToBase64URL(JSON.stringify(session))}`;
  const chunks = createChunks(claimsModule.sessionCookieName(), value);
  return { getAll: () => [...chunks, ...extra] };
}

async function signedInSession(): Promise<Session> {
  const email = uniqueEmail("claims");
  await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  const { data, error } = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
  if (error || !data.session) throw error ?? new Error("no session");
  return data.session;
}

const withToken = (session: Session, accessToken: string) => ({ ...session, access_token: accessToken });

describe("verifiedSessionClaims", () => {
  it("returns the claims of a session the auth server signed, whole or in chunks", async () => {
    const session = await signedInSession();
    const claims = await claimsModule.verifiedSessionClaims(cookiesFor(session));
    expect(claims?.sub).toBe(session.user.id);
    expect(claims?.role).toBe("authenticated");

    // A session bigger than one cookie (a long user_metadata) is split; it still reads whole.
    const padded = { ...session, user: { ...session.user, user_metadata: { note: "x".repeat(5000) } } };
    const chunked = cookiesFor(padded);
    expect(chunked.getAll().length).toBeGreaterThan(1);
    expect((await claimsModule.verifiedSessionClaims(chunked))?.sub).toBe(session.user.id);
  });

  it("refuses a token forged with the Supabase CLI's public HS256 secret", async () => {
    const session = await signedInSession();
    const forged = await new SignJWT({ sub: session.user.id, role: "authenticated", aud: "authenticated" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(CLI_JWT_SECRET));
    expect(await claimsModule.verifiedSessionClaims(cookiesFor(withToken(session, forged)))).toBeNull();
  });

  it("refuses a token signed with another key under the server's key id", async () => {
    const session = await signedInSession();
    const { kid, alg } = decodeProtectedHeader(session.access_token);
    const attacker = await generateKeyPair(alg!);
    const forged = await new SignJWT({ ...decodeJwt(session.access_token) })
      .setProtectedHeader({ alg: alg!, kid, typ: "JWT" })
      .sign(attacker.privateKey);
    expect(await claimsModule.verifiedSessionClaims(cookiesFor(withToken(session, forged)))).toBeNull();
  });

  it("remembers a verified session by its exact cookie: a changed token is checked again", async () => {
    const [victim, attacker] = [await signedInSession(), await signedInSession()];
    // Both verified (and remembered) first.
    expect((await claimsModule.verifiedSessionClaims(cookiesFor(victim)))?.sub).toBe(victim.user.id);
    const claims = await claimsModule.verifiedSessionClaims(cookiesFor(attacker));
    expect(claims?.sub).toBe(attacker.user.id);
    // What is remembered is shared between requests: nobody can change it.
    expect(() => Object.assign(claims!, { sub: victim.user.id })).toThrow();
    expect((await claimsModule.verifiedSessionClaims(cookiesFor(attacker)))?.sub).toBe(attacker.user.id);
    // The attacker's cookie carrying the victim's claims under the attacker's signature.
    const [header, , signature] = attacker.access_token.split(".");
    const [, victimPayload] = victim.access_token.split(".");
    const spliced = `${header}.${victimPayload}.${signature}`;
    expect(await claimsModule.verifiedSessionClaims(cookiesFor(withToken(attacker, spliced)))).toBeNull();
  });

  it("refuses a genuine token whose payload was changed (another user's id)", async () => {
    const [victim, attacker] = [await signedInSession(), await signedInSession()];
    const [header, , signature] = attacker.access_token.split(".");
    const payload = { ...decodeJwt(attacker.access_token), sub: victim.user.id };
    const tampered = `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
    expect(await claimsModule.verifiedSessionClaims(cookiesFor(withToken(attacker, tampered)))).toBeNull();
  });

  it(
    "refuses an expired token, and one about to expire when asked for more time",
    { timeout: 15_000 },
    async () => {
      const session = await signedInSession();
      expect(await claimsModule.verifiedSessionClaims(cookiesFor(session))).not.toBeNull();
      // Good for a few seconds: not for a minute (the proxy leaves such a token to auth-js to refresh).
      expect(await claimsModule.verifiedSessionClaims(cookiesFor(session), 60)).toBeNull();
      await new Promise((r) => setTimeout(r, (TOKEN_SECONDS + 1) * 1000));
      expect(await claimsModule.verifiedSessionClaims(cookiesFor(session))).toBeNull();
    },
  );

  it("is null without a session cookie, or with one that is not a session", async () => {
    expect(await claimsModule.verifiedSessionClaims({ getAll: () => [] })).toBeNull();
    const name = claimsModule.sessionCookieName();
    for (const value of ["base64-!!!", "base64-e30", "not json", `base64-${stringToBase64URL('"text"')}`]) {
      expect(await claimsModule.verifiedSessionClaims({ getAll: () => [{ name, value }] })).toBeNull();
    }
    expect(claimsModule.hasSessionCookie({ getAll: () => [{ name: "other", value: "x" }] })).toBe(false);
    expect(claimsModule.hasSessionCookie({ getAll: () => [{ name: `${name}.0`, value: "x" }] })).toBe(true);
  });
});
