import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";

/**
 * The auth server's settings, read from the `[auth]` section of supabase/config.toml with the
 * Supabase CLI's semantics and defaults, so `supabase start` and the Docker-free stack behave alike
 * from one file.
 */

export type PasswordRequirement =
  "" | "letters_digits" | "lower_upper_letters_digits" | "lower_upper_letters_digits_symbols";

export type RateLimitSettings = {
  /**
   * Failed password sign-ins per email address per window; past it every attempt on that address
   * is refused until the window ends (not a GoTrue knob: it guards one account against guessing
   * spread over many addresses).
   */
  signInPerEmail: number;
  /** Sign-ins and sign-ups per client IP per window (`[auth.rate_limit] sign_in_sign_ups`). */
  signInPerIp: number;
  /** Refresh-token grants per client IP per window (`token_refresh`). */
  tokenRefreshPerIp: number;
  /** OTP and link verifications per client IP per window (`token_verifications`). */
  verifyPerIp: number;
  /** GoTrue counts these limits over five minutes. */
  windowSeconds: number;
};

export type AuthSettings = {
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtExpiry: number;
  enableSignup: boolean;
  /** `[auth.email] enable_signup`: the email provider itself. */
  enableEmailSignup: boolean;
  enableAnonymousSignIns: boolean;
  enableConfirmations: boolean;
  /** `[auth.email] double_confirm_changes`: an email change is confirmed from both addresses. */
  doubleConfirmChanges: boolean;
  enableRefreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  minimumPasswordLength: number;
  passwordRequirements: PasswordRequirement;
  /** Seconds before another confirmation/recovery/email-change mail may go to the same user. */
  emailMaxFrequency: number;
  otpLength: number;
  /** Seconds an emailed OTP or link stays valid. */
  otpExpiry: number;
  /** Seconds a PKCE auth code stays exchangeable (GoTrue's FlowStateExpiryDuration). */
  flowStateExpiry: number;
  /** A JWK set whose key with key_ops "sign" signs access tokens; absolute path. */
  signingKeysPath?: string;
  /**
   * An HS256 secret (`[auth] jwt_secret`): accepted when verifying and signing the legacy API keys.
   * The local stack sets it only in Supabase CLI compatibility mode (see keys.ts); production
   * refuses to start with one.
   */
  jwtSecret?: string;
  /** Base of emailed links (GoTrue's API_EXTERNAL_URL); defaults to the server's own URL. */
  externalUrl?: string;
  rateLimit: RateLimitSettings;
  /**
   * GoTrue's GOTRUE_SECURITY_SB_FORWARDED_FOR_ENABLED (off by default; hosted projects turn it on
   * under Authentication > Rate Limits): a request made with the secret API key may name the end
   * user's address in `Sb-Forwarded-For`, and the per-IP limits count that address. Not a
   * config.toml key; the local stack turns it on because the app in front of it forwards.
   */
  sbForwardedForEnabled: boolean;
  /** Request bodies above this many bytes are refused. */
  maxBodyBytes: number;
};

export type AuthSettingsOverrides = Partial<Omit<AuthSettings, "rateLimit">> & {
  rateLimit?: Partial<RateLimitSettings>;
};

const passwordRequirementSchema = z.enum([
  "",
  "letters_digits",
  "lower_upper_letters_digits",
  "lower_upper_letters_digits_symbols",
]);

// Only the keys we honour; anything else in config.toml is the CLI's business.
const authSectionSchema = z.object({
  site_url: z.string().optional(),
  additional_redirect_urls: z.array(z.string()).optional(),
  jwt_expiry: z.number().int().positive().optional(),
  jwt_secret: z.string().optional(),
  enable_signup: z.boolean().optional(),
  enable_anonymous_sign_ins: z.boolean().optional(),
  enable_refresh_token_rotation: z.boolean().optional(),
  refresh_token_reuse_interval: z.number().int().nonnegative().optional(),
  minimum_password_length: z.number().int().nonnegative().optional(),
  password_requirements: passwordRequirementSchema.optional(),
  signing_keys_path: z.string().optional(),
  rate_limit: z
    .object({
      sign_in_sign_ups: z.number().int().positive().optional(),
      token_refresh: z.number().int().positive().optional(),
      token_verifications: z.number().int().positive().optional(),
    })
    .optional(),
  email: z
    .object({
      enable_signup: z.boolean().optional(),
      enable_confirmations: z.boolean().optional(),
      double_confirm_changes: z.boolean().optional(),
      max_frequency: z.string().optional(),
      otp_length: z.number().int().min(6).max(10).optional(),
      otp_expiry: z.number().int().positive().optional(),
    })
    .optional(),
});

/** The Supabase CLI's defaults for every key we read (supabase/cli pkg/config). */
export const defaultAuthSettings: AuthSettings = {
  siteUrl: "http://127.0.0.1:3000",
  additionalRedirectUrls: [],
  jwtExpiry: 3600,
  enableSignup: true,
  enableEmailSignup: true,
  enableAnonymousSignIns: false,
  enableConfirmations: false,
  doubleConfirmChanges: true,
  enableRefreshTokenRotation: true,
  refreshTokenReuseInterval: 10,
  minimumPasswordLength: 6,
  passwordRequirements: "",
  emailMaxFrequency: 1,
  otpLength: 6,
  otpExpiry: 3600,
  flowStateExpiry: 300,
  rateLimit: {
    signInPerEmail: 30,
    signInPerIp: 30,
    tokenRefreshPerIp: 150,
    verifyPerIp: 30,
    windowSeconds: 300,
  },
  sbForwardedForEnabled: false,
  maxBodyBytes: 64 * 1024,
};

/** The CLI lets any string be `env(NAME)`; it reads the variable at start. */
function substituteEnv(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^env\((\w+)\)$/.exec(value.trim());
    return match ? (process.env[match[1]!] ?? "") : value;
  }
  if (Array.isArray(value)) return value.map(substituteEnv);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v)]));
  }
  return value;
}

const GO_DURATION_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Parses a Go duration such as "1s", "1m30s" or "2h" into seconds. */
export function parseGoDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (!parts.length || consumed !== text.trim()) throw new Error(`Invalid duration "${text}"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * GO_DURATION_UNITS[p[2]!]!, 0);
}

export function readAuthSettings(
  configTomlPath: string,
  overrides: AuthSettingsOverrides = {},
): AuthSettings {
  const doc = parseToml(readFileSync(configTomlPath, "utf8")) as Record<string, unknown>;
  const parsed = authSectionSchema.safeParse(substituteEnv(doc.auth ?? {}));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `auth.${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid [auth] settings in ${configTomlPath}: ${problems}`);
  }
  const auth = parsed.data;
  const d = defaultAuthSettings;
  // signing_keys_path is relative to the supabase/ folder, which holds config.toml.
  const supabaseDir = path.dirname(path.resolve(configTomlPath));
  const fromFile: AuthSettings = {
    ...d,
    siteUrl: auth.site_url ?? d.siteUrl,
    additionalRedirectUrls: auth.additional_redirect_urls ?? d.additionalRedirectUrls,
    jwtExpiry: auth.jwt_expiry ?? d.jwtExpiry,
    jwtSecret: auth.jwt_secret || undefined,
    enableSignup: auth.enable_signup ?? d.enableSignup,
    enableEmailSignup: auth.email?.enable_signup ?? d.enableEmailSignup,
    enableAnonymousSignIns: auth.enable_anonymous_sign_ins ?? d.enableAnonymousSignIns,
    enableConfirmations: auth.email?.enable_confirmations ?? d.enableConfirmations,
    doubleConfirmChanges: auth.email?.double_confirm_changes ?? d.doubleConfirmChanges,
    enableRefreshTokenRotation: auth.enable_refresh_token_rotation ?? d.enableRefreshTokenRotation,
    refreshTokenReuseInterval: auth.refresh_token_reuse_interval ?? d.refreshTokenReuseInterval,
    minimumPasswordLength: auth.minimum_password_length ?? d.minimumPasswordLength,
    passwordRequirements: auth.password_requirements ?? d.passwordRequirements,
    emailMaxFrequency:
      auth.email?.max_frequency !== undefined
        ? parseGoDuration(auth.email.max_frequency)
        : d.emailMaxFrequency,
    otpLength: auth.email?.otp_length ?? d.otpLength,
    otpExpiry: auth.email?.otp_expiry ?? d.otpExpiry,
    signingKeysPath: auth.signing_keys_path ? path.resolve(supabaseDir, auth.signing_keys_path) : undefined,
    rateLimit: {
      ...d.rateLimit,
      signInPerIp: auth.rate_limit?.sign_in_sign_ups ?? d.rateLimit.signInPerIp,
      tokenRefreshPerIp: auth.rate_limit?.token_refresh ?? d.rateLimit.tokenRefreshPerIp,
      verifyPerIp: auth.rate_limit?.token_verifications ?? d.rateLimit.verifyPerIp,
    },
  };
  const { rateLimit, ...rest } = overrides;
  return { ...fromFile, ...rest, rateLimit: { ...fromFile.rateLimit, ...rateLimit } };
}
