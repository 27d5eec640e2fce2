import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CLI_JWT_SECRET, CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY } from "@/lib/config/well-known";
import { authServerPerFile, PASSWORD, startTestAuth, uniqueEmail } from "./support";

/**
 * Issue #15, item 1: tokens signed (HS256) with the Supabase CLI's public default JWT secret opened
 * other people's accounts (a `sub` of the victim) and the admin API (a `service_role` role). The
 * stack now verifies only its own asymmetric keys; the CLI's secret and keys work only in CLI
 * compatibility mode, which production refuses.
 */

// The CLI's legacy anon and service_role API keys (supabase/cli pkg/config/apikeys.go), as
// `supabase start` prints them: HS256 JWTs signed with the public secret.
const CLI_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
const CLI_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

/** What the attacker made: a token of `claims`, signed with the CLI's public secret. */
function forge(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(CLI_JWT_SECRET));
}

const auth = authServerPerFile();
const cli = authServerPerFile({ cliCompatibleKeys: true });

describe("the stack's own keys (npm run dev, npm start)", () => {
  it("refuses a user token forged with the CLI's secret for another user's id", async () => {
    const { data } = await auth.anon().auth.signUp({ email: uniqueEmail("victim"), password: PASSWORD });
    const forged = await forge({ sub: data.user!.id, role: "authenticated", aud: "authenticated" });
    const { data: user, error } = await auth.anon().auth.getUser(forged);
    expect(user.user).toBeNull();
    expect(error?.code).toBe("bad_jwt");
    expect(error?.status).toBe(403);
  });

  it("refuses a service_role token forged with the CLI's secret at the admin API", async () => {
    const forged = await forge({ role: "service_role", iss: "supabase-demo" });
    const { data, error } = await auth.withAuthorization(`Bearer ${forged}`).auth.admin.listUsers();
    expect(data.users).toEqual([]);
    expect(error?.code).toBe("bad_jwt");
    expect(error?.status).toBe(403);
  });

  it("refuses the CLI's public API keys, new-style and legacy, with 401", async () => {
    for (const apikey of [CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY, CLI_ANON_KEY, CLI_SERVICE_ROLE_KEY]) {
      const res = await fetch(`${auth.url}/admin/users`, {
        headers: { apikey, authorization: `Bearer ${apikey}` },
      });
      expect(res.status, apikey.slice(0, 24)).toBe(401);
      expect(await res.json()).toEqual({ message: "Invalid authentication credentials" });
    }
  });

  it("still opens the admin API to its own secret key (a short-lived token of the gateway's)", async () => {
    const { error } = await auth.admin().auth.admin.listUsers({ perPage: 1 });
    expect(error).toBeNull();
  });
});

describe("Supabase CLI compatibility mode (npm run dev with ORGFLOW_SUPABASE_CLI_KEYS=1 only)", () => {
  it("accepts the CLI's keys and tokens signed with its secret, as `supabase start` does", async () => {
    for (const apikey of [CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY, CLI_ANON_KEY, CLI_SERVICE_ROLE_KEY]) {
      expect((await fetch(`${cli.url}/settings`, { headers: { apikey } })).status).toBe(200);
    }
    const { data } = await cli.anon().auth.signUp({ email: uniqueEmail("cli"), password: PASSWORD });
    const token = await forge({ sub: data.user!.id, role: "authenticated", aud: "authenticated" });
    const { data: viaSecret, error } = await cli.anon().auth.getUser(token);
    expect(error).toBeNull();
    expect(viaSecret.user?.id).toBe(data.user!.id);
  });

  it("without an Authorization header, a legacy key gets no_authorization from the admin API", async () => {
    const res = await fetch(`${cli.url}/admin/users`, {
      headers: { apikey: CLI_SERVICE_ROLE_KEY, "x-supabase-api-version": "2024-01-01" },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("no_authorization");
  });
});

describe("production", () => {
  it("refuses to start with the CLI's keys or secret, or with the local mailbox", async () => {
    await expect(startTestAuth({ production: true, cliCompatibleKeys: true, mail: "log" })).rejects.toThrow(
      /HS256 JWT secret.*CLI's public default/,
    );
    await expect(startTestAuth({ production: true, mail: "mailbox" })).rejects.toThrow(/local mailbox/);
  });

  it("starts with its own keys and refuses the forged token", async () => {
    const prod = await startTestAuth({ production: true, mail: "log" });
    try {
      const { data } = await prod.anon().auth.signUp({ email: uniqueEmail("prod"), password: PASSWORD });
      const forged = await forge({ sub: data.user!.id, role: "authenticated", aud: "authenticated" });
      expect((await prod.anon().auth.getUser(forged)).error?.code).toBe("bad_jwt");
      expect((await prod.anon().auth.getUser(data.session!.access_token)).data.user?.id).toBe(data.user!.id);
    } finally {
      await prod.close();
    }
  });
});
