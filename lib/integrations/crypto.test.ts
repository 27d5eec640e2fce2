import { describe, expect, it } from "vitest";
import { decryptCredentials, encryptCredentials, encryptionKey } from "./crypto";

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
});
