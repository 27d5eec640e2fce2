import bcrypt from "bcryptjs";
import { ApiError, badRequest } from "./errors";
import type { AuthSettings, PasswordRequirement } from "./settings";

/** Passwords as GoTrue treats them: bcrypt at Go's default cost, and its strength rules (password.go). */

const BCRYPT_COST = 10;
// bcrypt only reads the first 72 bytes; GoTrue refuses longer passwords rather than truncate them.
const MAX_PASSWORD_BYTES = 72;

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SYMBOLS = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

const REQUIRED_SETS: Record<PasswordRequirement, string[]> = {
  "": [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

// Compared against when the user does not exist, so a miss takes as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_COST);

export async function passwordMatches(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** The reasons a password is weak under the settings, with GoTrue's message; null when it is fine. */
export function passwordWeakness(
  password: string,
  settings: Pick<AuthSettings, "minimumPasswordLength" | "passwordRequirements">,
): { message: string; reasons: string[] } | null {
  const reasons: string[] = [];
  const messages: string[] = [];
  if (Buffer.byteLength(password) < settings.minimumPasswordLength) {
    reasons.push("length");
    messages.push(`Password should be at least ${settings.minimumPasswordLength} characters.`);
  }
  const sets = REQUIRED_SETS[settings.passwordRequirements];
  if (sets.some((set) => ![...password].some((ch) => set.includes(ch)))) {
    reasons.push("characters");
    messages.push(`Password should contain at least one character of each: ${sets.join(", ")}.`);
  }
  return reasons.length ? { message: messages.join(" "), reasons } : null;
}

/** Throws 422 weak_password (with reasons) or 400 for an over-long password. */
export function assertPasswordStrong(
  password: string,
  settings: Pick<AuthSettings, "minimumPasswordLength" | "passwordRequirements">,
): void {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  const weakness = passwordWeakness(password, settings);
  if (weakness) {
    throw new ApiError(422, "weak_password", weakness.message, {
      weak_password: { reasons: weakness.reasons },
    });
  }
}
