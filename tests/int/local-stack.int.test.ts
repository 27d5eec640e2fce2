import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY } from "@/lib/config/well-known";
import { freePort } from "@/supabase/local-stack/ports";
import { startLocalStack, type LocalStack } from "@/supabase/local-stack/stack";

/**
 * Issue #15, item 2 (and the `postgres:postgres` part of 13): the local stack generates every
 * secret it needs on its first start, keeps it in <data dir>/secrets/ (folder 0700, files 0600)
 * and reuses it; the database superuser's well-known password is replaced; and `npm start`
 * refuses well-known secrets with a clear message and a non-zero exit code.
 */

let dataDir: string;
const logs: string[] = [];

async function start(): Promise<LocalStack> {
  return startLocalStack({
    dataDir,
    dbPort: await freePort(),
    authPort: await freePort(),
    siteUrl: "http://localhost:3999",
    mode: "production",
    log: (line) => logs.push(line),
  });
}

async function canConnect(url: string): Promise<boolean> {
  const db = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await db`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "orgflow-stack-test-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("a fresh local stack in production mode", () => {
  let first: LocalStack;
  let secrets: Record<string, string>;

  beforeAll(async () => {
    first = await start();
    secrets = JSON.parse(await readFile(path.join(dataDir, "secrets", "secrets.json"), "utf8"));
  }, 120_000);

  afterAll(async () => {
    await first?.stop();
  });

  it("generates every secret on first start, 0600 in a 0700 folder, and says to back it up", async () => {
    expect(first.generatedSecrets.sort()).toEqual(
      [
        "databaseAppPassword",
        "databaseSuperuserPassword",
        "integrationsEncryptionKey",
        "publishableKey",
        "secretKey",
        "vapidPrivateKey",
        "vapidPublicKey",
      ].sort(),
    );
    expect((await stat(path.join(dataDir, "secrets"))).mode & 0o777).toBe(0o700);
    for (const file of ["secrets.json", "signing-keys.json"]) {
      expect((await stat(path.join(dataDir, "secrets", file))).mode & 0o777, file).toBe(0o600);
    }
    expect(first.publishableKey).toBe(secrets.publishableKey);
    expect(first.publishableKey).not.toBe(CLI_PUBLISHABLE_KEY);
    expect(first.secretKey).not.toBe(CLI_SECRET_KEY);
    expect(Buffer.from(first.integrationsEncryptionKey, "base64")).toHaveLength(32);
    // Web push's VAPID pair is the install's own: a P-256 point and its 32-byte private key.
    expect(Buffer.from(first.vapidPublicKey, "base64url")).toHaveLength(65);
    expect(Buffer.from(first.vapidPrivateKey, "base64url")).toHaveLength(32);
    expect(first.vapidPublicKey).toBe(secrets.vapidPublicKey);
  });

  it("accepts only its own keys at the auth server", async () => {
    const settings = (key: string) => fetch(`${first.authUrl}/settings`, { headers: { apikey: key } });
    expect((await settings(first.publishableKey)).status).toBe(200);
    expect((await settings(CLI_PUBLISHABLE_KEY)).status).toBe(401);
  });

  it("has the app log in as authenticator with its generated password; postgres:postgres is refused", async () => {
    const app = new URL(first.appDatabaseUrl);
    expect(app.username).toBe("authenticator");
    expect(decodeURIComponent(app.password)).toBe(secrets.databaseAppPassword);
    expect(await canConnect(first.appDatabaseUrl)).toBe(true);
    const wellKnown = new URL(first.databaseUrl);
    wellKnown.password = "postgres";
    expect(await canConnect(wellKnown.toString())).toBe(false);
  });
});

describe("restarts", () => {
  it("reuse the secrets, and replace the old well-known superuser password of an existing cluster", async () => {
    const before = await readFile(path.join(dataDir, "secrets", "secrets.json"), "utf8");
    // An install from before generated passwords: its superuser's password is "postgres".
    const once = await start();
    const admin = postgres(once.databaseUrl, { max: 1, onnotice: () => {} });
    await admin`alter role postgres password 'postgres'`;
    await admin.end();
    await once.stop();

    const again = await start();
    try {
      expect(again.generatedSecrets).toEqual([]);
      expect(await readFile(path.join(dataDir, "secrets", "secrets.json"), "utf8")).toBe(before);
      expect(logs.join("\n")).toMatch(/replaced the database superuser's well-known password/);
      const wellKnown = `postgresql://postgres:postgres@127.0.0.1:${new URL(again.databaseUrl).port}/postgres`;
      expect(await canConnect(wellKnown)).toBe(false);
      expect(await canConnect(again.databaseUrl)).toBe(true);
    } finally {
      await again.stop();
    }
  }, 120_000);
});

describe("`npm start` (scripts/dev.ts --prod)", () => {
  function npmStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts", "--prod"], {
        env: { ...process.env, ...env, ORGFLOW_DATA_DIR: dataDir, PORT: "3998" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  it("refuses every well-known value it is given, naming each without showing it, exit code 78", async () => {
    // One start with four of them (each start costs seconds of CPU): every one is named.
    const wellKnown = {
      SUPABASE_SECRET_KEY: CLI_SECRET_KEY,
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/postgres",
      INTEGRATIONS_ENCRYPTION_KEY: "b3JnZmxvdy1lMmUtaW50ZWdyYXRpb25zLWtleS0wMDA=",
      ORGFLOW_SUPABASE_CLI_KEYS: "1",
    };
    const { code, output } = await npmStart(wellKnown);
    expect(output).toMatch(/Refusing to start in production with well-known secrets/);
    expect(output).toMatch(/SUPABASE_SECRET_KEY is one of the Supabase CLI's public default keys/);
    expect(output).toMatch(/DATABASE_URL uses the well-known password "postgres"/);
    expect(output).toMatch(/INTEGRATIONS_ENCRYPTION_KEY is a key published in Orgflow's source/);
    expect(output).toMatch(/ORGFLOW_SUPABASE_CLI_KEYS .* only under `npm run dev`/);
    for (const value of [CLI_SECRET_KEY, wellKnown.DATABASE_URL, wellKnown.INTEGRATIONS_ENCRYPTION_KEY]) {
      expect(output).not.toContain(value);
    }
    expect(code).toBe(78);
  }, 60_000);
});
