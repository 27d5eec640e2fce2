import { describe, expect, it } from "vitest";
import { contactEmail } from "./contact";

describe("contactEmail", () => {
  it("is CONTACT_EMAIL when it is an email address", () => {
    expect(contactEmail({ CONTACT_EMAIL: " hello@roofing.example " })).toBe("hello@roofing.example");
  });

  it("is null when unset, empty or not an email address (no made-up fallback)", () => {
    expect(contactEmail({})).toBeNull();
    expect(contactEmail({ CONTACT_EMAIL: "" })).toBeNull();
    expect(contactEmail({ CONTACT_EMAIL: "call us" })).toBeNull();
    expect(contactEmail({ CONTACT_EMAIL: "javascript:alert(1)@x" })).toBeNull();
  });
});
