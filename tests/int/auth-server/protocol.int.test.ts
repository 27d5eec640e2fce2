import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { PASSWORD, rawRequest, authServerPerFile, startTestAuth, uniqueEmail } from "./support";

const auth = authServerPerFile({ maxBodyBytes: 4096 });

describe("error shapes", () => {
  it("malformed JSON is 400 bad_json, as {code,message} with x-sb-error-code when the API version is sent", async () => {
    const res = await rawRequest(auth, "/signup", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: '{"email": "a@example.test", "password": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-sb-error-code")).toBe("bad_json");
    expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    const body = await res.json();
    expect(body).toEqual({
      code: "bad_json",
      message: expect.stringContaining("Could not parse request body as JSON"),
    });
  });

  it("without the API version header, errors take GoTrue's legacy shape", async () => {
    const res = await rawRequest(auth, "/token?grant_type=password", {
      method: "POST",
      body: JSON.stringify({ email: uniqueEmail("legacy"), password: PASSWORD }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-supabase-api-version")).toBeNull();
    expect(await res.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });
  });

  it("a value of the wrong type is 400 bad_json, never a 500", async () => {
    const res = await rawRequest(auth, "/signup", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({ email: 42, password: ["x"] }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("bad_json");
  });

  it("a missing password is 422 validation_failed, as GoTrue answers it", async () => {
    const { error } = await auth.anon().auth.signUp({ email: uniqueEmail("nopass"), password: "" });
    expect(error?.code).toBe("validation_failed");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("Signup requires a valid password");
  });

  it("well-formed JSON missing what the call needs is 400 validation_failed", async () => {
    const res = await rawRequest(auth, "/verify", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({ type: "signup" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-sb-error-code")).toBe("validation_failed");
    expect(await res.json()).toEqual({
      code: "validation_failed",
      message: "Verify requires either a token or a token hash",
    });
    const recover = await rawRequest(auth, "/recover", {
      method: "POST",
      body: JSON.stringify({ email: "nope" }),
    });
    expect(await recover.json()).toMatchObject({ code: 400, error_code: "validation_failed" });
  });

  it("an oversized body is refused with 413 before it is read", async () => {
    const res = await rawRequest(auth, "/signup", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({
        email: uniqueEmail("big"),
        password: PASSWORD,
        data: { blob: "x".repeat(5000) },
      }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("request_too_large");
  });

  it("an unknown grant type is an OAuth-style error", async () => {
    const res = await rawRequest(auth, "/token?grant_type=magic", { method: "POST", body: "{}" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "unsupported_grant_type", error_description: "" });
  });

  it("a refresh without a token is invalid_request", async () => {
    const res = await rawRequest(auth, "/token?grant_type=refresh_token", { method: "POST", body: "{}" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "invalid_request",
      error_description: "refresh_token required",
    });
  });

  it("unknown routes are 404, known routes with the wrong method 405", async () => {
    expect((await rawRequest(auth, "/nope")).status).toBe(404);
    expect((await rawRequest(auth, "/signup")).status).toBe(405);
    expect((await fetch(auth.url.replace("/auth/v1", "/rest/v1/"))).status).toBe(404);
  });
});

describe("bad input is never a 500", () => {
  const routes = [
    "POST /signup",
    "POST /token?grant_type=password",
    "POST /token?grant_type=refresh_token",
    "POST /token?grant_type=pkce",
    "POST /logout",
    "PUT /user",
    "POST /recover",
    "POST /otp",
    "POST /resend",
    "POST /verify",
    "POST /invite",
    "POST /admin/generate_link",
    "POST /admin/users",
    `PUT /admin/users/${crypto.randomUUID()}`,
    `DELETE /admin/users/${crypto.randomUUID()}`,
  ];
  const nul = String.fromCharCode(0);
  const bodies = [
    "{not json",
    "[]",
    "null",
    '"text"',
    "123",
    JSON.stringify({ email: { nested: true }, password: 5, data: "x" }),
    JSON.stringify({ email: `a${nul}b@example.test`, password: `pass${nul}word`, refresh_token: nul }),
    JSON.stringify({
      email: `${"x".repeat(300)}@example.test`,
      role: "r".repeat(300),
      ban_duration: "9".repeat(30) + "h",
    }),
    JSON.stringify({
      type: "recovery",
      token_hash: nul,
      auth_code: "x",
      code_verifier: "y",
      code_challenge: "short",
    }),
    JSON.stringify({
      data: { [nul]: 1 },
      user_metadata: { deep: [{ s: nul }] },
      new_email: "nope",
      type: "signup",
    }),
    // Names that exist on every object's prototype must not pass for known types.
    JSON.stringify({
      type: "constructor",
      email: "a@example.test",
      token: "123456",
      new_email: "b@example.test",
    }),
  ];

  it("answers every route and malformed body without a 5xx", async () => {
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      for (const body of bodies) {
        const res = await fetch(`${auth.url}${path}`, {
          method,
          headers: { apikey: auth.secretKey, "content-type": "application/json" },
          body,
        });
        expect(res.status, `${route} ${body.slice(0, 60)}`).toBeLessThan(500);
      }
    }
    expect(auth.logs.filter((l) => l.includes("unexpected failure"))).toEqual([]);
  });

  it("answers malformed query strings and path parameters with a 4xx or a redirect", async () => {
    for (const path of [
      "/verify?token=%00&type=signup",
      "/verify?token=abc&type=bogus",
      "/verify?token=abc&type=toString",
      "/admin/users?page=abc",
      "/admin/users?per_page=-5",
      "/admin/users/not-a-uuid",
      "/admin/users/%E0%A4%A",
      "/user",
    ]) {
      const res = await fetch(`${auth.url}${path}`, {
        headers: { apikey: auth.secretKey },
        redirect: "manual",
      });
      expect(res.status, path).toBeGreaterThanOrEqual(300);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe("the gateway's API-key check", () => {
  it("refuses a request without an API key with 401, like Kong", async () => {
    const res = await fetch(`${auth.url}/settings`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "No API key found in request" });
  });

  it("refuses an unknown API key with 401", async () => {
    const res = await fetch(`${auth.url}/settings`, { headers: { apikey: "sb_publishable_wrong" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "Invalid authentication credentials" });
  });

  it("accepts the stack's own publishable and secret keys", async () => {
    for (const apikey of [auth.publishableKey, auth.secretKey]) {
      const res = await fetch(`${auth.url}/settings`, { headers: { apikey } });
      expect(res.status, apikey.slice(0, 20)).toBe(200);
    }
  });

  it("maps the secret key to service_role: the admin API accepts it, the publishable key is not_admin", async () => {
    const asSecret = await fetch(`${auth.url}/admin/users?per_page=1`, {
      headers: { apikey: auth.secretKey },
    });
    expect(asSecret.status).toBe(200);
    const asPublishable = await auth.anon().auth.admin.listUsers();
    expect(asPublishable.error?.code).toBe("not_admin");
    expect(asPublishable.error?.status).toBe(403);
  });

  it("leaves the email-link, JWKS and health routes open", async () => {
    expect((await fetch(`${auth.url}/health`)).status).toBe(200);
    expect((await fetch(`${auth.url}/.well-known/jwks.json`)).status).toBe(200);
    const verify = await fetch(`${auth.url}/verify?token=nope&type=signup`, { redirect: "manual" });
    expect(verify.status).toBe(303);
  });
});

describe("CORS", () => {
  it("answers a preflight and exposes the headers auth-js reads", async () => {
    const res = await fetch(`${auth.url}/token?grant_type=password`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers":
          "apikey, authorization, content-type, x-client-info, x-supabase-api-version",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toContain("x-supabase-api-version");
  });

  it("exposes X-Total-Count, Link and the API version on responses", async () => {
    const res = await fetch(`${auth.url}/health`, { headers: { origin: "http://localhost:3000" } });
    const exposed = res.headers.get("access-control-expose-headers") ?? "";
    for (const h of ["X-Total-Count", "Link", "X-Supabase-Api-Version"]) expect(exposed).toContain(h);
  });
});

describe("signing keys", () => {
  it("publishes the public ES256 key with kid, use and key_ops, cached for ten minutes", async () => {
    const res = await fetch(`${auth.url}/.well-known/jwks.json`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=600");
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", key_ops: ["verify"] });
    expect(keys[0]?.kid).toEqual(expect.any(String));
    expect(keys[0]).not.toHaveProperty("d");
  });

  it("refuses an expired or foreign-signed token with bad_jwt", async () => {
    const { data } = await auth.anon().auth.signUp({ email: uniqueEmail("expired"), password: PASSWORD });
    const now = Math.floor(Date.now() / 1000);
    const session = data.session!;
    const [header, payload] = session.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: now + 600, sub: claims.sub })).toString("base64url")}.${session.access_token.split(".")[2]}`;
    const expired = await new SignJWT({ sub: data.user!.id, role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode("another-secret-another-secret-another"));
    for (const token of [tampered, expired]) {
      const { error } = await auth.anon().auth.getUser(token);
      expect(error?.code).toBe("bad_jwt");
      expect(error?.status).toBe(403);
    }
  });
});

describe("settings from config.toml", () => {
  it("reports the [auth] settings the server runs with", async () => {
    const res = await rawRequest(auth, "/settings");
    expect(await res.json()).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      external: { email: true, phone: false },
    });
  });

  it("with enable_signup = false, sign-ups are 422 signup_disabled", async () => {
    const closed = await startTestAuth({ enableSignup: false });
    try {
      const { error } = await closed.anon().auth.signUp({ email: uniqueEmail("closed"), password: PASSWORD });
      expect(error?.code).toBe("signup_disabled");
      expect(error?.status).toBe(422);
    } finally {
      await closed.close();
    }
  });
});
