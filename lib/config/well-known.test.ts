import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { readStackConfig } from "./stack";
import { CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY, wellKnownSecretsIn } from "./well-known";

// The CLI's legacy service_role key, as `supabase start` prints it.
const CLI_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

const own: Record<string, string> = {
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: `sb_publishable_${randomBytes(18).toString("base64url")}`,
  SUPABASE_SECRET_KEY: `sb_secret_${randomBytes(24).toString("base64url")}`,
  DATABASE_URL: `postgresql://authenticator:${randomBytes(18).toString("base64url")}@127.0.0.1:5432/postgres`,
  INTEGRATIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString("hex")}`,
};

describe("well-known secrets", () => {
  it("finds none among values of one's own", () => {
    expect(wellKnownSecretsIn(own as NodeJS.ProcessEnv)).toEqual([]);
  });

  it.each([
    ["NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", CLI_PUBLISHABLE_KEY],
    ["SUPABASE_SECRET_KEY", CLI_SECRET_KEY],
    ["SUPABASE_SERVICE_ROLE_KEY", CLI_SERVICE_ROLE_KEY],
    ["DATABASE_URL", "postgresql://postgres:postgres@db.example.com:5432/postgres"],
    ["INTEGRATIONS_ENCRYPTION_KEY", "b3JnZmxvdy1lMmUtaW50ZWdyYXRpb25zLWtleS0wMDA="],
    [
      "INTEGRATIONS_ENCRYPTION_KEY",
      createHash("sha256").update("orgflow-local-development-integrations-key").digest("hex"),
    ],
    ["STRIPE_WEBHOOK_SECRET", "whsec_orgflow_local_0000000000"],
    ["ORGFLOW_SUPABASE_CLI_KEYS", "1"],
  ])("names %s when it is a published value, without showing it", (name, value) => {
    const problems = wellKnownSecretsIn({ ...own, [name]: value } as NodeJS.ProcessEnv);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    if (value.length > 20) expect(problems[0]).not.toContain(value);
  });

  it("production gets no fallback to the CLI's keys and refuses well-known ones", () => {
    const production = { NODE_ENV: "production" } as NodeJS.ProcessEnv;
    expect(() => readStackConfig(production)).toThrow(/NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY/);
    expect(() => readStackConfig({ ...production, ...own, SUPABASE_SECRET_KEY: CLI_SECRET_KEY })).toThrow(
      /well-known/,
    );
    expect(readStackConfig({ ...production, ...own }).secretKey).toBe(own.SUPABASE_SECRET_KEY);
    // Development still falls back to them (they only open a `supabase start` stack).
    expect(readStackConfig({ NODE_ENV: "development" } as NodeJS.ProcessEnv).publishableKey).toBe(
      CLI_PUBLISHABLE_KEY,
    );
  });
});

describe("supabase/config.toml", () => {
  it("turns the Data API off (Orgflow never uses PostgREST; hosted, it would expose public)", () => {
    const config = parseToml(readFileSync("supabase/config.toml", "utf8")) as { api?: { enabled?: boolean } };
    expect(config.api?.enabled).toBe(false);
  });
});
