import { verify } from "node:crypto";
import { ghlWebhookKeys, type GhlWebhookKeys } from "./config";

/**
 * GoHighLevel's webhook signatures, over the raw body exactly as sent:
 *   - `x-ghl-signature`: Ed25519, base64 (the current scheme), tried first;
 *   - `x-wh-signature`: RSA-SHA256 (PKCS#1 v1.5), base64 (legacy, retired in 2026), tried next.
 * A delivery is genuine when either header holds a valid signature.
 */

export type SignatureCheck =
  { ok: true; scheme: "ed25519" | "rsa" } | { ok: false; result: "missing" | "invalid"; message: string };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function checkGhlSignature(
  rawBody: string,
  headers: { get(name: string): string | null },
  keys: GhlWebhookKeys = ghlWebhookKeys(),
): SignatureCheck {
  const ed = headers.get("x-ghl-signature")?.trim();
  const rsa = headers.get("x-wh-signature")?.trim();
  if (!ed && !rsa) {
    return {
      ok: false,
      result: "missing",
      message: "The request is not signed: an x-ghl-signature (or x-wh-signature) header is required.",
    };
  }
  const body = Buffer.from(rawBody, "utf8");
  if (ed && ed !== "N/A" && valid(() => verify(null, body, keys.ed25519, decode(ed)))) {
    return { ok: true, scheme: "ed25519" };
  }
  if (rsa && valid(() => verify("sha256", body, keys.rsa, decode(rsa)))) {
    return { ok: true, scheme: "rsa" };
  }
  return {
    ok: false,
    result: "invalid",
    message: "The GoHighLevel signature does not match the body.",
  };
}

function decode(signature: string): Buffer {
  if (!BASE64.test(signature) || signature.length > 2048) throw new Error("not base64");
  return Buffer.from(signature, "base64");
}

function valid(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
