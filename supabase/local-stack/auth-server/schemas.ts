import { z } from "zod";
import { badRequest } from "./errors";

/**
 * Request bodies. GoTrue decodes them with Go's json.Unmarshal, so every field is optional, `null`
 * means "not given", unknown fields are ignored, and only a value of the wrong type is an error
 * (400 bad_json). What a value must look like is checked by the handlers, with GoTrue's messages.
 */

const text = z.string().nullish();
const flag = z.boolean().nullish();
const metadata = z.record(z.string(), z.unknown()).nullish();
const pkce = { code_challenge: text, code_challenge_method: text };

export const signupBody = z.object({ email: text, phone: text, password: text, data: metadata, ...pkce });

export const passwordGrantBody = z.object({ email: text, phone: text, password: text });

export const refreshGrantBody = z.object({ refresh_token: text });

export const pkceGrantBody = z.object({ auth_code: text, code_verifier: text });

export const userUpdateBody = z.object({
  email: text,
  phone: text,
  password: text,
  data: metadata,
  nonce: text,
  current_password: text,
  ...pkce,
});

export const enrollFactorBody = z.object({
  factor_type: text,
  friendly_name: text,
  issuer: text,
  phone: text,
});

export const verifyFactorBody = z.object({ challenge_id: text, code: text });

export const recoverBody = z.object({ email: text, ...pkce });

export const otpBody = z.object({ email: text, phone: text, data: metadata, create_user: flag, ...pkce });

export const resendBody = z.object({ email: text, phone: text, type: text, ...pkce });

export const verifyBody = z.object({
  type: text,
  token: text,
  token_hash: text,
  email: text,
  phone: text,
  redirect_to: text,
});

export const inviteBody = z.object({ email: text, data: metadata });

export const adminUserBody = z.object({
  id: text,
  email: text,
  phone: text,
  password: text,
  password_hash: text,
  email_confirm: flag,
  phone_confirm: flag,
  user_metadata: metadata,
  app_metadata: metadata,
  role: text,
  ban_duration: text,
});

export const adminDeleteBody = z.object({ should_soft_delete: flag });

export const generateLinkBody = z.object({
  type: text,
  email: text,
  new_email: text,
  password: text,
  data: metadata,
  redirect_to: text,
});

// checkmail's format check, as GoTrue's validateEmail uses it.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: required, at most 255 characters, well formed; stored lower-cased. */
export function validateEmail(email: string | null | undefined): string {
  const trimmed = email?.trim() ?? "";
  if (!trimmed) throw badRequest("validation_failed", "An email address is required");
  if (trimmed.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_FORMAT.test(trimmed)) {
    throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  }
  return trimmed.toLowerCase();
}

const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_FORMAT.test(value);
}
