import { createHash, randomInt } from "node:crypto";

/**
 * Recovery codes: 10 of them, each 10 characters from an alphabet without look-alikes (no 0/o,
 * 1/l/i), about 50 random bits, shown as `xxxxx-xxxxx`. Only their SHA-256 hashes are stored.
 */

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** The stored form of a code, whatever spacing, dashes or case it was typed with. */
export function recoveryCodeHash(code: string): string {
  return createHash("sha256")
    .update(code.replace(/[\s-]+/g, "").toLowerCase())
    .digest("hex");
}
