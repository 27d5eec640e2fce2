import { describe, expect, it } from "vitest";
import { flashMessage, withFlash } from "./flash";

describe("withFlash", () => {
  it("adds the flash parameter", () => {
    expect(withFlash("/dashboard", "password-updated")).toBe("/dashboard?flash=password-updated");
    expect(withFlash("/dashboard?tab=a", "signed-out")).toBe("/dashboard?tab=a&flash=signed-out");
    expect(withFlash("/dashboard#top", "signed-out")).toBe("/dashboard?flash=signed-out#top");
  });
});

describe("flashMessage", () => {
  it("knows only its own keys", () => {
    expect(flashMessage("signed-out")?.kind).toBe("info");
    expect(flashMessage("Your account is locked, call us")).toBeNull();
    expect(flashMessage("toString")).toBeNull();
    expect(flashMessage(null)).toBeNull();
  });
});
