import { readJson, type RequestContext } from "../context";
import { ApiError, badRequest, forbidden, unprocessable } from "../errors";
import { issueAuthCode } from "../flow";
import { json, redirect, type Reply } from "../http";
import {
  clearTokens,
  findUserByToken,
  isExpired,
  PKCE_PREFIX,
  tokenHash,
  tokenMatches,
  type OtpKind,
} from "../otp";
import { resolveRedirect } from "../redirect";
import { verifyBody, validateEmail } from "../schemas";
import { startSession, type AuthMethod, type SessionResponse } from "../tokens";
import { confirmEmail, findUserByEmail, isBanned, syncEmailIdentity, type Db, type UserRow } from "../users";

/**
 * GET and POST /verify (supabase/auth internal/api/verify.go): emailed links and typed-in OTPs
 * confirm a sign-up or invite, sign in through a recovery or magic link, or complete an email change.
 */

type VerifyType = "signup" | "invite" | "recovery" | "magiclink" | "email_change" | "email";
type ResolvedType = Exclude<VerifyType, "email">;

const TOKEN_KINDS: Record<VerifyType, OtpKind[]> = {
  signup: ["confirmation"],
  invite: ["confirmation"],
  recovery: ["recovery"],
  magiclink: ["recovery"],
  email_change: ["email_change_new", "email_change_current"],
  // `email` is a code from a sign-up confirmation or from a magic link, whichever matches.
  email: ["confirmation", "recovery"],
};

const FLOW_METHOD: Record<ResolvedType, AuthMethod> = {
  signup: "email/signup",
  invite: "invite",
  recovery: "recovery",
  magiclink: "magiclink",
  email_change: "email_change",
};

const SINGLE_CONFIRMATION_ACCEPTED =
  "Confirmation link accepted. Please proceed to confirm link sent to the other email";

const linkInvalid = () => forbidden("otp_expired", "Email link is invalid or has expired");

function parseType(type: string | null | undefined): VerifyType {
  if (!type) throw badRequest("validation_failed", "Verify requires a verification type");
  if (type === "sms" || type === "phone_change") {
    throw unprocessable("phone_provider_disabled", "Unsupported phone provider");
  }
  if (!Object.hasOwn(TOKEN_KINDS, type))
    throw badRequest("validation_failed", "Unsupported verification type");
  return type as VerifyType;
}

function resolvedType(type: VerifyType, kind: OtpKind): ResolvedType {
  if (type !== "email") return type;
  return kind === "confirmation" ? "signup" : "magiclink";
}

/** The kind of stored token `hash` matches, if it is current. */
function matchingKind(user: UserRow, type: VerifyType, hash: string, otpExpiry: number): OtpKind | null {
  return (
    TOKEN_KINDS[type].find((kind) => tokenMatches(user, kind, hash) && !isExpired(user, kind, otpExpiry)) ??
    null
  );
}

/** Finds who a link's token (the stored hash) belongs to. */
async function userForLink(db: Db, type: VerifyType, hash: string, otpExpiry: number) {
  const user = await findUserByToken(db, TOKEN_KINDS[type], hash);
  const kind = user ? matchingKind(user, type, hash, otpExpiry) : null;
  if (!user || !kind) throw linkInvalid();
  return { user, kind };
}

/** Finds who a typed-in code belongs to: the hash is computed from the address and the code. */
async function userForCode(db: Db, type: VerifyType, email: string, code: string, otpExpiry: number) {
  const hash = tokenHash(email, code);
  const user =
    type === "email_change"
      ? await findUserByToken(db, TOKEN_KINDS.email_change, hash)
      : await findUserByEmail(db, email);
  const kind = user ? matchingKind(user, type, hash, otpExpiry) : null;
  if (!user || !kind) throw forbidden("otp_expired", "Token has expired or is invalid");
  return { user, kind };
}

/**
 * What a verified token does. An email change with double confirmation waits for the second
 * address: that first step answers `pending` and signs no one in.
 */
async function applyVerification(
  ctx: RequestContext,
  db: Db,
  user: UserRow,
  type: ResolvedType,
  kind: OtpKind,
): Promise<{ user: UserRow; pending: boolean }> {
  if (isBanned(user)) throw forbidden("user_banned", "User is banned");
  if (type === "signup" || type === "invite" || type === "recovery" || type === "magiclink") {
    const cleared = await clearTokens(db, user, [kind]);
    return { user: await confirmEmail(db, cleared), pending: false };
  }
  const waitForOther =
    ctx.deps.settings.doubleConfirmChanges &&
    Boolean(user.email) &&
    (user.email_change_confirm_status ?? 0) === 0;
  if (waitForOther) {
    return { user: await clearTokens(db, user, [kind], { email_change_confirm_status: 1 }), pending: true };
  }
  const changed = await clearTokens(db, user, ["email_change_new", "email_change_current"], {
    email: user.email_change,
    email_change: "",
    email_change_sent_at: null,
    email_change_confirm_status: 0,
    // Following the link proves the new address.
    email_confirmed_at: new Date(),
  });
  return { user: await syncEmailIdentity(db, changed), pending: false };
}

/** POST /verify: a code (email + token) or a token hash; answers with a session. */
export async function verifyPost(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  limiter.hit(`verify-ip:${ctx.ip}`, settings.rateLimit.verifyPerIp, settings.rateLimit.windowSeconds);
  const body = await readJson(ctx, verifyBody);
  const type = parseType(body.type);
  if (!body.token_hash && !body.token) {
    throw badRequest("validation_failed", "Verify requires either a token or a token hash");
  }
  if (body.phone) throw unprocessable("phone_provider_disabled", "Unsupported phone provider");
  if (!body.token_hash && !body.email) {
    throw badRequest(
      "validation_failed",
      "Only an email address or phone number should be provided on verify",
    );
  }
  const email = body.token_hash ? null : validateEmail(body.email);

  const outcome = await sql.begin(async (tx): Promise<{ session: SessionResponse } | { pending: true }> => {
    const found = body.token_hash
      ? await userForLink(tx, type, body.token_hash, settings.otpExpiry)
      : await userForCode(tx, type, email!, body.token!.replaceAll("-", ""), settings.otpExpiry);
    const result = await applyVerification(ctx, tx, found.user, resolvedType(type, found.kind), found.kind);
    if (result.pending) return { pending: true };
    return { session: await startSession(ctx, tx, result.user, "otp") };
  });
  if ("pending" in outcome) return json({ msg: SINGLE_CONFIRMATION_ACCEPTED, code: 200 });
  return json(outcome.session);
}

/** `redirect_to` plus `key=value` pairs in the fragment (and the query too, for PKCE). */
function withParams(target: string, params: Record<string, string>, alsoInQuery: boolean): string {
  const url = new URL(target);
  if (alsoInQuery) for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.hash = new URLSearchParams(params).toString();
  return url.toString();
}

// GoTrue's oauthErrorMap: the OAuth `error` for a status.
const OAUTH_ERROR: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

/** GET /verify: the link in a mail. Always a 303 back to the app, with the outcome in the URL. */
export async function verifyGet(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  limiter.hit(`verify-ip:${ctx.ip}`, settings.rateLimit.verifyPerIp, settings.rateLimit.windowSeconds);
  const token = ctx.url.searchParams.get("token") ?? "";
  const type = parseType(ctx.url.searchParams.get("type"));
  if (!token) throw badRequest("validation_failed", "Verify requires a token or a token hash");
  const redirectTo = resolveRedirect(ctx);
  const pkce = token.startsWith(PKCE_PREFIX);

  try {
    type Outcome = { message: string } | { code: string } | { session: SessionResponse };
    const outcome = await sql.begin(async (tx): Promise<Outcome> => {
      const found = await userForLink(tx, type, token, settings.otpExpiry);
      const resolved = resolvedType(type, found.kind);
      const result = await applyVerification(ctx, tx, found.user, resolved, found.kind);
      if (result.pending) return { message: SINGLE_CONFIRMATION_ACCEPTED };
      if (pkce) return { code: await issueAuthCode(tx, result.user.id, FLOW_METHOD[resolved]) };
      return { session: await startSession(ctx, tx, result.user, "otp") };
    });
    if ("message" in outcome) return redirect(withParams(redirectTo, { message: outcome.message }, pkce));
    if ("code" in outcome) {
      const url = new URL(redirectTo);
      url.searchParams.set("code", outcome.code);
      return redirect(url.toString());
    }
    const s = outcome.session;
    const fragment = new URLSearchParams({
      access_token: s.access_token,
      expires_at: String(s.expires_at),
      expires_in: String(s.expires_in),
      refresh_token: s.refresh_token,
      sb: "",
      token_type: s.token_type,
      type,
    });
    return redirect(`${redirectTo}#${fragment.toString()}`);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const params = {
      ...(OAUTH_ERROR[e.status] ? { error: OAUTH_ERROR[e.status]! } : {}),
      error_code: e.code,
      error_description: e.message,
    };
    return redirect(withParams(redirectTo, params, pkce));
  }
}
