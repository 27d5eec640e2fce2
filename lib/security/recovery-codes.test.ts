import { describe, expect, it } from "vitest";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes";
import { recoveryCodeField } from "./schemas";

describe("recovery codes", () => {
  it("are ten distinct xxxxx-xxxxx codes that the form field accepts", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(recoveryCodeField.safeParse(code).success).toBe(true);
    }
  });

  it("hash the same however they are typed", () => {
    const [code] = newRecoveryCodes(1);
    expect(recoveryCodeHash(code!.toUpperCase().replace("-", " "))).toBe(recoveryCodeHash(code!));
    expect(recoveryCodeHash(code!)).toMatch(/^[0-9a-f]{64}$/);
  });
});
