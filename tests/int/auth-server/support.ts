import { realtimeOptions } from "@/lib/supabase/options";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type SupabaseClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { CLI_JWT_SECRET, CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY } from "@/lib/config/well-known";
import {
  readAuthSettings,
  startAuthServer,
  type AuthSettingsOverrides,
  type RunningAuthServer,
} from "@/supabase/local-stack/auth-server";
import type { ApiKeys } from "@/supabase/local-stack/auth-server/gateway";

/**
 * A real auth server per test file, on the tier's fresh database, driven through the official
 * client. Every test makes its own users with unique addresses, so files can run side by side.
 */

export const PASSWORD = "correct-horse-7";

export function uniqueEmail(tag: string): string {
  return `${tag}-${randomUUID().slice(0, 8)}@example.test`;
}

/** An in-memory storage like @supabase/ssr's cookie storage, so PKCE verifiers can be kept. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

export type FetchLog = { method: string; url: string }[];

export type TestAuth = {
  server: RunningAuthServer;
  /** http://127.0.0.1:<port>/auth/v1 */
  url: string;
  /** What createClient takes: the server's origin, without /auth/v1. */
  supabaseUrl: string;
  /** The test database, as its owner (for reading the mailbox and inspecting auth.*). */
  sql: postgres.Sql;
  /** The server's API keys: generated per server, or the CLI's in compatibility mode. */
  publishableKey: string;
  secretKey: string;
  logs: string[];
  anon(options?: SupabaseClientOptions<"public">["auth"]): SupabaseClient;
  admin(): SupabaseClient;
  /** A client with the secret key whose requests carry this Authorization header instead. */
  withAuthorization(authorization: string): SupabaseClient;
  /** A client that records every request it makes. */
  recording(auth?: SupabaseClientOptions<"public">["auth"]): { client: SupabaseClient; requests: FetchLog };
  close(): Promise<void>;
};

/** The official client as the app configures it (the default one where the runtime has WebSocket). */
export function officialClient(
  supabaseUrl: string,
  key: string,
  auth: SupabaseClientOptions<"public">["auth"] = {},
  global: SupabaseClientOptions<"public">["global"] = {},
): SupabaseClient {
  return createClient(supabaseUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, ...auth },
    ...realtimeOptions,
    global,
  });
}

// Generous limits so one file's many sign-ins never trip them; rate-limit tests set their own.
const ROOMY_LIMITS = { signInPerEmail: 1000, signInPerIp: 1000, tokenRefreshPerIp: 1000, verifyPerIp: 1000 };

/** Keys like the local stack generates (supabase/local-stack/secrets.ts), new for every server. */
export function generatedApiKeys(): ApiKeys {
  return {
    publishable: `sb_publishable_${randomBytes(18).toString("base64url")}`,
    secret: `sb_secret_${randomBytes(24).toString("base64url")}`,
  };
}

export type TestAuthOptions = AuthSettingsOverrides & {
  /** Supabase CLI compatibility mode: the CLI's public keys, and HS256 with its public secret. */
  cliCompatibleKeys?: boolean;
  /** Start as `npm start` would (refuses what production refuses). */
  production?: boolean;
  mail?: "mailbox" | "smtp" | "log";
};

export async function startTestAuth(options: TestAuthOptions = {}): Promise<TestAuth> {
  const { cliCompatibleKeys, production, mail, ...overrides } = options;
  const keysDir = await mkdtemp(path.join(tmpdir(), "orgflow-auth-keys-"));
  const logs: string[] = [];
  const apiKeys = cliCompatibleKeys
    ? { publishable: CLI_PUBLISHABLE_KEY, secret: CLI_SECRET_KEY }
    : generatedApiKeys();
  const settings = readAuthSettings("supabase/config.toml", {
    emailMaxFrequency: 0,
    ...overrides,
    rateLimit: { ...ROOMY_LIMITS, ...overrides.rateLimit },
  });
  if (cliCompatibleKeys) settings.jwtSecret ??= CLI_JWT_SECRET;
  const server = await startAuthServer({
    databaseUrl: inject("databaseUrl"),
    port: 0,
    settings,
    keysFile: path.join(keysDir, "signing-keys.json"),
    apiKeys,
    mail: mail ?? "mailbox",
    production,
    log: (line) => logs.push(line),
  }).catch(async (e: unknown) => {
    await rm(keysDir, { recursive: true, force: true });
    throw e;
  });
  const supabaseUrl = server.url.replace(/\/auth\/v1$/, "");
  const sql = postgres(inject("databaseUrl"), { max: 2, onnotice: () => {} });
  const client = (
    key: string,
    auth?: SupabaseClientOptions<"public">["auth"],
    global?: SupabaseClientOptions<"public">["global"],
  ) => officialClient(supabaseUrl, key, auth, global);
  return {
    server,
    url: server.url,
    supabaseUrl,
    sql,
    publishableKey: apiKeys.publishable,
    secretKey: apiKeys.secret,
    logs,
    anon: (auth) => client(apiKeys.publishable, auth),
    admin: () => client(apiKeys.secret),
    withAuthorization: (authorization) =>
      client(apiKeys.secret, {}, { headers: { Authorization: authorization } }),
    recording(authOptions) {
      const requests: FetchLog = [];
      const recordingFetch: typeof fetch = (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        requests.push({ method: init?.method ?? "GET", url });
        return fetch(input, init);
      };
      return { client: client(apiKeys.publishable, authOptions, { fetch: recordingFetch }), requests };
    },
    async close() {
      await server.close();
      await sql.end();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}

export type Mail = {
  subject: string;
  text_body: string;
  kind: string;
  links: { label: string; url: string }[];
};

/** What the server "sent" to an address, oldest first. */
export async function mailsTo(sql: postgres.Sql, address: string): Promise<Mail[]> {
  return sql<Mail[]>`
    select subject, text_body, kind, links from local_mailbox.messages
    where to_address = ${address} order by id`;
}

/** The 6-digit code in a captured mail. */
export function codeIn(mail: Mail): string {
  const match = /enter the code: (\d+)/.exec(mail.text_body);
  if (!match) throw new Error(`no code in mail "${mail.subject}"`);
  return match[1]!;
}

/** Follows an emailed /verify link the way a browser would, stopping at the 303. */
export async function followLink(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  if (res.status !== 303)
    throw new Error(`expected a 303 from ${url}, got ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!);
}

/** The key/value pairs of a URL fragment (where GoTrue puts implicit-flow tokens and errors). */
export function fragmentOf(url: URL): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(url.hash.replace(/^#/, "")));
}

/** Raw request to the auth server with the publishable key, for what the client cannot send. */
export function rawRequest(auth: TestAuth, pathAndQuery: string, init: RequestInit = {}) {
  return fetch(`${auth.url}${pathAndQuery}`, {
    ...init,
    headers: { apikey: auth.publishableKey, "content-type": "application/json", ...init.headers },
  });
}

/**
 * A server for the calling test file: started before its tests, closed after them. The handle can
 * be used from inside tests and hooks once the file's beforeAll has run.
 */
export function authServerPerFile(options: TestAuthOptions = {}): TestAuth {
  let started: TestAuth | undefined;
  beforeAll(async () => {
    started = await startTestAuth(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestAuth, {
    get(_, key) {
      if (!started) throw new Error("the auth server starts in beforeAll; use it inside tests and hooks");
      return Reflect.get(started, key);
    },
  });
}
