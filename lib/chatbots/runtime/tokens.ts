import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A visitor's token: given back with every message, only its hash is stored on the session. */

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Whether `token` is the one whose hash a session keeps (compared in constant time). */
export function visitorTokenMatches(storedHash: string, token: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = createHash("sha256").update(token).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function newVisitorToken(): string {
  return randomBytes(32).toString("base64url");
}
