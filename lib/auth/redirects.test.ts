import { describe, expect, it } from "vitest";
import { DEFAULT_SIGNED_IN_PATH } from "./paths";
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

  // The second lock behind safeNextPath (issue #15, item 9): nothing a browser reads as another
  // host ever becomes a Location, and bad input is no 500 either.
  it.each([
    "//evil.example/x",
    "/\\evil.example",
    "/\t/evil.example",
    "/ /evil.example",
    "https://evil.example/",
    "relative",
    "",
  ])("send %j to the signed-in home instead of another site", (path) => {
    const response = redirectTo(path);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(DEFAULT_SIGNED_IN_PATH);
  });
});
