import { createPublicKey, type KeyObject } from "node:crypto";

/**
 * Where GoHighLevel is and how its webhooks are signed. GHL signs every webhook with one key pair
 * of its own (the same for every customer), published in its docs: Ed25519 for `x-ghl-signature`
 * and RSA for the legacy `x-wh-signature`. The keys are configuration so tests (and a key
 * rotation) can replace them: GHL_WEBHOOK_ED25519_PUBLIC_KEY / GHL_WEBHOOK_RSA_PUBLIC_KEY (PEM; a
 * bare base64 SPKI body or literal "\n"s are accepted too).
 */

export const GHL_API_VERSION = "2021-07-28";
/** The Conversations API (sending a text message) answers only to this version. */
export const GHL_CONVERSATIONS_API_VERSION = "2021-04-15";
export const DEFAULT_GHL_API_BASE = "https://services.leadconnectorhq.com";

/** GHL's published Ed25519 webhook key (SPKI, base64). */
const GHL_ED25519_PUBLIC_KEY = "MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=";

/** GHL's published RSA webhook key (SPKI, base64), for the x-wh-signature scheme retired in 2026. */
const GHL_RSA_PUBLIC_KEY = [
  "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC",
  "Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6",
  "dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB",
  "csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv",
  "uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF",
  "3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU",
  "J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp",
  "IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN",
  "h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC",
  "HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ",
  "PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk",
  "T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==",
].join("");

/** The API's base URL: GHL_API_BASE (GHL_API_BASE_URL is read too, its older name). */
export function ghlApiBase(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GHL_API_BASE || env.GHL_API_BASE_URL || DEFAULT_GHL_API_BASE).replace(/\/+$/, "");
}

export type GhlWebhookKeys = { ed25519: KeyObject; rsa: KeyObject };

const cache = new Map<string, GhlWebhookKeys>();

/** The public keys webhooks are verified with (parsed once per distinct configuration). */
export function ghlWebhookKeys(env: NodeJS.ProcessEnv = process.env): GhlWebhookKeys {
  const ed = env.GHL_WEBHOOK_ED25519_PUBLIC_KEY || GHL_ED25519_PUBLIC_KEY;
  const rsa = env.GHL_WEBHOOK_RSA_PUBLIC_KEY || GHL_RSA_PUBLIC_KEY;
  const cacheKey = `${ed}\u0000${rsa}`;
  let keys = cache.get(cacheKey);
  if (!keys) {
    keys = { ed25519: publicKey(ed, "ed25519"), rsa: publicKey(rsa, "rsa") };
    cache.set(cacheKey, keys);
  }
  return keys;
}

function publicKey(text: string, type: "ed25519" | "rsa"): KeyObject {
  const body = text
    .replace(/\\+n/g, "\n")
    .replace(/["']/g, "")
    .replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "")
    .replace(/\s+/g, "");
  const key = createPublicKey({ key: Buffer.from(body, "base64"), format: "der", type: "spki" });
  if (key.asymmetricKeyType !== type) {
    throw new Error(`The GoHighLevel ${type} webhook key is a ${key.asymmetricKeyType} key.`);
  }
  return key;
}
