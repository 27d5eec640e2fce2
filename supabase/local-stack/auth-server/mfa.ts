import { randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type postgres from "postgres";
import QRCode from "qrcode";

type Db = postgres.ISql;

/**
 * TOTP factors as Supabase Auth keeps them (internal/models/factor.go, challenge.go): rows in
 * auth.mfa_factors and auth.mfa_challenges, RFC 6238 codes of 6 digits every 30 seconds with
 * SHA-1 and one step of skew either side, as pquerna/otp validates them for GoTrue.
 */

export type FactorRow = {
  id: string;
  user_id: string;
  friendly_name: string | null;
  factor_type: "totp" | "webauthn" | "phone";
  status: "unverified" | "verified";
  created_at: Date;
  updated_at: Date;
  secret: string | null;
  phone: string | null;
  last_challenged_at: Date | null;
};

export type ChallengeRow = {
  id: string;
  factor_id: string;
  created_at: Date;
  verified_at: Date | null;
  ip_address: string;
  otp_code: string | null;
};

/** GoTrue's MFA defaults (conf.MFAConfiguration). */
export const MFA_LIMITS = {
  maxEnrolledFactors: 10,
  maxVerifiedFactors: 10,
  /** Seconds a challenge may be verified (MFA_CHALLENGE_EXPIRY_DURATION). */
  challengeExpiry: 300,
  /** Seconds an unverified factor lives before the next enrolment clears it (MFA_FACTOR_EXPIRY_DURATION). */
  factorExpiry: 300,
};

const PERIOD = 30;

/** The factor JSON of GoTrue's user object and factor lists. */
export function factorJson(factor: FactorRow) {
  return {
    id: factor.id,
    created_at: factor.created_at.toISOString(),
    updated_at: factor.updated_at.toISOString(),
    status: factor.status,
    ...(factor.friendly_name ? { friendly_name: factor.friendly_name } : {}),
    factor_type: factor.factor_type,
    phone: factor.phone ?? "",
    last_challenged_at: factor.last_challenged_at?.toISOString() ?? null,
  };
}

export type FactorJson = ReturnType<typeof factorJson>;

export async function factorsOf(db: Db, userId: string): Promise<FactorRow[]> {
  return db<FactorRow[]>`select * from auth.mfa_factors where user_id = ${userId} order by created_at, id`;
}

export async function hasVerifiedFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db<{ found: boolean }[]>`
    select exists (select 1 from auth.mfa_factors where user_id = ${userId} and status = 'verified') as found`;
  return row!.found;
}

/** A new TOTP secret (20 random bytes, base32, as pquerna/otp generates) and its otpauth:// URI. */
export function newTotpKey(issuer: string, accountName: string) {
  const totp = new TOTP({
    issuer,
    label: accountName,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: new Secret({ size: 20 }),
  });
  return { secret: totp.secret.base32, uri: totp.toString() };
}

/** The QR code of `uri` as an SVG document, which GoTrue sends as `totp.qr_code`. */
export async function qrCodeSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "H", margin: 1 });
  // Colours by name, as GoTrue's SVG has them: auth-js puts the SVG into a data URI unescaped,
  // where a "#" would end the image.
  return svg.replaceAll('"#ffffff"', '"white"').replaceAll('"#000000"', '"black"');
}

/**
 * The time step `code` belongs to when it is valid now (within one step of skew), else null.
 * The caller refuses a step at or before the last one accepted, so a code works only once.
 */
export function acceptedTimeStep(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The newest time step a factor's code was accepted for (kept on its verified challenges). */
export async function lastAcceptedStep(db: Db, factorId: string): Promise<number | null> {
  const [row] = await db<{ step: string | null }[]>`
    select max(otp_code::bigint)::text as step from auth.mfa_challenges
    where factor_id = ${factorId} and verified_at is not null and otp_code ~ '^[0-9]{1,18}$'`;
  return row?.step ? Number(row.step) : null;
}

export async function createChallenge(db: Db, factor: FactorRow, ip: string): Promise<ChallengeRow> {
  const [challenge] = await db<ChallengeRow[]>`
    insert into auth.mfa_challenges (id, factor_id, created_at, ip_address)
    values (${randomUUID()}, ${factor.id}, now(), ${ip})
    returning id, factor_id, created_at, verified_at, host(ip_address) as ip_address, otp_code`;
  await db`update auth.mfa_factors set last_challenged_at = clock_timestamp(), updated_at = now()
           where id = ${factor.id}`;
  return challenge!;
}

export async function findChallenge(db: Db, factorId: string, id: string): Promise<ChallengeRow | undefined> {
  const [challenge] = await db<ChallengeRow[]>`
    select id, factor_id, created_at, verified_at, host(ip_address) as ip_address, otp_code
    from auth.mfa_challenges where id = ${id} and factor_id = ${factorId} for update`;
  return challenge;
}

export function challengeExpiresAt(challenge: ChallengeRow): number {
  return Math.floor(challenge.created_at.getTime() / 1000) + MFA_LIMITS.challengeExpiry;
}

/** GoTrue's audit trail (models.NewAuditLogEntry): one row per security event of a user. */
export async function auditLog(
  db: Db,
  actor: { id: string; email: string | null },
  action: string,
  ip: string,
  traits: Record<string, unknown> = {},
): Promise<void> {
  const payload = {
    actor_id: actor.id,
    actor_username: actor.email ?? "",
    actor_via_sso: false,
    log_type: action.startsWith("factor") || action.startsWith("challenge") ? "factor" : "account",
    action,
    traits,
  };
  await db`
    insert into auth.audit_log_entries (instance_id, id, payload, created_at, ip_address)
    values ('00000000-0000-0000-0000-000000000000', ${randomUUID()}, ${db.json(payload as never)}, now(),
            ${ip === "unknown" ? "" : ip.slice(0, 64)})`;
}
