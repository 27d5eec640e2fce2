import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Signatures of outgoing webhooks, exactly as Stripe signs its own: the header
 * `Orgflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the
 * endpoint's whole secret (`whsec_…`, as UTF-8). A receiver recomputes the HMAC over the raw body
 * it got, compares in constant time and refuses timestamps older than its tolerance (replays).
 * The recipe for receivers is in docs/webhooks.md; `verifyWebhookSignature` is that recipe.
 */

export const SIGNATURE_HEADER = "Orgflow-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/** True when `header` carries a v1 signature of `body` with `secret`, made within the tolerance. */
export function verifyWebhookSignature(
  header: string,
  body: string,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const signatures = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v!);
  if (!Number.isInteger(t) || signatures.length === 0) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex"));
  return signatures.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
