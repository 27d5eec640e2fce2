import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAuthSettings, parseGoDuration, readAuthSettings } from "./settings";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "orgflow-auth-settings-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(toml: string): Promise<string> {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.toml`);
  await writeFile(file, toml);
  return file;
}

describe("readAuthSettings", () => {
  it("uses the Supabase CLI's defaults when [auth] says nothing", async () => {
    const settings = readAuthSettings(await configFile('project_id = "x"\n'));
    expect(settings).toEqual(defaultAuthSettings);
    expect(settings).toMatchObject({
      minimumPasswordLength: 6,
      jwtExpiry: 3600,
      enableRefreshTokenRotation: true,
      refreshTokenReuseInterval: 10,
      enableConfirmations: false,
    });
  });

  it("reads the project's supabase/config.toml", () => {
    const settings = readAuthSettings("supabase/config.toml");
    expect(settings.siteUrl).toBe("http://localhost:3000");
    expect(settings.additionalRedirectUrls).toContain("http://localhost:3000/**");
    expect(settings.rateLimit.signInPerIp).toBe(30);
    expect(settings.rateLimit.tokenRefreshPerIp).toBe(150);
    expect(settings.doubleConfirmChanges).toBe(true);
  });

  it("maps every key it honours, resolves signing_keys_path against the config's folder, reads env()", async () => {
    process.env.ORGFLOW_TEST_SITE_URL = "https://app.example.test";
    const file = await configFile(`
[auth]
site_url = "env(ORGFLOW_TEST_SITE_URL)"
additional_redirect_urls = ["https://preview-*.example.test/**"]
jwt_expiry = 600
enable_signup = false
enable_refresh_token_rotation = false
refresh_token_reuse_interval = 0
minimum_password_length = 12
password_requirements = "lower_upper_letters_digits"
signing_keys_path = "./keys/signing.json"

[auth.rate_limit]
sign_in_sign_ups = 5
token_verifications = 7

[auth.email]
enable_confirmations = true
double_confirm_changes = false
max_frequency = "1m30s"
otp_length = 8
otp_expiry = 900
`);
    expect(readAuthSettings(file)).toMatchObject({
      siteUrl: "https://app.example.test",
      additionalRedirectUrls: ["https://preview-*.example.test/**"],
      jwtExpiry: 600,
      enableSignup: false,
      enableRefreshTokenRotation: false,
      refreshTokenReuseInterval: 0,
      minimumPasswordLength: 12,
      passwordRequirements: "lower_upper_letters_digits",
      signingKeysPath: path.join(dir, "keys", "signing.json"),
      enableConfirmations: true,
      doubleConfirmChanges: false,
      emailMaxFrequency: 90,
      otpLength: 8,
      otpExpiry: 900,
      rateLimit: { signInPerIp: 5, verifyPerIp: 7, tokenRefreshPerIp: 150 },
    });
  });

  it("applies overrides last, merging rateLimit key by key", async () => {
    const settings = readAuthSettings(await configFile("[auth]\njwt_expiry = 600\n"), {
      jwtExpiry: 60,
      rateLimit: { signInPerEmail: 2 },
    });
    expect(settings.jwtExpiry).toBe(60);
    expect(settings.rateLimit).toEqual({ ...defaultAuthSettings.rateLimit, signInPerEmail: 2 });
  });

  it("names the bad key when a value has the wrong type", async () => {
    const file = await configFile('[auth]\njwt_expiry = "soon"\n');
    expect(() => readAuthSettings(file)).toThrow(/auth\.jwt_expiry/);
  });
});

describe("parseGoDuration", () => {
  it("reads Go durations into seconds", () => {
    expect(parseGoDuration("1s")).toBe(1);
    expect(parseGoDuration("1m30s")).toBe(90);
    expect(parseGoDuration("2h")).toBe(7200);
    expect(parseGoDuration("500ms")).toBe(0.5);
    expect(() => parseGoDuration("soon")).toThrow();
    expect(() => parseGoDuration("10")).toThrow();
  });
});
