import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseGoDuration } from "@/supabase/local-stack/auth-server/settings";
import {
  authCookieOptions,
  SESSION_INACTIVITY_SECONDS,
  SESSION_TIMEBOX_SECONDS,
  sessionAuthenticatedAt,
  sessionCookieMaxAge,
  withSessionLifetime,
} from "./cookie-lifetime";

const NOW = 1_800_000_000;
const DAY = 24 * 60 * 60;

/** Session cookies as @supabase/ssr writes them: base64url JSON, chunked across `.0`, `.1`. */
function sessionCookies(signedInAt: number, chunk = 0) {
  const claims = { sub: "u", amr: [{ method: "password", timestamp: signedInAt }] };
  const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
  const value = `base64-${Buffer.from(JSON.stringify({ access_token: jwt, refresh_token: "r" })).toString("base64url")}`;
  const options = { path: "/", maxAge: 400 * DAY };
  if (!chunk) return [{ name: "sb-127-auth-token", value, options }];
  return [
    { name: "sb-127-auth-token.1", value: value.slice(chunk), options },
    { name: "sb-127-auth-token.0", value: value.slice(0, chunk), options },
  ];
}

describe("session cookie lifetime", () => {
  it("matches supabase/config.toml's [auth.sessions]", () => {
    const config = parse(readFileSync("supabase/config.toml", "utf8")) as {
      auth: { sessions: { timebox: string; inactivity_timeout: string } };
    };
    expect(parseGoDuration(config.auth.sessions.timebox)).toBe(SESSION_TIMEBOX_SECONDS);
    expect(parseGoDuration(config.auth.sessions.inactivity_timeout)).toBe(SESSION_INACTIVITY_SECONDS);
  });

  it("is the inactivity limit, capped by what is left of the timebox, never 400 days", () => {
    expect(sessionCookieMaxAge(NOW, NOW)).toBe(SESSION_INACTIVITY_SECONDS);
    expect(sessionCookieMaxAge(NOW - 10 * DAY, NOW)).toBe(4 * DAY);
    expect(sessionCookieMaxAge(NOW - 20 * DAY, NOW)).toBe(0);
    expect(authCookieOptions("http://localhost:3000")).toMatchObject({
      maxAge: SESSION_INACTIVITY_SECONDS,
      httpOnly: true,
      secure: false,
    });
    expect(authCookieOptions("https://app.example").secure).toBe(true);
  });

  it("reads the sign-in time from the session in the cookies, chunked or not", () => {
    expect(sessionAuthenticatedAt(sessionCookies(NOW - 3 * DAY))).toBe(NOW - 3 * DAY);
    expect(sessionAuthenticatedAt(sessionCookies(NOW - 3 * DAY, 40))).toBe(NOW - 3 * DAY);
    expect(sessionAuthenticatedAt([{ name: "sb-127-auth-token", value: "garbage", options: {} }])).toBeNull();
  });

  it("writes a refreshed session's cookies to die with its refresh token", () => {
    const signedIn = Math.floor(Date.now() / 1000) - 12 * DAY;
    const written = withSessionLifetime([
      ...sessionCookies(signedIn, 40),
      { name: "sb-127-auth-token-code-verifier", value: "", options: { maxAge: 0 } },
    ]);
    for (const c of written.filter((c) => c.value)) {
      expect(c.options.maxAge).toBeGreaterThan(2 * DAY - 60);
      expect(c.options.maxAge).toBeLessThanOrEqual(2 * DAY);
    }
    // A removal stays a removal.
    expect(written.find((c) => c.name.endsWith("code-verifier"))!.options.maxAge).toBe(0);
  });
});
