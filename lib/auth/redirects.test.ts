import { describe, expect, it } from "vitest";
import { redirectTo, redirectToAuthError } from "./redirects";

describe("auth redirects", () => {
  it("send the browser on with a relative Location, so it stays on the host it used", () => {
    const response = redirectTo("/reset-password?x=1");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/reset-password?x=1");
  });

  it("carry only a short error code to the error page", () => {
    expect(redirectToAuthError("otp_expired").headers.get("location")).toBe("/auth/error?code=otp_expired");
    expect(redirectToAuthError(null).headers.get("location")).toBe("/auth/error");
    expect(redirectToAuthError("x".repeat(100)).headers.get("location")).toBe(
      `/auth/error?code=${"x".repeat(64)}`,
    );
  });

  it.each(["//evil.example/x", "https://evil.example/", "relative"])(
    "refuse anything but a same-origin path: %s",
    (path) => {
      expect(() => redirectTo(path)).toThrow(/same-origin/);
    },
  );
});
