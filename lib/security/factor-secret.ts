import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { encryptionKey, encryptionKeyProblem } from "@/lib/integrations/crypto";
import { recoveryCodeHash } from "./recovery-codes";

/**
 * A TOTP factor's secret, kept by the app so that a recovery code can sign someone in at aal2
 * without removing their factor (supabase/migrations/20261207045100_recovery_code_keeps_factor.sql):
 * AES-256-GCM with the app's encryption key (INTEGRATIONS_ENCRYPTION_KEY), bound to the user and
 * the factor, so a ciphertext copied to another row does not decrypt. `v1:<iv>:<tag>:<body>`.
 */

const TAG_BYTES = 16;
const aad = (userId: string, factorId: string) => Buffer.from(`orgflow:mfa-factor:${userId}:${factorId}`);

export function encryptFactorSecret(secret: string, userId: string, factorId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(userId, factorId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(
    ":",
  );
}

/** The secret, or null when it cannot be decrypted (another key, another row). */
export function decryptFactorSecret(stored: string, userId: string, factorId: string): string | null {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(userId, factorId));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The codes a TOTP secret gives now and in the next step (GoTrue accepts one step of skew). */
export function currentCodes(secret: string, now = Date.now()): string[] {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return [totp.generate({ timestamp: now }), totp.generate({ timestamp: now + 30_000 })];
}

/**
 * Keeps the secret of a factor the caller is enrolling. Skipped (recovery then removes the factor,
 * as before) when this server has no encryption key of its own.
 */
export async function keepFactorSecret(
  tx: Tx,
  userId: string,
  factorId: string,
  secret: string,
): Promise<void> {
  if (encryptionKeyProblem()) return;
  await tx`select private.keep_factor_secret(${factorId}, ${encryptFactorSecret(secret, userId, factorId)})`;
}

/**
 * Spends one of the caller's recovery codes; refuses a wrong or used one. Answers with the
 * caller's factor and its secret when the app kept it, else null.
 */
export async function spendRecoveryCode(
  tx: Tx,
  userId: string,
  code: string,
): Promise<{ factorId: string; secret: string } | null> {
  const rows = await tx`
    select factor_id, secret_encrypted from private.spend_recovery_code(${recoveryCodeHash(code)})`;
  const [row] = z
    .array(z.object({ factor_id: z.uuid().nullable(), secret_encrypted: z.string().nullable() }))
    .parse(rows);
  if (!row) {
    throw new AppError("unauthenticated", "That recovery code isn't valid or has already been used.", {
      code: ["That recovery code isn't valid or has already been used."],
    });
  }
  if (!row.factor_id || !row.secret_encrypted) return null;
  const secret = decryptFactorSecret(row.secret_encrypted, userId, row.factor_id);
  return secret ? { factorId: row.factor_id, secret } : null;
}
