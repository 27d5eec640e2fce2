import { randomInt, randomUUID } from "node:crypto";
import type { Deps, RequestContext } from "./context";
import { badRequest } from "./errors";
import { signJwt } from "./keys";
import { findUserById, isBanned, recordSignIn, userJsonFor, type Db, type UserRow } from "./users";

/**
 * Sessions, refresh tokens and access tokens (supabase/auth internal/tokens/service.go and
 * models/refresh_token.go), with GoTrue's legacy refresh-token rotation.
 */

/** GoTrue's models.AuthenticationMethod values, recorded in auth.mfa_amr_claims and the `amr` claim. */
export type AuthMethod =
  | "password"
  | "otp"
  | "magiclink"
  | "email/signup"
  | "recovery"
  | "invite"
  | "email_change"
  | "anonymous"
  | "totp";

export type SessionRow = {
  id: string;
  user_id: string;
  aal: string | null;
  not_after: Date | null;
};

type RefreshTokenRow = {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  updated_at: Date;
};

export type SessionResponse = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Awaited<ReturnType<typeof userJsonFor>>;
};

const REFRESH_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** 12 lower-case base32 characters, like GoTrue's legacy (version 0) refresh tokens. */
function newRefreshToken(): string {
  return Array.from({ length: 12 }, () => REFRESH_TOKEN_ALPHABET[randomInt(32)]).join("");
}

async function insertRefreshToken(db: Db, user: UserRow, sessionId: string, parent: string | null) {
  const [row] = await db<RefreshTokenRow[]>`
    insert into auth.refresh_tokens (instance_id, token, user_id, revoked, parent, session_id, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', ${newRefreshToken()}, ${user.id}, false, ${parent},
            ${sessionId}, now(), now())
    returning *`;
  return row!;
}

async function amrClaims(db: Db, sessionId: string) {
  const rows = await db<{ method: string; at: Date }[]>`
    select authentication_method as method, updated_at as at from auth.mfa_amr_claims
    where session_id = ${sessionId} order by updated_at desc`;
  return rows.map((r) => ({ method: r.method, timestamp: Math.floor(r.at.getTime() / 1000) }));
}

/** The access token and the session JSON around it (AccessTokenResponse). */
export async function sessionResponse(
  deps: Deps,
  db: Db,
  user: UserRow,
  session: SessionRow,
  refreshToken: string,
): Promise<SessionResponse> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + deps.settings.jwtExpiry;
  const accessToken = await signJwt(deps.keys, {
    iss: deps.issuer,
    sub: user.id,
    aud: user.aud ?? "authenticated",
    exp,
    iat,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "authenticated",
    aal: session.aal ?? "aal1",
    amr: await amrClaims(db, session.id),
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  });
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: deps.settings.jwtExpiry,
    expires_at: exp,
    refresh_token: refreshToken,
    user: await userJsonFor(db, user),
  };
}

/** Signs a user in: a new session, its first refresh token and an amr entry for `method`. */
export async function startSession(
  ctx: RequestContext,
  db: Db,
  user: UserRow,
  method: AuthMethod,
): Promise<SessionResponse> {
  const [session] = await db<SessionRow[]>`
    insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
    values (${randomUUID()}, ${user.id}, now(), now(), 'aal1', ${ctx.userAgent}, ${ctx.ip === "unknown" ? null : ctx.ip})
    returning id, user_id, aal, not_after`;
  await db`
    insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
    values (${randomUUID()}, ${session!.id}, now(), now(), ${method})`;
  const refresh = await insertRefreshToken(db, user, session!.id, null);
  await recordSignIn(db, user.id);
  const fresh = (await findUserById(db, user.id))!;
  return sessionResponse(ctx.deps, db, fresh, session!, refresh.token);
}

const alreadyUsed = () => badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");

/**
 * The refresh_token grant with rotation. A revoked token is still honoured when it is the parent
 * of the session's active token (the client lost the answer to its last refresh) or within the
 * reuse interval; otherwise it is reuse: the session is ended (all its tokens with it), and that
 * is committed even though the request fails.
 */
export async function refreshSession(ctx: RequestContext, presented: string): Promise<SessionResponse> {
  const { sql, settings } = ctx.deps;
  const outcome = await sql.begin(async (tx) => {
    const [token] = await tx<RefreshTokenRow[]>`
      select * from auth.refresh_tokens where token = ${presented} for update`;
    if (!token) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    const user = await findUserById(tx, token.user_id);
    if (!user) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    if (isBanned(user)) throw badRequest("user_banned", "User is banned");
    // Locking the session serialises concurrent refreshes of one session.
    const [session] = await tx<SessionRow[]>`
      select id, user_id, aal, not_after from auth.sessions where id = ${token.session_id} for update`;
    if (!session) throw badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found");
    if (session.not_after && session.not_after.getTime() < Date.now()) {
      throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
    }

    let issued: RefreshTokenRow | undefined;
    if (token.revoked) {
      const [active] = await tx<RefreshTokenRow[]>`
        select * from auth.refresh_tokens
        where session_id = ${session.id} and revoked = false order by id desc limit 1`;
      if (active && active.parent === token.token) {
        issued = active;
      } else if (Date.now() > token.updated_at.getTime() + settings.refreshTokenReuseInterval * 1000) {
        // Reuse: someone holds a token the owner has moved past, so either side may be the thief.
        // Revoking the family (GoTrue's legacy RevokeTokenFamily) is not enough on its own: the
        // newest token, revoked a moment ago, would pass as "within the reuse interval". So, as
        // GoTrue does for its v2 refresh tokens, the whole session goes: every refresh token
        // (on delete cascade) and every access token naming it (checked on each sensitive call).
        if (settings.enableRefreshTokenRotation) {
          await tx`delete from auth.sessions where id = ${session.id}`;
        }
        return { reused: true as const };
      }
    } else {
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id}`;
    }
    issued ??= await insertRefreshToken(tx, user, session.id, token.token);
    await tx`update auth.sessions set refreshed_at = now(), updated_at = now() where id = ${session.id}`;
    return {
      reused: false as const,
      response: await sessionResponse(ctx.deps, tx, user, session, issued.token),
    };
  });
  if (outcome.reused) throw alreadyUsed();
  return outcome.response;
}

/**
 * A verified second factor lifts the session to aal2 (GoTrue's updateMFASessionAndClaims): the
 * session remembers the factor, `totp` joins its amr claims, and the session's refresh token is
 * swapped for a new one, whose access token carries the new level.
 */
export async function elevateSession(
  ctx: RequestContext,
  db: Db,
  user: UserRow,
  sessionId: string,
  factorId: string,
): Promise<SessionResponse> {
  const [session] = await db<SessionRow[]>`
    update auth.sessions set aal = 'aal2', factor_id = ${factorId}, updated_at = now()
    where id = ${sessionId} returning id, user_id, aal, not_after`;
  if (!session) throw badRequest("session_not_found", "Session not found");
  await db`
    insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
    values (${randomUUID()}, ${sessionId}, now(), now(), 'totp')
    on conflict (session_id, authentication_method) do update set updated_at = now()`;
  const [current] = await db<RefreshTokenRow[]>`
    select * from auth.refresh_tokens
    where session_id = ${sessionId} and revoked = false order by id desc limit 1 for update`;
  if (current) {
    await db`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${current.id}`;
  }
  const refresh = await insertRefreshToken(db, user, sessionId, current?.token ?? null);
  return sessionResponse(ctx.deps, db, user, session, refresh.token);
}

/** GoTrue's InvalidateSessionsWithAALLessThan: once a factor is verified, aal1 sessions end. */
export async function endSessionsBelowAal2(db: Db, userId: string): Promise<void> {
  await db`delete from auth.sessions where user_id = ${userId} and coalesce(aal, 'aal1') = 'aal1'`;
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [session] = await db<
    SessionRow[]
  >`select id, user_id, aal, not_after from auth.sessions where id = ${id}`;
  return session;
}

export type LogoutScope = "global" | "local" | "others";

/** Deletes sessions; their refresh tokens and amr claims go with them (on delete cascade). */
export async function logout(db: Db, userId: string, sessionId: string, scope: LogoutScope): Promise<void> {
  if (scope === "local") await db`delete from auth.sessions where id = ${sessionId}`;
  else if (scope === "others")
    await db`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  else await db`delete from auth.sessions where user_id = ${userId}`;
}
