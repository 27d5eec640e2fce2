/**
 * Errors exactly as Supabase Auth answers them (supabase/auth internal/api/errors.go), because
 * auth-js decides what to throw from the status, the body's code and the echoed API version.
 */

/** The error codes this server uses, a subset of GoTrue's apierrors/errorcode.go. */
export type ErrorCode =
  | "unexpected_failure"
  | "validation_failed"
  | "bad_json"
  | "email_exists"
  | "bad_jwt"
  | "not_admin"
  | "no_authorization"
  | "user_not_found"
  | "session_not_found"
  | "session_expired"
  | "refresh_token_not_found"
  | "refresh_token_already_used"
  | "flow_state_not_found"
  | "flow_state_expired"
  | "signup_disabled"
  | "user_banned"
  | "email_provider_disabled"
  | "phone_provider_disabled"
  | "anonymous_provider_disabled"
  | "email_not_confirmed"
  | "user_already_exists"
  | "same_password"
  | "otp_expired"
  | "otp_disabled"
  | "weak_password"
  | "over_request_rate_limit"
  | "over_email_send_rate_limit"
  | "bad_code_verifier"
  | "invalid_credentials"
  | "request_too_large"
  | "not_found"
  | "method_not_allowed"
  | "insufficient_aal"
  | "mfa_factor_not_found"
  | "mfa_factor_name_conflict"
  | "mfa_verification_failed"
  | "mfa_challenge_expired"
  | "mfa_ip_address_mismatch"
  | "mfa_phone_enroll_not_enabled"
  | "mfa_webauthn_enroll_not_enabled"
  | "too_many_enrolled_mfa_factors";

/** GoTrue's HTTPError: rendered as `{code,message}` or, for old clients, `{code,error_code,msg}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Extra top-level fields, e.g. `weak_password: {reasons}`. */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** GoTrue's OAuthError: always 400 `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
  }
}

/** What the API gateway (Kong in the CLI stack) answers before the request reaches GoTrue. */
export class GatewayError extends Error {
  readonly status = 401;
  constructor(message: string) {
    super(message);
    this.name = "GatewayError";
  }
}

export const badRequest = (code: ErrorCode, message: string) => new ApiError(400, code, message);
export const forbidden = (code: ErrorCode, message: string) => new ApiError(403, code, message);
export const notFound = (code: ErrorCode, message: string) => new ApiError(404, code, message);
export const unprocessable = (code: ErrorCode, message: string) => new ApiError(422, code, message);
export const tooManyRequests = (code: ErrorCode, message: string) => new ApiError(429, code, message);

export const DUPLICATE_EMAIL_MESSAGE = "A user with this email address has already been registered";
export const INVALID_LOGIN_MESSAGE = "Invalid login credentials";
export const UNEXPECTED_FAILURE_MESSAGE = "Unexpected failure, please check server logs for more information";

export function emailSendTooFrequent(secondsLeft: number): ApiError {
  return tooManyRequests(
    "over_email_send_rate_limit",
    `For security purposes, you can only request this after ${Math.max(1, Math.ceil(secondsLeft))} seconds.`,
  );
}

/** Body and headers of an error response, in the shape the request's API version asks for. */
export function renderError(
  error: ApiError | OAuthError,
  apiVersion2024: boolean,
): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  if (error instanceof OAuthError) {
    return { status: 400, body: { error: error.error, error_description: error.description }, headers: {} };
  }
  const headers = { ...error.headers, "x-sb-error-code": error.code };
  const body = apiVersion2024
    ? { code: error.code, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...error.extra };
  return { status: error.status, body, headers };
}
