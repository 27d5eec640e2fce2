import type { CookieOptionsWithName } from "@supabase/ssr";

/**
 * How long the session cookies live (issue #15, item 15): never longer than the refresh token in
 * them. @supabase/ssr's default is 400 days, whatever the session's own life.
 *
 * The session's life is set in supabase/config.toml, `[auth.sessions]`, and these constants must
 * say the same: a session ends 14 days after signing in (timebox) or after 7 days without use
 * (inactivity: no refresh, and the app refreshes at least hourly while used). GitHub keeps a
 * signed-in session two weeks; a sales team opening the app every working day never notices the
 * inactivity limit, a laptop left in a drawer for a week does. Every time the cookies are written
 * (sign-in, each refresh) they get the inactivity limit, capped by what is left of the timebox,
 * counted from the sign-in time in the access token's `amr` claim.
 *
 * The cookies are also HttpOnly (only the server reads them: Orgflow has no browser Supabase
 * client, so a script injected into a page cannot take the session) and Secure over HTTPS.
 */

export const SESSION_TIMEBOX_SECONDS = 14 * 24 * 60 * 60;
export const SESSION_INACTIVITY_SECONDS = 7 * 24 * 60 * 60;

/** The options every Supabase client of the app writes its cookies with. */
export function authCookieOptions(siteUrl: string): CookieOptionsWithName {
  return {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure: siteUrl.startsWith("https://"),
    maxAge: SESSION_INACTIVITY_SECONDS,
  };
}

/** How long a session cookie written now may live, for a session signed in at `authenticatedAt`. */
export function sessionCookieMaxAge(authenticatedAt: number | null, now = Math.floor(Date.now() / 1000)) {
  if (authenticatedAt === null) return SESSION_INACTIVITY_SECONDS;
  const left = authenticatedAt + SESSION_TIMEBOX_SECONDS - now;
  return Math.max(0, Math.min(SESSION_INACTIVITY_SECONDS, left));
}

type CookieToSet = { name: string; value: string; options: Record<string, unknown> };

const SESSION_COOKIE = /-auth-token(\.\d+)?$/;

function base64UrlJson(text: string): unknown {
  return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
}

/** When the session in these cookies was signed in (earliest `amr` timestamp), if it can be read. */
export function sessionAuthenticatedAt(cookies: readonly CookieToSet[]): number | null {
  const chunks = cookies
    .filter((c) => SESSION_COOKIE.test(c.name) && c.value)
    .sort((a, b) => Number(/\.(\d+)$/.exec(a.name)?.[1] ?? 0) - Number(/\.(\d+)$/.exec(b.name)?.[1] ?? 0));
  if (!chunks.length) return null;
  try {
    const joined = chunks.map((c) => c.value).join("");
    const session = (joined.startsWith("base64-") ? base64UrlJson(joined.slice(7)) : JSON.parse(joined)) as {
      access_token?: unknown;
    };
    if (typeof session.access_token !== "string") return null;
    const claims = base64UrlJson(session.access_token.split(".")[1] ?? "") as {
      amr?: { timestamp?: unknown }[];
    };
    const times = (claims.amr ?? [])
      .map((a) => a.timestamp)
      .filter((t): t is number => typeof t === "number");
    return times.length ? Math.min(...times) : null;
  } catch {
    return null;
  }
}

/**
 * The cookies @supabase/ssr wants written, with the session's ones living no longer than its
 * refresh token (removals, maxAge 0, stay as they are).
 */
export function withSessionLifetime<C extends CookieToSet>(cookies: C[]): C[] {
  const maxAge = sessionCookieMaxAge(sessionAuthenticatedAt(cookies));
  return cookies.map((c) =>
    SESSION_COOKIE.test(c.name) && c.value && c.options.maxAge !== 0
      ? { ...c, options: { ...c.options, maxAge } }
      : c,
  );
}
