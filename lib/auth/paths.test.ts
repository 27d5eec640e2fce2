import { describe, expect, it } from "vitest";
import { DEFAULT_SIGNED_IN_PATH, isPublicPath, safeNextPath, signInPath, withNextParam } from "./paths";

describe("safeNextPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/profile?tab=security", "/profile?tab=security"],
    ["/orgs/acme/workflows#run-3", "/orgs/acme/workflows#run-3"],
    ["/a/../profile", "/profile"],
    ["  /profile  ", "/profile"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-origin path %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    42,
    ["/dashboard"],
    "",
    "dashboard",
    "https://evil.example/dashboard",
    "http:/evil.example",
    "javascript:alert(1)",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/ /evil.example",
    "/dash\u0000board",
    `/${"a".repeat(2100)}`,
    // Dot segments that normalise into a protocol-relative `//host` (issue #15, item 9).
    "/.//evil.example/x",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/./\\evil.example",
  ])("refuses %j", (input) => {
    expect(safeNextPath(input)).toBe(DEFAULT_SIGNED_IN_PATH);
  });

  it("never returns something a browser reads as another host", () => {
    for (const input of ["/.//evil.example/x", "/././/evil.example", "/x/.././/evil.example?a=1"]) {
      const out = safeNextPath(input, "");
      expect(out === "" || (out.startsWith("/") && !/^\/[\/\\]/.test(out))).toBe(true);
      expect(new URL(out || "/", "https://app.example").origin).toBe("https://app.example");
    }
  });

  it("uses the given fallback", () => {
    expect(safeNextPath("//evil.example", "/reset-password")).toBe("/reset-password");
  });

  it.each(["/sign-in", "/sign-in?next=/x", "/sign-up", "/forgot-password", "/auth/callback?code=1"])(
    "does not return to the auth pages (%j), so redirects cannot loop",
    (input) => {
      expect(safeNextPath(input)).toBe(DEFAULT_SIGNED_IN_PATH);
    },
  );

  it("keeps paths that merely start like an auth page", () => {
    expect(safeNextPath("/sign-in-help")).toBe("/sign-in-help");
    expect(safeNextPath("/authors")).toBe("/authors");
  });
});

describe("isPublicPath", () => {
  it.each([
    "/",
    "/sign-in",
    "/sign-up/",
    "/forgot-password",
    "/reset-password",
    "/auth/callback",
    "/auth/error",
    "/dev/mailbox",
    "/api/webhooks/stripe",
    "/invitations/abc123",
    "/pricing",
    "/terms",
    "/privacy/",
    "/contact",
  ])("%s is public", (path) => {
    expect(isPublicPath(path)).toBe(true);
  });

  it.each([
    "/dashboard",
    "/profile",
    "/profile/",
    "/orgs/acme",
    "/o/acme/members",
    "/sign-in-help",
    "/authors",
    "/developer",
    "/invitationsx",
    "/pricing/anything",
    "/terms/x",
    "/contacts",
  ])("%s needs a session", (path) => {
    expect(isPublicPath(path)).toBe(false);
  });
});

describe("signInPath", () => {
  it("remembers where to return", () => {
    expect(signInPath("/profile?tab=a&b=c")).toBe("/sign-in?next=%2Fprofile%3Ftab%3Da%26b%3Dc");
  });

  it("leaves out the default destination and unsafe targets", () => {
    expect(signInPath()).toBe("/sign-in");
    expect(signInPath("/dashboard")).toBe("/sign-in");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath("//evil.example")).toBe("/sign-in");
  });
});

describe("withNextParam", () => {
  it("adds an encoded next when there is one", () => {
    expect(withNextParam("/sign-up", "/profile?a=1")).toBe("/sign-up?next=%2Fprofile%3Fa%3D1");
    expect(withNextParam("/sign-up", undefined)).toBe("/sign-up");
  });
});
