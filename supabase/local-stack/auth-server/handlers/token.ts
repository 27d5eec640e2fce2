import { readJson, type RequestContext } from "../context";
import { badRequest, INVALID_LOGIN_MESSAGE, notFound, OAuthError, unprocessable } from "../errors";
import { consumeFlowState } from "../flow";
import { json, type Reply } from "../http";
import { passwordMatches, passwordWeakness } from "../passwords";
import { passwordGrantBody, pkceGrantBody, refreshGrantBody } from "../schemas";
import { refreshSession, startSession, type AuthMethod } from "../tokens";
import { findUserByEmail, findUserById, isBanned } from "../users";

const ACCOUNT_LOCKED_MESSAGE =
  "Too many failed sign-in attempts for this account. Try again in {seconds} seconds.";

/** POST /token?grant_type=password|refresh_token|pkce (supabase/auth internal/api/token.go). */
export async function token(ctx: RequestContext): Promise<Reply> {
  switch (ctx.url.searchParams.get("grant_type")) {
    case "password":
      return passwordGrant(ctx);
    case "refresh_token":
      return refreshTokenGrant(ctx);
    case "pkce":
      return pkceGrant(ctx);
    default:
      throw new OAuthError("unsupported_grant_type", "");
  }
}

async function passwordGrant(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  const { rateLimit } = settings;
  limiter.hit(`signin-ip:${ctx.ip}`, rateLimit.signInPerIp, rateLimit.windowSeconds);
  const body = await readJson(ctx, passwordGrantBody);
  if (body.email && body.phone) {
    throw unprocessable(
      "validation_failed",
      "Only an email address or phone number should be provided on login.",
    );
  }
  if (body.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (!body.email) throw badRequest("validation_failed", "missing email or phone");
  if (!settings.enableEmailSignup) {
    throw unprocessable("email_provider_disabled", "Email logins are disabled");
  }
  const email = body.email.trim().toLowerCase();
  // Per account, only failures count (GitHub and Microsoft's "smart lockout" do likewise): the
  // owner signing in on many devices is never stopped, while guesses at one address, however
  // many addresses they come from, are capped. Once capped, even the right password is refused
  // until the window ends, or the cap would not stop a guess that happens to be right. Unknown
  // addresses count too, so the answer says nothing about whether an account exists.
  const failures = `signin-failures:${email}`;
  limiter.assertBelow(failures, rateLimit.signInPerEmail, rateLimit.windowSeconds, ACCOUNT_LOCKED_MESSAGE);

  const password = body.password ?? "";
  const user = await findUserByEmail(sql, email);
  const valid = await passwordMatches(password, user?.encrypted_password);
  if (!user || !valid) {
    limiter.record(failures, rateLimit.windowSeconds);
    throw badRequest("invalid_credentials", INVALID_LOGIN_MESSAGE);
  }
  if (isBanned(user)) throw badRequest("user_banned", "User is banned");
  if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");

  const session = await sql.begin((tx) => startSession(ctx, tx, user, "password"));
  // A password that no longer meets the rules still signs in, flagged so the app can ask for a new one.
  const weakness = passwordWeakness(password, settings);
  return json(weakness ? { ...session, weak_password: weakness } : session);
}

async function refreshTokenGrant(ctx: RequestContext): Promise<Reply> {
  const { rateLimit } = ctx.deps.settings;
  ctx.deps.limiter.hit(`refresh-ip:${ctx.ip}`, rateLimit.tokenRefreshPerIp, rateLimit.windowSeconds);
  const body = await readJson(ctx, refreshGrantBody);
  if (!body.refresh_token) throw new OAuthError("invalid_request", "refresh_token required");
  return json(await refreshSession(ctx, body.refresh_token));
}

async function pkceGrant(ctx: RequestContext): Promise<Reply> {
  const body = await readJson(ctx, pkceGrantBody);
  if (!body.auth_code || !body.code_verifier) {
    throw badRequest(
      "validation_failed",
      "invalid request: both auth code and code verifier should be non-empty",
    );
  }
  const { auth_code: authCode, code_verifier: verifier } = body;
  const { sql, settings } = ctx.deps;
  const session = await sql.begin(async (tx) => {
    const flow = await consumeFlowState(tx, authCode, verifier, settings.flowStateExpiry);
    const user = await findUserById(tx, flow.userId);
    if (!user) throw notFound("user_not_found", "User not found");
    if (isBanned(user)) throw badRequest("user_banned", "User is banned");
    return startSession(ctx, tx, user, flow.method as AuthMethod);
  });
  return json(session);
}
