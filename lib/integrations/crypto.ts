import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DEVELOPMENT_INTEGRATIONS_KEY, isWellKnownIntegrationsKey } from "@/lib/config/well-known";
import { AppError } from "@/lib/errors";

/**
 * Integration credentials at rest: AES-256-GCM with a key from the environment
 * (`INTEGRATIONS_ENCRYPTION_KEY`: 32 bytes, base64 or hex). The ciphertext is bound to its
 * organization and integration (additional authenticated data), so a ciphertext copied onto
 * another row does not decrypt. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64).
 *
 * The local stack generates the key on its first start (.local/secrets/) and `npm run dev` /
 * `npm start` pass it on, so connecting works out of the box. Hosted, the operator sets it; until
 * then the integrations page says so before its form (encryptionKeyProblem). Outside production a
 * fixed development key stands in when the variable is unset (tests, a bare `next dev`); production
 * refuses to encrypt or decrypt without a key of its own, and refuses a key published in the source.
 */

const VERSION = "v1";
/** GCM's full tag: Node accepts a shorter one unless the length is fixed, which weakens forgery resistance. */
const TAG_BYTES = 16;
const DEV_KEY = DEVELOPMENT_INTEGRATIONS_KEY;

const SET_IT =
  "An operator must set INTEGRATIONS_ENCRYPTION_KEY to 32 random bytes in base64 (e.g. `openssl rand -base64 32`) and restart the app.";

/**
 * Why integration credentials cannot be encrypted on this server, in words for the person who can
 * fix it; null when they can. The integrations page shows it before its form.
 */
export function encryptionKeyProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.INTEGRATIONS_ENCRYPTION_KEY?.trim();
  if (!raw) {
    return env.NODE_ENV === "production"
      ? `Integrations cannot be connected yet: no encryption key is configured for their credentials. ${SET_IT}`
      : null;
  }
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) {
    return `Integrations cannot be connected: INTEGRATIONS_ENCRYPTION_KEY is not 32 bytes (base64, 44 characters, or hex, 64). ${SET_IT}`;
  }
  if (env.NODE_ENV === "production" && isWellKnownIntegrationsKey(key)) {
    return `Integrations cannot be connected: INTEGRATIONS_ENCRYPTION_KEY is a test key published in Orgflow's source. ${SET_IT}`;
  }
  return null;
}

export function encryptionKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const problem = encryptionKeyProblem(env);
  if (problem) throw new AppError("unavailable", problem);
  const raw = env.INTEGRATIONS_ENCRYPTION_KEY?.trim();
  if (!raw) return DEV_KEY;
  return /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
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
