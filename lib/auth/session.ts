import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { isAuthApiError, isAuthSessionMissingError } from "@supabase/supabase-js";
import type { UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { verifiedSessionClaims } from "@/lib/supabase/session-claims";
import {
  DEFAULT_SIGNED_IN_PATH,
  safeNextPath,
  SECOND_FACTOR_PATH,
  signInPath,
  withNextParam,
} from "@/lib/auth/paths";
import { secondFactorPending } from "@/lib/auth/second-factor";

export type { UserClaims };

/**
 * The signed-in user's verified JWT claims, or null. The ONLY source of identity on the server:
 * `getClaims()` verifies the access token's signature against the auth server's JWKS (no network
 * round trip once the keys are cached). Never trust `getSession()` on the server.
 *
 * Cached per request (React `cache`), so layouts, pages and actions can all ask.
 */
export const getSessionClaims = cache(async (): Promise<UserClaims | null> => {
  // The common case, without building a client: the token verifies against the cached keys.
  const verified = await verifiedSessionClaims(await cookies());
  if (verified?.sub)
    return {
      ...verified,
      sub: verified.sub,
      role: claimString(verified.role),
      email: claimString(verified.email),
    };
  // Anything else (no session, expired, a symmetric token only the auth server can check): as before.
  const supabase = await createSupabaseServerClient();
  try {
    const { data, error } = await supabase.auth.getClaims();
    if (error || !data?.claims?.sub) return null;
    const { claims } = data;
    return { ...claims, sub: claims.sub, role: claims.role, email: claims.email };
  } catch {
    return null;
  }
});

/**
 * The signed-in user's claims once sign-in is complete, or null. A user with two-factor
 * authentication whose session is still aal1 (password given, code not yet) is not signed in
 * here: every page, action and route that asks gets null, and requireClaims sends them to the
 * code step. See secondFactorPending (lib/auth/second-factor.ts).
 */
export const getClaims = cache(async (): Promise<UserClaims | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  return (await secondFactorPending(claims)) ? null : claims;
});

/** Claims of a session that still owes its second factor, for the code step; else null. */
export async function getClaimsAwaitingSecondFactor(): Promise<UserClaims | null> {
  const claims = await getSessionClaims();
  return claims && (await secondFactorPending(claims)) ? claims : null;
}

const claimString = (value: unknown) => (typeof value === "string" ? value : undefined);

export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";

/**
 * For sensitive actions (deleting an organization, creating an API key): the session behind the verified claims must still exist, not only the JWT verify. An
 * access token stays valid until it expires (up to an hour) after its session was signed out
 * everywhere, ended by a password change, or killed for refresh-token reuse; for these actions
 * that hour is too long.
 *
 * The check is the auth server's own: GET /user (`supabase.auth.getUser()`), which GoTrue answers
 * only when the token's session_id names a live session (auth.go requireAuthentication) and which
 * Supabase documents as the call to trust where it matters. One round trip, on these actions only;
 * every other request keeps getClaims()'s local verification. (Reading auth.sessions from SQL
 * would avoid the hop but couple the app to Auth's private tables, which hosted projects do not
 * promise.) Password and email changes go through PUT /user, which runs the same check itself.
 */
export async function requireLiveSession(claims: UserClaims): Promise<void> {
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.getUser();
  if (!error && data.user?.id === claims.sub) return;
  const ended =
    !error ||
    isAuthSessionMissingError(error) ||
    (isAuthApiError(error) && [400, 401, 403, 404].includes(error.status));
  if (ended) throw new AppError("unauthenticated", SESSION_ENDED_MESSAGE);
  throw new AppError("unavailable", "We couldn't confirm your session just now. Please try again.");
}

/** The signed-in user's claims; redirects to /sign-in?next=<nextPath> when there is no session. */
export async function requireClaims(nextPath?: string): Promise<UserClaims> {
  const claims = await getClaims();
  if (claims) return claims;
  if (await getClaimsAwaitingSecondFactor()) redirect(withNextParam(SECOND_FACTOR_PATH, nextPath));
  redirect(signInPath(nextPath));
}

/**
 * For the sign-in and sign-up pages: the safe `next` from their query (undefined when absent), after
 * sending a visitor who is already signed in straight there.
 */
export async function redirectIfSignedIn(rawNext: string | undefined): Promise<string | undefined> {
  const next = rawNext ? safeNextPath(rawNext) : undefined;
  if (await getClaims()) redirect(next ?? DEFAULT_SIGNED_IN_PATH);
  if (await getClaimsAwaitingSecondFactor()) redirect(withNextParam(SECOND_FACTOR_PATH, next));
  return next;
}

/** A readable name from the claims: the sign-up display name, else the email's local part. */
export function claimsDisplayName(claims: UserClaims): string {
  const meta = claims.user_metadata;
  if (meta && typeof meta === "object" && "display_name" in meta) {
    const name = (meta as { display_name?: unknown }).display_name;
    if (typeof name === "string" && name.trim()) return name.trim();
  }
  return claims.email?.split("@")[0] ?? "there";
}
