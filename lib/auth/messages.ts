import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";

/**
 * Supabase Auth error codes (AuthError.code, or `error_code` in a redirect's query) turned into what
 * a person should read. The one place these messages live; unit-tested in messages.test.ts.
 */
type AuthMessage = { code: ErrorCode; message: string; field?: "email" | "password" | "code" };

const SESSION_ENDED: AuthMessage = {
  code: "unauthenticated",
  message: "Your session has ended. Please sign in again.",
};

const LINK_EXPIRED: AuthMessage = {
  code: "gone",
  message: "This link has expired or has already been used. Please request a new one.",
};

const SAME_BROWSER: AuthMessage = {
  code: "gone",
  message: "This link must be opened in the same browser you requested it from. Please request a new one.",
};

const authMessages: Record<string, AuthMessage> = {
  invalid_credentials: {
    code: "unauthenticated",
    message: "That email and password don't match. Check them and try again.",
  },
  email_not_confirmed: {
    code: "forbidden",
    message: "Please confirm your email address first: open the link we emailed you when you signed up.",
  },
  // Per address (every request) or per account (failed sign-ins), counted over five minutes.
  over_request_rate_limit: {
    code: "rate_limited",
    message: "Too many attempts. For your security, please wait a few minutes and try again.",
  },
  over_email_send_rate_limit: {
    code: "rate_limited",
    message: "We've sent several emails to this address recently. Please wait a few minutes and try again.",
  },
  user_already_exists: {
    code: "conflict",
    message: "An account with this email already exists. Sign in instead.",
    field: "email",
  },
  email_exists: {
    code: "conflict",
    message: "An account with this email already exists.",
    field: "email",
  },
  weak_password: {
    code: "validation_failed",
    message:
      "That password is too easy to guess. Use a longer one with a mix of letters, numbers and symbols.",
    field: "password",
  },
  same_password: {
    code: "validation_failed",
    message: "Your new password must be different from your current one.",
    field: "password",
  },
  email_address_invalid: {
    code: "validation_failed",
    message: "That email address doesn't look right.",
    field: "email",
  },
  email_address_not_authorized: {
    code: "forbidden",
    message: "We can't send email to this address. Please use a different one.",
    field: "email",
  },
  validation_failed: {
    code: "validation_failed",
    message: "Some of the details aren't valid. Check them and try again.",
  },
  signup_disabled: { code: "forbidden", message: "New sign-ups are closed right now." },
  email_provider_disabled: { code: "forbidden", message: "Signing in with email is turned off." },
  user_banned: { code: "forbidden", message: "This account has been suspended." },
  user_not_found: { code: "not_found", message: "We couldn't find that account." },
  reauthentication_needed: {
    code: "forbidden",
    message: "For your security, please sign in again before changing your password.",
  },
  otp_expired: LINK_EXPIRED,
  flow_state_not_found: LINK_EXPIRED,
  flow_state_expired: LINK_EXPIRED,
  bad_code_verifier: SAME_BROWSER,
  // Raised by the client itself when the PKCE verifier cookie is missing (another browser).
  pkce_code_verifier_not_found: SAME_BROWSER,
  session_not_found: SESSION_ENDED,
  session_expired: SESSION_ENDED,
  refresh_token_not_found: SESSION_ENDED,
  refresh_token_already_used: SESSION_ENDED,
  bad_jwt: SESSION_ENDED,
  no_authorization: SESSION_ENDED,
  // Two-factor authentication (Supabase MFA).
  mfa_verification_failed: {
    code: "unauthenticated",
    message: "That code isn't right. Check your authenticator app and enter the code it shows now.",
    field: "code",
  },
  mfa_challenge_expired: {
    code: "gone",
    message: "That took too long. Enter the code your authenticator app shows now.",
    field: "code",
  },
  mfa_ip_address_mismatch: {
    code: "gone",
    message: "That code was already used. Enter the code your authenticator app shows now.",
    field: "code",
  },
  mfa_factor_not_found: {
    code: "not_found",
    message: "Two-factor authentication isn't set up on this account any more. Reload the page.",
  },
  mfa_factor_name_conflict: {
    code: "conflict",
    message: "Two-factor authentication is already being set up. Reload the page and try again.",
  },
  too_many_enrolled_mfa_factors: {
    code: "conflict",
    message: "This account has as many authenticators as it can. Remove one first.",
  },
  insufficient_aal: {
    code: "forbidden",
    message: "For your security, sign in again with your two-factor code first.",
  },
  // Redirect errors (query `error=`) with no error_code.
  access_denied: { code: "forbidden", message: "Access was denied. Please try again." },
};

const UNREACHABLE: AuthMessage = {
  code: "internal",
  message: "We couldn't reach the sign-in service. Please try again in a moment.",
};

const UNKNOWN: AuthMessage = {
  code: "internal",
  message: "Something went wrong on our side. Please try again.",
};

/** The auth server refused the request for a reason we have no message for (a 4xx of its own). */
const REFUSED: AuthMessage = {
  code: "bad_request",
  message: "The sign-in service could not accept this request. Check what you entered and try again.",
};

/** The message for a Supabase Auth error code; a generic one for codes we don't know. */
export function authMessage(code: string | null | undefined): AuthMessage {
  return (code && Object.hasOwn(authMessages, code) ? authMessages[code] : undefined) ?? UNKNOWN;
}

type AuthErrorLike = { code?: unknown; status?: unknown; name?: unknown };

function isAuthErrorLike(e: unknown): e is AuthErrorLike {
  return typeof e === "object" && e !== null && ("code" in e || "status" in e || "name" in e);
}

/**
 * Turns an error from `supabase.auth.*` into an AppError with a clear message (and the field it
 * concerns, when there is one). Network failures and 5xx become "couldn't reach"; anything else
 * unknown becomes a generic internal error: the raw server message is never shown.
 */
export function authErrorToAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  let mapped = UNKNOWN;
  if (isAuthErrorLike(e)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    const status = typeof e.status === "number" ? e.status : undefined;
    if (code && Object.hasOwn(authMessages, code)) mapped = authMessages[code] ?? UNKNOWN;
    else if (status === 429) mapped = authMessages.over_request_rate_limit ?? UNKNOWN;
    else if (
      e.name === "AuthRetryableFetchError" ||
      status === 0 ||
      (status !== undefined && status >= 500)
    ) {
      mapped = UNREACHABLE;
    } else if (status !== undefined && status >= 400 && status < 500) {
      mapped = REFUSED;
    }
  }
  const fields: FieldErrors | undefined = mapped.field ? { [mapped.field]: [mapped.message] } : undefined;
  return new AppError(mapped.code, mapped.message, fields);
}

/**
 * The message for an auth redirect that failed (`?error=…&error_code=…&error_description=…`).
 * The free-text description is never shown: it arrives in a URL anyone can craft.
 */
export function authRedirectErrorMessage(params: {
  error?: string | null;
  error_code?: string | null;
}): string {
  const known = authMessage(params.error_code ?? params.error);
  if (known !== UNKNOWN) return known.message;
  return "We couldn't complete that sign-in link. It may have expired or already been used.";
}
