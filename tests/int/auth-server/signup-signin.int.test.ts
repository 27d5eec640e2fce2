import { isAuthWeakPasswordError } from "@supabase/supabase-js";
import { beforeAll, describe, expect, it } from "vitest";
import { mailsTo, PASSWORD, authServerPerFile, uniqueEmail } from "./support";

const auth = authServerPerFile({ enableConfirmations: false });

describe("signUp with confirmations off", () => {
  it("creates a confirmed user and signs them in, sending no mail", async () => {
    const email = uniqueEmail("signup");
    const { data, error } = await auth.anon().auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { full_name: "Ada Lovelace" } },
    });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.session?.refresh_token).toMatch(/^[a-z2-7]{12}$/);
    expect(data.session?.token_type).toBe("bearer");
    expect(data.session?.expires_in).toBe(3600);
    expect(data.user).toMatchObject({
      email,
      aud: "authenticated",
      role: "authenticated",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { full_name: "Ada Lovelace", email, email_verified: true, sub: data.user!.id },
      is_anonymous: false,
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities?.[0]).toMatchObject({
      provider: "email",
      id: data.user!.id,
      user_id: data.user!.id,
    });
    expect(await mailsTo(auth.sql, email)).toEqual([]);
  });

  it("puts GoTrue's claims in the access token", async () => {
    const email = uniqueEmail("claims");
    const client = auth.anon();
    const { data } = await client.auth.signUp({
      email,
      password: PASSWORD,
      options: { data: { plan: "pro" } },
    });
    const { data: claims, error } = await client.auth.getClaims();
    expect(error).toBeNull();
    const c = claims!.claims;
    expect(c).toMatchObject({
      iss: auth.url,
      sub: data.user!.id,
      aud: "authenticated",
      email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { plan: "pro" },
    });
    expect(c.exp - c.iat).toBe(3600);
    expect(c.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    const [session] = await auth.sql<{ user_id: string }[]>`
      select user_id from auth.sessions where id = ${c.session_id as string}`;
    expect(session?.user_id).toBe(data.user!.id);
  });

  it("refuses a second sign-up of a confirmed address with user_already_exists", async () => {
    const email = uniqueEmail("twice");
    await auth.anon().auth.signUp({ email, password: PASSWORD });
    const { data, error } = await auth.anon().auth.signUp({ email, password: "another-pass-9" });
    expect(error?.code).toBe("user_already_exists");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("User already registered");
    expect(data.user).toBeNull();
  });

  it("refuses a weak password with weak_password and its reasons", async () => {
    const { error } = await auth.anon().auth.signUp({ email: uniqueEmail("weak"), password: "abc" });
    expect(isAuthWeakPasswordError(error)).toBe(true);
    expect(error?.code).toBe("weak_password");
    expect(error?.status).toBe(422);
    expect(error?.message).toBe("Password should be at least 6 characters.");
    expect(isAuthWeakPasswordError(error) && error.reasons).toEqual(["length"]);
  });

  it("refuses a malformed address with validation_failed", async () => {
    const { error } = await auth.anon().auth.signUp({ email: "not-an-email", password: PASSWORD });
    expect(error?.code).toBe("validation_failed");
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Unable to validate email address: invalid format");
  });

  it("stores the password as a bcrypt hash and the address lower-cased", async () => {
    const email = uniqueEmail("Hash").replace("Hash", "HaSh");
    const { data } = await auth.anon().auth.signUp({ email, password: PASSWORD });
    const [row] = await auth.sql<{ email: string; encrypted_password: string }[]>`
      select email, encrypted_password from auth.users where id = ${data.user!.id}`;
    expect(row?.email).toBe(email.toLowerCase());
    expect(row?.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    expect(row?.encrypted_password).not.toContain(PASSWORD);
  });
});

describe("signInWithPassword", () => {
  let email: string;
  beforeAll(async () => {
    email = uniqueEmail("signin");
    await auth.anon().auth.signUp({ email, password: PASSWORD });
  });

  it("signs in with the right password, any letter case of the address", async () => {
    const { data, error } = await auth
      .anon()
      .auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.last_sign_in_at).toBeTruthy();
    expect(data.session?.expires_at).toBeGreaterThan(Date.now() / 1000);
  });

  it("answers invalid_credentials for a wrong password and for an unknown address alike", async () => {
    const wrong = await auth.anon().auth.signInWithPassword({ email, password: "wrong-password-1" });
    const unknown = await auth
      .anon()
      .auth.signInWithPassword({ email: uniqueEmail("nobody"), password: PASSWORD });
    for (const { error, data } of [wrong, unknown]) {
      expect(error?.code).toBe("invalid_credentials");
      expect(error?.status).toBe(400);
      expect(error?.message).toBe("Invalid login credentials");
      expect(data.session).toBeNull();
    }
  });
});

describe("getUser and getClaims", () => {
  it("getUser returns the signed-in user", async () => {
    const email = uniqueEmail("getuser");
    const client = auth.anon();
    const { data: signed } = await client.auth.signUp({ email, password: PASSWORD });
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.id).toBe(signed.user!.id);
    expect(data.user?.email).toBe(email);
  });

  it("getUser with a token that is not a valid JWT fails with bad_jwt", async () => {
    const { data, error } = await auth.anon().auth.getUser("not.a.jwt");
    expect(data.user).toBeNull();
    expect(error?.code).toBe("bad_jwt");
    expect(error?.status).toBe(403);
  });

  it("getClaims verifies the ES256 token against the JWKS, without calling /user", async () => {
    // auth-js caches JWKS per storage key across clients; a fresh key makes this one fetch it.
    const { client, requests } = auth.recording({ storageKey: `jwks-${crypto.randomUUID()}` });
    const { data: signed } = await client.auth.signUp({ email: uniqueEmail("jwks"), password: PASSWORD });
    requests.length = 0;
    const { data, error } = await client.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.header.alg).toBe("ES256");
    expect(data?.header.kid).toBeTruthy();
    expect(data?.claims.sub).toBe(signed.user!.id);
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/auth/v1/.well-known/jwks.json"]);
    const jwks = (await (await fetch(`${auth.url}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(data?.header.kid);
  });
});

describe("the access token in Postgres", () => {
  it("as request.jwt.claims under the authenticated role, makes auth.uid() the user", async () => {
    const client = auth.anon();
    const { data: signed } = await client.auth.signUp({ email: uniqueEmail("rls"), password: PASSWORD });
    const { data } = await client.auth.getClaims();
    const [row] = await auth.sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify(data!.claims)}, true)`;
      return tx<{ uid: string; role: string; email: string }[]>`
        select auth.uid() as uid, auth.role() as role, auth.email() as email, current_user as role_now`;
    });
    expect(row?.uid).toBe(signed.user!.id);
    expect(row?.role).toBe("authenticated");
    expect(row?.email).toBe(signed.user!.email);
  });
});
