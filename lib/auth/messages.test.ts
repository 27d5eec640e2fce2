import { AuthApiError, AuthRetryableFetchError, AuthWeakPasswordError } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { authErrorToAppError, authMessage, authRedirectErrorMessage } from "./messages";

describe("authErrorToAppError", () => {
  it("explains wrong credentials without saying which part was wrong", () => {
    const e = authErrorToAppError(new AuthApiError("Invalid login credentials", 400, "invalid_credentials"));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("unauthenticated");
    expect(e.message).toMatch(/email and password don't match/);
    expect(e.fields).toBeUndefined();
  });

  it("asks to confirm the email first", () => {
    const e = authErrorToAppError(new AuthApiError("Email not confirmed", 400, "email_not_confirmed"));
    expect(e.code).toBe("forbidden");
    expect(e.message).toMatch(/confirm your email/i);
  });

  it("maps rate limits, by code or by status alone", () => {
    const byCode = authErrorToAppError(
      new AuthApiError("Request rate limit reached", 429, "over_request_rate_limit"),
    );
    expect(byCode.code).toBe("rate_limited");
    expect(byCode.status).toBe(429);
    expect(authErrorToAppError(new AuthApiError("slow down", 429, undefined)).code).toBe("rate_limited");
  });

  it("answers a refusal it has no message for as the request's fault, not ours", () => {
    const e = authErrorToAppError(new AuthApiError("Request body too large", 413, "request_too_large"));
    expect(e).toMatchObject({ code: "bad_request", status: 400 });
    expect(authErrorToAppError(new AuthApiError("boom", 500, undefined)).code).toBe("internal");
  });

  it("attaches field errors where a field is at fault", () => {
    const weak = authErrorToAppError(
      new AuthWeakPasswordError("Password should be at least 8 characters.", 422, ["length"]),
    );
    expect(weak.code).toBe("validation_failed");
    expect(weak.fields?.password?.[0]).toBe(weak.message);
    const taken = authErrorToAppError(
      new AuthApiError("User already registered", 422, "user_already_exists"),
    );
    expect(taken.code).toBe("conflict");
    expect(Object.keys(taken.fields ?? {})).toEqual(["email"]);
  });

  it("says the service is unreachable for network failures and 5xx", () => {
    expect(authErrorToAppError(new AuthRetryableFetchError("fetch failed", 0)).message).toMatch(
      /couldn't reach/,
    );
    expect(authErrorToAppError(new AuthApiError("boom", 502, undefined)).message).toMatch(/couldn't reach/);
  });

  it("never shows the raw message of an unknown error", () => {
    const e = authErrorToAppError(
      new AuthApiError("pq: relation auth.x does not exist", 400, "some_new_code"),
    );
    expect(e.code).toBe("bad_request"); // a 4xx of the auth server: refused, not our failure
    expect(e.message).not.toMatch(/pq:|relation/);
    const server = authErrorToAppError(
      new AuthApiError("pq: relation auth.x does not exist", 500, undefined),
    );
    expect(server.code).toBe("internal");
    expect(server.message).not.toMatch(/pq:|relation/);
    expect(authErrorToAppError(new TypeError("x is undefined")).code).toBe("internal");
    expect(authErrorToAppError("nope").code).toBe("internal");
  });

  it("passes an AppError through", () => {
    const original = new AppError("forbidden", "No.");
    expect(authErrorToAppError(original)).toBe(original);
  });

  it("does not treat inherited object keys as codes", () => {
    expect(authMessage("constructor").code).toBe("internal");
    expect(authMessage("__proto__").code).toBe("internal");
  });
});

describe("authRedirectErrorMessage", () => {
  it("uses the error code of a failed email link", () => {
    expect(authRedirectErrorMessage({ error: "access_denied", error_code: "otp_expired" })).toMatch(
      /expired/,
    );
  });

  it("explains a link opened in another browser", () => {
    expect(authRedirectErrorMessage({ error_code: "pkce_code_verifier_not_found" })).toMatch(/same browser/);
  });

  it("falls back to `error` when there is no code", () => {
    expect(authRedirectErrorMessage({ error: "access_denied" })).toMatch(/Access was denied/);
  });

  it("has a generic message for anything else", () => {
    expect(authRedirectErrorMessage({ error_code: "Call +1 555 0100 to unlock your account" })).toMatch(
      /couldn't complete that sign-in link/,
    );
    expect(authRedirectErrorMessage({})).toMatch(/couldn't complete/);
  });
});
