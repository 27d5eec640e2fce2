import { describe, expect, it } from "vitest";
import { assertPasswordStrong, hashPassword, passwordMatches, passwordWeakness } from "./passwords";

describe("password rules", () => {
  it("reports length and character-set weaknesses with GoTrue's messages", () => {
    const rules = { minimumPasswordLength: 8, passwordRequirements: "lower_upper_letters_digits" as const };
    expect(passwordWeakness("Abcdefg1", rules)).toBeNull();
    expect(passwordWeakness("abc", rules)).toEqual({
      reasons: ["length", "characters"],
      message:
        "Password should be at least 8 characters. Password should contain at least one character of each: " +
        "abcdefghijklmnopqrstuvwxyz, ABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.",
    });
  });

  it("refuses passwords bcrypt would truncate", () => {
    const rules = { minimumPasswordLength: 6, passwordRequirements: "" as const };
    expect(() => assertPasswordStrong("x".repeat(73), rules)).toThrow(/72/);
  });

  it("hashes with bcrypt and compares", async () => {
    const hash = await hashPassword("s3cret-pass");
    expect(hash).toMatch(/^\$2[ab]\$10\$/);
    expect(await passwordMatches("s3cret-pass", hash)).toBe(true);
    expect(await passwordMatches("other-pass", hash)).toBe(false);
    expect(await passwordMatches("s3cret-pass", "")).toBe(false);
  });
});
