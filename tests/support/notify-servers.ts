import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from "node:crypto";
import { createRequire } from "node:module";
import { startServer, type TestServer } from "./engine";

/**
 * Local stand-ins for the remote services notifications go to: Twilio's Messages API and a web
 * push service (each a real HTTP server on 127.0.0.1, port 0). Slack and Discord incoming webhooks
 * are plain `startServer`s answering as those services do (200 "ok", 204).
 */

export type SmsMessage = { to: string; from: string | null; body: string };

export type TwilioServer = TestServer & {
  accountSid: string;
  authToken: string;
  messages: SmsMessage[];
  /** Answers this many requests with 500 before accepting again. */
  failNext(n: number): void;
  env: Record<string, string>;
};

/** Twilio's POST /2010-04-01/Accounts/{sid}/Messages.json: Basic auth, form body, 201 with a sid. */
export async function startTwilioServer(): Promise<TwilioServer> {
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  const messages: SmsMessage[] = [];
  let failures = 0;
  const server = await startServer((req, body, res) => {
    const json = (status: number, value: unknown) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(value));
    };
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (req.headers.authorization !== expectedAuth)
      return json(401, { code: 20003, message: "Authenticate" });
    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return json(404, { code: 20404, message: "The requested resource was not found" });
    if (failures > 0) {
      failures--;
      return json(500, { code: 20500, message: "Internal Server Error" });
    }
    const form = new URLSearchParams(body);
    const to = form.get("To") ?? "";
    if (!/^\+[1-9][0-9]{7,14}$/.test(to))
      return json(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    messages.push({ to, from: form.get("From"), body: form.get("Body") ?? "" });
    json(201, { sid: `SM${randomBytes(16).toString("hex")}`, status: "queued", to, body: form.get("Body") });
  });
  return {
    ...server,
    accountSid,
    authToken,
    messages,
    failNext: (n) => void (failures = n),
    env: {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_FROM: "+15005550006",
      TWILIO_API_URL: server.url,
    },
  };
}

/** A browser's push subscription: its own P-256 key and auth secret, to decrypt what it gets. */
export type TestBrowser = { ecdh: ECDH; p256dh: string; auth: string };

export function newTestBrowser(): TestBrowser {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    ecdh,
    p256dh: ecdh.getPublicKey().toString("base64url"),
    auth: randomBytes(16).toString("base64url"),
  };
}

type Ece = { decrypt(buffer: Buffer, params: Record<string, unknown>): Buffer };
const ece = createRequire(import.meta.url)("http_ece") as Ece;

/** Decrypts an aes128gcm push message body as the browser would. */
export function decryptPush(browser: TestBrowser, body: Buffer): unknown {
  const plain = ece.decrypt(body, {
    version: "aes128gcm",
    privateKey: browser.ecdh,
    authSecret: browser.auth,
  });
  return JSON.parse(plain.toString("utf8"));
}

/** Checks a VAPID `Authorization: vapid t=<jwt>, k=<key>` header against the install's public key. */
export function verifyVapid(header: string, publicKey: string, audience: string): boolean {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header);
  if (!m || m[2] !== publicKey) return false;
  const [h, p, s] = m[1]!.split(".");
  const point = Buffer.from(publicKey, "base64url");
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
  const ok = verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.from(s!, "base64url"),
  );
  const claims = JSON.parse(Buffer.from(p!, "base64url").toString()) as { aud?: string; exp?: number };
  return ok && claims.aud === audience && (claims.exp ?? 0) * 1000 > Date.now();
}

/** A push service: keeps raw bodies (the server helper keeps text, which would mangle ciphertext). */
export async function startPushService(status = 201) {
  const http = await import("node:http");
  const received: { url: string; headers: Record<string, string | string[] | undefined>; body: Buffer }[] =
    [];
  let answer = status;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (s: number) => void (answer = s),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
