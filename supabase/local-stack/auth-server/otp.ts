import { createHash, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { updateUser, type Db, type UserRow, type UserUpdate } from "./users";

/**
 * Emailed one-time tokens as GoTrue keeps them: a numeric OTP goes in the mail, and its hash
 * hex(SHA-224(email + otp)) is stored on the user (and mirrored in auth.one_time_tokens). Links
 * carry the hash; a PKCE flow prefixes it with `pkce_`.
 */

export type OtpKind = "confirmation" | "recovery" | "email_change_new" | "email_change_current";

const TOKEN_COLUMN = {
  confirmation: "confirmation_token",
  recovery: "recovery_token",
  email_change_new: "email_change_token_new",
  email_change_current: "email_change_token_current",
} as const satisfies Record<OtpKind, keyof UserRow>;

// The column that dates each token, for expiry and the send-frequency limit.
export const SENT_AT_COLUMN = {
  confirmation: "confirmation_sent_at",
  recovery: "recovery_sent_at",
  email_change_new: "email_change_sent_at",
  email_change_current: "email_change_sent_at",
} as const satisfies Record<OtpKind, keyof UserRow>;

export const PKCE_PREFIX = "pkce_";

export function generateOtp(length: number): string {
  return Array.from({ length }, () => String(randomInt(10))).join("");
}

export function tokenHash(email: string, otp: string): string {
  return createHash("sha224")
    .update(email + otp)
    .digest("hex");
}

export function storedToken(user: UserRow, kind: OtpKind): string {
  return user[TOKEN_COLUMN[kind]] ?? "";
}

export function isExpired(user: UserRow, kind: OtpKind, otpExpirySeconds: number): boolean {
  const sentAt = user[SENT_AT_COLUMN[kind]];
  return !sentAt || Date.now() > sentAt.getTime() + otpExpirySeconds * 1000;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Does a hash (from a link, or computed from email + OTP) match the stored token of this kind? */
export function tokenMatches(user: UserRow, kind: OtpKind, hash: string): boolean {
  const stored = storedToken(user, kind);
  if (!stored || !hash) return false;
  // An OTP typed in for a PKCE flow yields the bare hash of a `pkce_`-prefixed stored token.
  return safeEqual(stored, hash) || safeEqual(stored, PKCE_PREFIX + hash);
}

export type IssuedToken = { otp: string; hashedToken: string };

/**
 * Issues a token of `kind` for `email` (the address it is sent to), stores it with its sent-at
 * time, and returns the OTP and the (possibly `pkce_`-prefixed) hash that goes in the link.
 */
export async function issueToken(
  db: Db,
  user: UserRow,
  kind: OtpKind,
  opts: { email: string; otpLength: number; pkce?: boolean; extra?: UserUpdate },
): Promise<{ token: IssuedToken; user: UserRow }> {
  const otp = generateOtp(opts.otpLength);
  const hashedToken = (opts.pkce ? PKCE_PREFIX : "") + tokenHash(opts.email, otp);
  const updated = await updateUser(db, user.id, {
    ...opts.extra,
    [TOKEN_COLUMN[kind]]: hashedToken,
    [SENT_AT_COLUMN[kind]]: new Date(),
  });
  await db`
    insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
    values (${randomUUID()}, ${user.id}, ${TOKEN_COLUMN[kind]}, ${hashedToken}, ${opts.email}, now(), now())
    on conflict (user_id, token_type)
    do update set token_hash = excluded.token_hash, relates_to = excluded.relates_to, updated_at = now()`;
  return { token: { otp, hashedToken }, user: updated };
}

/** Consumes tokens once used: cleared on the user and removed from auth.one_time_tokens. */
export async function clearTokens(db: Db, user: UserRow, kinds: OtpKind[], extra: UserUpdate = {}) {
  const changes: UserUpdate = { ...extra };
  for (const kind of kinds) changes[TOKEN_COLUMN[kind]] = "";
  const types = kinds.map((k) => TOKEN_COLUMN[k]);
  await db`delete from auth.one_time_tokens where user_id = ${user.id} and token_type::text = any(${types})`;
  return updateUser(db, user.id, changes);
}

/** Finds the user a link's token belongs to. */
export async function findUserByToken(db: Db, kinds: OtpKind[], hash: string): Promise<UserRow | undefined> {
  if (!hash) return undefined;
  const conditions = kinds.map((k) => db`${db(TOKEN_COLUMN[k])} = ${hash}`);
  const where = conditions.reduce((acc, c) => db`${acc} or ${c}`);
  const [user] = await db<UserRow[]>`select * from auth.users where ${where} limit 1`;
  return user;
}
