import { randomUUID } from "node:crypto";
import { readJson, type RequestContext } from "../context";
import { ApiError, badRequest, forbidden, notFound, unprocessable } from "../errors";
import { requireAdmin, requireUser } from "../guards";
import { json, type Reply } from "../http";
import {
  acceptedTimeStep,
  auditLog,
  challengeExpiresAt,
  createChallenge,
  factorJson,
  factorsOf,
  findChallenge,
  lastAcceptedStep,
  MFA_LIMITS,
  newTotpKey,
  qrCodeSvg,
  type FactorRow,
} from "../mfa";
import { enrollFactorBody, isUuid, verifyFactorBody } from "../schemas";
import { elevateSession, endSessionsBelowAal2, type SessionRow } from "../tokens";
import type { Db, UserRow } from "../users";

/**
 * MFA with TOTP (supabase/auth internal/api/mfa.go): POST /factors enrols, POST
 * /factors/:id/challenge opens a challenge, POST /factors/:id/verify answers it with a code and
 * lifts the session to aal2, DELETE /factors/:id unenrols. The admin API lists and deletes a
 * user's factors. Shapes and error codes are GoTrue's, so supabase-js `auth.mfa.*` works unchanged.
 */

const VERIFY_FAILED_MESSAGE = "Invalid TOTP code entered";
/** Wrong codes per factor per window before even a right one is refused until the window ends. */
const MAX_FAILED_CODES = 10;

async function requireFactorUser(ctx: RequestContext): Promise<{ user: UserRow; session: SessionRow }> {
  const { user, session } = await requireUser(ctx);
  if (user.is_anonymous) {
    throw forbidden("no_authorization", "Anonymous user not allowed to perform these actions");
  }
  if (!session) throw forbidden("session_not_found", "A valid session is required to manage factors");
  return { user, session };
}

/** GoTrue's loadFactor: the factor must be one of the caller's own. */
async function loadFactor(db: Db, user: UserRow, id: string | undefined): Promise<FactorRow> {
  const [factor] =
    id && isUuid(id)
      ? await db<FactorRow[]>`select * from auth.mfa_factors where id = ${id} and user_id = ${user.id}`
      : [];
  if (!factor) throw notFound("mfa_factor_not_found", "Factor not found");
  return factor;
}

const inetOf = (ip: string) => (ip === "unknown" ? "0.0.0.0" : ip);

function issuerFor(ctx: RequestContext, requested: string | null | undefined): string {
  if (requested) return requested;
  try {
    return new URL(ctx.deps.settings.siteUrl).host;
  } catch {
    return "localhost";
  }
}

/** GoTrue's validateFactors: name unique, under the caps, aal2 to add a second verified factor. */
async function validateNewFactor(db: Db, user: UserRow, session: SessionRow, name: string): Promise<void> {
  await db`delete from auth.mfa_factors where user_id = ${user.id} and status = 'unverified'
           and created_at < now() - make_interval(secs => ${MFA_LIMITS.factorExpiry})`;
  const factors = await factorsOf(db, user.id);
  if (factors.some((f) => (f.friendly_name ?? "") === name)) {
    throw unprocessable(
      "mfa_factor_name_conflict",
      `A factor with the friendly name "${name}" for this user already exists`,
    );
  }
  const verified = factors.filter((f) => f.status === "verified").length;
  if (factors.length >= MFA_LIMITS.maxEnrolledFactors || verified >= MFA_LIMITS.maxVerifiedFactors) {
    throw unprocessable(
      "too_many_enrolled_mfa_factors",
      "Maximum number of verified factors reached, unenroll to continue",
    );
  }
  if (verified > 0 && session.aal !== "aal2") {
    throw forbidden("insufficient_aal", "AAL2 required to enroll a new factor");
  }
}

/** POST /factors */
export async function enrollFactor(ctx: RequestContext): Promise<Reply> {
  const { user, session } = await requireFactorUser(ctx);
  const body = await readJson(ctx, enrollFactorBody);
  if (body.factor_type === "phone") {
    throw unprocessable("mfa_phone_enroll_not_enabled", "MFA enroll is disabled for Phone");
  }
  if (body.factor_type === "webauthn") {
    throw unprocessable("mfa_webauthn_enroll_not_enabled", "MFA enroll is disabled for WebAuthn");
  }
  if (body.factor_type !== "totp") {
    throw badRequest("validation_failed", "factor_type needs to be totp, phone, or webauthn");
  }
  const name = body.friendly_name ?? "";
  const key = newTotpKey(issuerFor(ctx, body.issuer), user.email ?? user.id);
  const qrCode = await qrCodeSvg(key.uri);
  const factor = await ctx.deps.sql.begin(async (tx) => {
    await validateNewFactor(tx, user, session, name);
    const [row] = await tx<FactorRow[]>`
      insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
      values (${randomUUID()}, ${user.id}, ${name}, 'totp', 'unverified', now(), now(), ${key.secret})
      returning *`;
    await auditLog(tx, user, "factor_in_progress", ctx.ip, { factor_id: row!.id });
    return row!;
  });
  return json({
    id: factor.id,
    type: "totp",
    friendly_name: factor.friendly_name ?? "",
    totp: { qr_code: qrCode, secret: key.secret, uri: key.uri },
  });
}

/** POST /factors/:id/challenge */
export async function challengeFactor(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  limiter.hit(`mfa-ip:${ctx.ip}`, settings.rateLimit.verifyPerIp, settings.rateLimit.windowSeconds);
  const { user } = await requireFactorUser(ctx);
  const challenge = await sql.begin(async (tx) => {
    const factor = await loadFactor(tx, user, ctx.params.id);
    const created = await createChallenge(tx, factor, inetOf(ctx.ip));
    await auditLog(tx, user, "challenge_created", ctx.ip, {
      factor_id: factor.id,
      factor_status: factor.status,
    });
    return created;
  });
  return json({ id: challenge.id, type: "totp", expires_at: challengeExpiresAt(challenge) });
}

/** POST /factors/:id/verify: the code answers the challenge; the session becomes aal2. */
export async function verifyFactor(ctx: RequestContext): Promise<Reply> {
  const { settings, limiter, sql } = ctx.deps;
  const { rateLimit } = settings;
  limiter.hit(`mfa-ip:${ctx.ip}`, rateLimit.verifyPerIp, rateLimit.windowSeconds);
  const { user, session } = await requireFactorUser(ctx);
  const body = await readJson(ctx, verifyFactorBody);
  if (!body.challenge_id || !isUuid(body.challenge_id)) {
    throw badRequest("bad_json", "Could not parse request body as JSON: invalid challenge_id");
  }
  if (!body.code) throw badRequest("validation_failed", "Code needs to be non-empty");
  const failures = `mfa-failures:${ctx.params.id}`;
  limiter.assertBelow(
    failures,
    MAX_FAILED_CODES,
    rateLimit.windowSeconds,
    "Too many wrong codes. Try again in {seconds} seconds.",
  );
  const challengeId = body.challenge_id;
  const code = body.code.trim();

  const outcome = await sql.begin(async (tx) => {
    const factor = await loadFactor(tx, user, ctx.params.id);
    const challenge = await findChallenge(tx, factor.id, challengeId);
    if (!challenge) {
      throw unprocessable("mfa_factor_not_found", "MFA factor with the provided challenge ID not found");
    }
    if (challenge.verified_at || challenge.ip_address !== inetOf(ctx.ip)) {
      throw unprocessable("mfa_ip_address_mismatch", "Challenge and verify IP addresses mismatch.");
    }
    if (challengeExpiresAt(challenge) * 1000 < Date.now()) {
      await tx`delete from auth.mfa_challenges where id = ${challenge.id}`;
      return { expired: challenge.id } as const;
    }
    const step = factor.secret ? acceptedTimeStep(factor.secret, code) : null;
    const last = await lastAcceptedStep(tx, factor.id);
    // A code is good once: a step at or before the last accepted one is a replay.
    if (step === null || (last !== null && step <= last)) return { failed: true } as const;

    await tx`update auth.mfa_challenges set verified_at = now(), otp_code = ${String(step)}
             where id = ${challenge.id}`;
    if (factor.status !== "verified") {
      await tx`update auth.mfa_factors set status = 'verified', updated_at = now() where id = ${factor.id}`;
    }
    await auditLog(tx, user, "verification_attempted", ctx.ip, {
      factor_id: factor.id,
      challenge_id: challenge.id,
      factor_type: "totp",
    });
    const response = await elevateSession(ctx, tx, user, session.id, factor.id);
    await endSessionsBelowAal2(tx, user.id);
    await tx`delete from auth.mfa_factors where user_id = ${user.id} and factor_type = 'totp'
             and status = 'unverified' and id <> ${factor.id}`;
    return { response } as const;
  });
  if ("expired" in outcome) {
    throw unprocessable(
      "mfa_challenge_expired",
      `MFA challenge ${outcome.expired} has expired, verify against another challenge or create a new challenge.`,
    );
  }
  if ("failed" in outcome) {
    limiter.record(failures, rateLimit.windowSeconds);
    throw unprocessable("mfa_verification_failed", VERIFY_FAILED_MESSAGE);
  }
  return json(outcome.response);
}

/** Sessions that counted on a removed factor drop back to aal1 (DowngradeSessionsToAAL1). */
async function removeFactor(db: Db, factor: FactorRow): Promise<void> {
  const sessions = await db<{ id: string }[]>`
    update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now()
    where factor_id = ${factor.id} returning id`;
  if (sessions.length) {
    await db`delete from auth.mfa_amr_claims
             where session_id = any(${sessions.map((s) => s.id)}::uuid[]) and authentication_method = 'totp'`;
  }
  await db`delete from auth.mfa_factors where id = ${factor.id}`;
}

/** DELETE /factors/:id */
export async function unenrollFactor(ctx: RequestContext): Promise<Reply> {
  const { user, session } = await requireFactorUser(ctx);
  const id = await ctx.deps.sql.begin(async (tx) => {
    const factor = await loadFactor(tx, user, ctx.params.id);
    if (factor.status === "verified" && session.aal !== "aal2") {
      throw unprocessable("insufficient_aal", "AAL2 required to unenroll verified factor");
    }
    await removeFactor(tx, factor);
    await auditLog(tx, user, "factor_deleted", ctx.ip, {
      factor_id: factor.id,
      factor_status: factor.status,
      session_id: session.id,
    });
    return factor.id;
  });
  return json({ id });
}

async function adminTarget(ctx: RequestContext): Promise<UserRow> {
  await requireAdmin(ctx);
  const id = ctx.params.id;
  const [user] =
    id && isUuid(id) ? await ctx.deps.sql<UserRow[]>`select * from auth.users where id = ${id}` : [];
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

/** GET /admin/users/:id/factors */
export async function adminListFactors(ctx: RequestContext): Promise<Reply> {
  const user = await adminTarget(ctx);
  return json((await factorsOf(ctx.deps.sql, user.id)).map(factorJson));
}

/** DELETE /admin/users/:id/factors/:factorId */
export async function adminDeleteFactor(ctx: RequestContext): Promise<Reply> {
  const user = await adminTarget(ctx);
  const factor = await ctx.deps.sql.begin(async (tx) => {
    const found = await loadFactor(tx, user, ctx.params.factorId).catch((e: unknown) => {
      if (e instanceof ApiError) throw notFound("mfa_factor_not_found", "Factor not found");
      throw e;
    });
    await removeFactor(tx, found);
    await auditLog(tx, user, "factor_deleted", ctx.ip, { factor_id: found.id, by: "admin" });
    return found;
  });
  return json(factorJson(factor));
}
