import type { z } from "zod";

/**
 * The one error type of the app. Every entry point (server action, route handler, API-key route,
 * webhook) turns what it catches into this shape, so users see a clear message and a status that
 * says what went wrong, never a stack trace.
 */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  /** A body or file of a type the route does not take. */
  unsupported_media_type: 415,
  unprocessable: 422,
  limit_reached: 402,
  /** The organization's plan does not include the feature (upgrade to use it). */
  feature_locked: 402,
  rate_limited: 429,
  internal: 500,
  /** A service the request needs is not set up or not reachable (e.g. Stripe without keys). */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldErrors = Record<string, string[]>;

/** The JSON every handler answers an error with. */
export type ErrorBody = { error: { code: ErrorCode; message: string; fields?: FieldErrors } };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

/** Postgres SQLSTATEs our SQL raises on purpose, and what a person should read instead. */
const sqlStateCodes: Record<string, ErrorCode> = {
  "23505": "conflict", // unique_violation
  "23503": "unprocessable", // foreign_key_violation
  "23514": "validation_failed", // check_violation
  "23502": "validation_failed", // not_null_violation
  "22P02": "validation_failed", // invalid_text_representation (e.g. a bad uuid)
  "22001": "validation_failed", // string_data_right_truncation
  // Input PostgreSQL cannot take, whatever checked it before: a NUL character or an unpaired
  // Unicode escape in text or JSON, numbers and dates out of range, a bad escape in a pattern.
  "22021": "validation_failed", // character_not_in_repertoire
  "22P05": "validation_failed", // untranslatable_character
  "22003": "validation_failed", // numeric_value_out_of_range
  "22007": "validation_failed", // invalid_datetime_format
  "22008": "validation_failed", // datetime_field_overflow
  "22025": "validation_failed", // invalid_escape_sequence
  "2201B": "validation_failed", // invalid_regular_expression
  "54000": "payload_too_large", // program_limit_exceeded (e.g. a value too large for its index)
  "54001": "validation_failed", // statement_too_complex (nesting too deep for the server's stack)
  // The server's own limits: statement_timeout, idle_in_transaction_session_timeout.
  "57014": "unavailable", // query_canceled
  "25P03": "unavailable", // idle_in_transaction_session_timeout
  "42501": "forbidden", // insufficient_privilege, including an RLS refusal
  P0001: "unprocessable", // raise exception in our functions: the message is written for people
  P0002: "not_found", // no_data_found
  // Our own class "OF": raised on purpose by our SQL functions, with messages written for people.
  OFLIM: "limit_reached",
  OFFEA: "feature_locked",
  OFFRB: "forbidden",
  OFNFD: "not_found",
  OFGON: "gone",
  OFCNF: "conflict",
  OFVAL: "validation_failed",
};

type PgLikeError = { code?: unknown; message?: unknown; constraint_name?: unknown };

function isPgError(e: unknown): e is PgLikeError & { code: string } {
  return typeof e === "object" && e !== null && typeof (e as PgLikeError).code === "string";
}

/** Turns anything thrown into an AppError; unknown failures become a generic `internal`. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isPgError(e) && e.code in sqlStateCodes) {
    const code = sqlStateCodes[e.code]!;
    const message =
      e.code === "42501"
        ? "You do not have permission to do that."
        : e.code === "23505"
          ? "That already exists."
          : e.code === "P0001" || e.code === "P0002" || e.code.startsWith("OF")
            ? String(e.message)
            : code === "unavailable"
              ? "This took too long on our side. Please try again."
              : code === "payload_too_large"
                ? "Some of the data is too large to store."
                : "Some of the data is not valid.";
    return new AppError(code, message);
  }
  return new AppError("internal", "Something went wrong on our side. Please try again.");
}

/** What a form says above its fields when some of them are not valid. */
export const VALIDATION_MESSAGE = "Please correct the highlighted fields.";

/**
 * Puts an expected failure (a taken slug, an address already invited …) under the field it is
 * about, so the form shows it there; anything else is rethrown as it is.
 */
export function asFieldError(e: unknown, field: string, codes: readonly ErrorCode[] = ["conflict"]): never {
  const error = toAppError(e);
  if (codes.includes(error.code) && !error.fields && error.code !== "internal") {
    throw new AppError(error.code, VALIDATION_MESSAGE, { [field]: [error.message] });
  }
  throw e;
}

/** zod issues → `{ "field.path": ["message", …] }`; issues about the whole form go under `_form`. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
