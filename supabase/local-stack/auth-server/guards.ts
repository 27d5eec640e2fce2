import type { JWTPayload } from "jose";
import type { RequestContext } from "./context";
import { ApiError, badRequest, forbidden } from "./errors";
import { verifyJwt } from "./keys";
import { isUuid } from "./schemas";
import { findSession, type SessionRow } from "./tokens";
import { findUserById, type UserRow } from "./users";

/**
 * Who is calling (supabase/auth internal/api/auth.go and middleware.go): a signed-in user for
 * /user and /logout, a service_role token for the admin API.
 */

// The CLI configures GOTRUE_JWT_ADMIN_ROLES=service_role.
const ADMIN_ROLES = new Set(["service_role"]);

function bearerToken(ctx: RequestContext): string {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.authorization ?? "");
  if (!match) throw new ApiError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  return match[1]!;
}

/** A token naming a session must name a live one: signed-out tokens stop working at once. */
async function requireLiveSession(ctx: RequestContext, claims: JWTPayload): Promise<SessionRow | null> {
  const sessionId = claims.session_id;
  if (typeof sessionId !== "string" || sessionId === "") return null;
  const session = isUuid(sessionId) ? await findSession(ctx.deps.sql, sessionId) : undefined;
  if (!session) throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  return session;
}

export async function requireUser(
  ctx: RequestContext,
): Promise<{ user: UserRow; session: SessionRow | null; claims: JWTPayload }> {
  const claims = await verifyJwt(ctx.deps.keys, bearerToken(ctx));
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!isUuid(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(ctx.deps.sql, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  const session = await requireLiveSession(ctx, claims);
  return { user, session, claims };
}

export async function requireAdmin(ctx: RequestContext): Promise<JWTPayload> {
  const claims = await verifyJwt(ctx.deps.keys, bearerToken(ctx));
  if (typeof claims.role !== "string" || !ADMIN_ROLES.has(claims.role)) {
    throw forbidden("not_admin", "User not allowed");
  }
  await requireLiveSession(ctx, claims);
  return claims;
}
