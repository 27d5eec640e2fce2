import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptCredentials, encryptCredentials, encryptionKey, encryptionKeyProblem } from "./crypto";

const binding = { organizationId: "org-1", integrationId: "int-1" };
const env = { NODE_ENV: "test", INTEGRATIONS_ENCRYPTION_KEY: "ab".repeat(32) } as NodeJS.ProcessEnv;

describe("integration credentials encryption", () => {
  it("round-trips and binds the ciphertext to its organization and integration", () => {
    const stored = encryptCredentials({ kind: "private_token", token: "pit-secret" }, binding, env);
    expect(stored).not.toContain("pit-secret");
    expect(decryptCredentials(stored, binding, env)).toEqual({ kind: "private_token", token: "pit-secret" });
    expect(() => decryptCredentials(stored, { ...binding, organizationId: "org-2" }, env)).toThrow(
      /cannot be decrypted/,
    );
  });

  it("refuses a truncated authentication tag (GCM accepts short tags unless told their length)", () => {
    const stored = encryptCredentials({ kind: "private_token", token: "pit-secret" }, binding, env);
    const [version, iv, tag, body] = stored.split(":");
    const short = Buffer.from(tag!, "base64").subarray(0, 4).toString("base64");
    expect(() => decryptCredentials([version, iv, short, body].join(":"), binding, env)).toThrow(
      /cannot be decrypted/,
    );
  });

  it("refuses a key of the wrong length, and a missing key in production", () => {
    expect(() =>
      encryptionKey({ NODE_ENV: "test", INTEGRATIONS_ENCRYPTION_KEY: "c2hvcnQ=" } as NodeJS.ProcessEnv),
    ).toThrow(/32 bytes/);
    expect(() => encryptionKey({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toThrow(
      /INTEGRATIONS_ENCRYPTION_KEY/,
    );
  });

  it("refuses in production the keys published in the source (the e2e key, the development key)", () => {
    const published = [
      "b3JnZmxvdy1lMmUtaW50ZWdyYXRpb25zLWtleS0wMDA=",
      createHash("sha256").update("orgflow-local-development-integrations-key").digest("hex"),
    ];
    for (const key of published) {
      const production = { NODE_ENV: "production", INTEGRATIONS_ENCRYPTION_KEY: key } as NodeJS.ProcessEnv;
      expect(encryptionKeyProblem(production)).toMatch(/published in Orgflow's source/);
      expect(() => encryptCredentials({ token: "x" }, binding, production)).toThrow(/published/);
    }
    const own = { NODE_ENV: "production", INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64") };
    expect(encryptionKeyProblem(own as NodeJS.ProcessEnv)).toBeNull();
  });

  it("tells the operator what to set, before anyone fills the form", () => {
    expect(encryptionKeyProblem({ NODE_ENV: "production" } as NodeJS.ProcessEnv)).toMatch(
      /operator must set INTEGRATIONS_ENCRYPTION_KEY/,
    );
    expect(encryptionKeyProblem({ NODE_ENV: "development" } as NodeJS.ProcessEnv)).toBeNull();
  });
});
