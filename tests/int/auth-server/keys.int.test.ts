import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readAuthSettings, startAuthServer } from "@/supabase/local-stack/auth-server";
import { generatedApiKeys, officialClient, PASSWORD, uniqueEmail } from "./support";

const apiKeys = generatedApiKeys();

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "orgflow-auth-keys-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function clientFor(url: string) {
  // A storage key per client, so auth-js's process-wide JWKS cache cannot answer for another server.
  return officialClient(url.replace(/\/auth\/v1$/, ""), apiKeys.publishable, {
    storageKey: `keys-${randomUUID()}`,
  });
}

async function jwksOf(url: string): Promise<{ kid: string; alg: string }[]> {
  return (
    (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; alg: string }[] }
  ).keys;
}

describe("the generated signing key", () => {
  it("is written to keysFile on first start and reused after a restart", async () => {
    const keysFile = path.join(dir, "nested", "signing-keys.json");
    const settings = readAuthSettings("supabase/config.toml");
    const start = () =>
      startAuthServer({
        databaseUrl: inject("databaseUrl"),
        port: 0,
        settings,
        keysFile,
        apiKeys,
        mail: "mailbox",
        log: () => {},
      });

    const first = await start();
    const kid = (await jwksOf(first.url))[0]!.kid;
    const { data } = await clientFor(first.url).auth.signUp({
      email: uniqueEmail("restart"),
      password: PASSWORD,
    });
    await first.close();

    const stored = JSON.parse(await readFile(keysFile, "utf8")) as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      kty: "EC",
      crv: "P-256",
      alg: "ES256",
      kid,
      key_ops: ["sign", "verify"],
    });
    expect(stored[0]).toHaveProperty("d");

    const second = await start();
    try {
      expect((await jwksOf(second.url))[0]!.kid).toBe(kid);
      const { data: again, error } = await clientFor(second.url).auth.getUser(data.session!.access_token);
      expect(error).toBeNull();
      expect(again.user?.id).toBe(data.user!.id);
    } finally {
      await second.close();
    }
  });
});

describe("signing_keys_path", () => {
  it("signs with the key whose key_ops include sign, publishes every public key, relative to supabase/", async () => {
    const supabaseDir = path.join(dir, "supabase");
    const signer = await exportJWK((await generateKeyPair("RS256", { extractable: true })).privateKey);
    const retired = await exportJWK((await generateKeyPair("ES256", { extractable: true })).privateKey);
    const keys = [
      { ...signer, kid: "signer", alg: "RS256", key_ops: ["sign", "verify"] },
      { ...retired, kid: "retired", alg: "ES256", key_ops: ["verify"] },
    ];
    await mkdir(supabaseDir, { recursive: true });
    await writeFile(path.join(supabaseDir, "signing_keys.json"), JSON.stringify(keys));
    await writeFile(
      path.join(supabaseDir, "config.toml"),
      '[auth]\nsite_url = "http://localhost:3000"\nsigning_keys_path = "./signing_keys.json"\n',
    );
    const settings = readAuthSettings(path.join(supabaseDir, "config.toml"));
    expect(settings.signingKeysPath).toBe(path.join(supabaseDir, "signing_keys.json"));

    const server = await startAuthServer({
      databaseUrl: inject("databaseUrl"),
      port: 0,
      settings,
      keysFile: path.join(dir, "unused.json"),
      apiKeys,
      mail: "mailbox",
      log: () => {},
    });
    try {
      expect((await jwksOf(server.url)).map((k) => [k.kid, k.alg])).toEqual([
        ["signer", "RS256"],
        ["retired", "ES256"],
      ]);
      const client = clientFor(server.url);
      await client.auth.signUp({ email: uniqueEmail("rs256"), password: PASSWORD });
      const { data, error } = await client.auth.getClaims();
      expect(error).toBeNull();
      expect(data?.header).toMatchObject({ alg: "RS256", kid: "signer" });
    } finally {
      await server.close();
    }
  });
});
