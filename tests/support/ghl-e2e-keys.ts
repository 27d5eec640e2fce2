import { createPrivateKey, createPublicKey, sign } from "node:crypto";

/**
 * A fixed Ed25519 key pair standing in for GoHighLevel's webhook key in end-to-end runs: the app
 * under test is started with its public half (playwright.config.ts sets
 * GHL_WEBHOOK_ED25519_PUBLIC_KEY), and specs sign deliveries with the private half, as GHL would.
 * Test-only: it signs nothing outside the e2e stack.
 */

const SEED = Buffer.from("6f7267666c6f772d65326520676f686967686c6576656c2d746573742d6b6579", "hex"); // 32 bytes
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

const privateKey = createPrivateKey({
  key: Buffer.concat([PKCS8_ED25519_PREFIX, SEED]),
  format: "der",
  type: "pkcs8",
});

export const E2E_GHL_ED25519_PUBLIC_KEY = createPublicKey(privateKey)
  .export({ type: "spki", format: "pem" })
  .toString();

/** The `x-ghl-signature` header value for a raw body. */
export function signGhlE2e(rawBody: string): string {
  return sign(null, Buffer.from(rawBody, "utf8"), privateKey).toString("base64");
}
