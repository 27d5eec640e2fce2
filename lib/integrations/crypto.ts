import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/**
 * Integration credentials at rest: AES-256-GCM with a key from the environment
 * (`INTEGRATIONS_ENCRYPTION_KEY`: 32 bytes, base64 or hex). The ciphertext is bound to its
 * organization and integration (additional authenticated data), so a ciphertext copied onto
 * another row does not decrypt. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64).
 *
 * Outside production a fixed development key is used when the variable is unset, so a fresh clone
 * works; in production encrypting or decrypting without the variable is refused.
 */

const VERSION = "v1";
/** GCM's full tag: Node accepts a shorter one unless the length is fixed, which weakens forgery resistance. */
const TAG_BYTES = 16;
const DEV_KEY = createHash("sha256").update("orgflow-local-development-integrations-key").digest();

export function encryptionKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = env.INTEGRATIONS_ENCRYPTION_KEY?.trim();
  if (!raw) {
    if (env.NODE_ENV === "production") {
      throw new AppError(
        "unavailable",
        "Integrations cannot be connected on this server: INTEGRATIONS_ENCRYPTION_KEY is not set.",
      );
    }
    return DEV_KEY;
  }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) {
    throw new AppError(
      "unavailable",
      "INTEGRATIONS_ENCRYPTION_KEY must be 32 bytes, written as base64 (44 characters) or hex (64).",
    );
  }
  return key;
}

function aad(organizationId: string, integrationId: string): Buffer {
  return Buffer.from(`orgflow:integration:${organizationId}:${integrationId}`);
}

export function encryptCredentials(
  credentials: Record<string, unknown>,
  binding: { organizationId: string; integrationId: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(env), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(binding.organizationId, binding.integrationId));
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return [
    VERSION,
    iv.toString("base64"),
    cipher.getAuthTag().toString("base64"),
    body.toString("base64"),
  ].join(":");
}

export function decryptCredentials(
  stored: string,
  binding: { organizationId: string; integrationId: string },
  env: NodeJS.ProcessEnv = process.env,
): Record<string, unknown> {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) {
    throw new AppError("unprocessable", "The stored credentials are in an unknown format; connect again.");
  }
  try {
    const key = encryptionKey(env);
    const authTag = Buffer.from(tag, "base64");
    if (authTag.length !== TAG_BYTES) throw new Error("truncated tag");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(binding.organizationId, binding.integrationId));
    decipher.setAuthTag(authTag);
    const text = Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString(
      "utf8",
    );
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    return parsed as Record<string, unknown>;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      "unprocessable",
      "The stored credentials cannot be decrypted (was INTEGRATIONS_ENCRYPTION_KEY changed?); connect again.",
    );
  }
}

/** What the UI may show of a secret: its first characters and last four. */
export function secretHint(secret: string): string {
  const s = secret.trim();
  if (s.length <= 8) return "…" + s.slice(-2);
  return `${s.slice(0, 4)}…${s.slice(-4)}`;
}
