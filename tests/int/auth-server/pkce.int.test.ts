import { describe, expect, it } from "vitest";
import {
  followLink,
  mailsTo,
  memoryStorage,
  PASSWORD,
  rawRequest,
  authServerPerFile,
  uniqueEmail,
} from "./support";

const auth = authServerPerFile({ enableConfirmations: true });

/** A client as @supabase/ssr makes one: PKCE, with storage that keeps the code verifier. */
function pkceClient() {
  const storage = memoryStorage();
  const client = auth.anon({ flowType: "pkce", persistSession: true, storage });
  return { client, storage };
}

/** Signs up through PKCE and follows the emailed link: the code the app's callback would get. */
async function pkceSignUp(tag: string) {
  const email = uniqueEmail(tag);
  const { client, storage } = pkceClient();
  const { data, error } = await client.auth.signUp({
    email,
    password: PASSWORD,
    options: { emailRedirectTo: "http://localhost:3000/auth/callback?next=/app" },
  });
  if (error) throw error;
  const [mail] = await mailsTo(auth.sql, email);
  const landing = await followLink(mail!.links[0]!.url);
  return {
    email,
    client,
    storage,
    userId: data.user!.id,
    mail: mail!,
    landing,
    code: landing.searchParams.get("code")!,
  };
}

describe("PKCE sign-up", () => {
  it("records a flow, mails a pkce_ link, and the link answers ?code= for exchangeCodeForSession", async () => {
    const { email, client, storage, userId, mail, landing, code } = await pkceSignUp("pkce");
    expect(new URL(mail.links[0]!.url).searchParams.get("token")).toMatch(/^pkce_[0-9a-f]{56}$/);
    expect(`${landing.origin}${landing.pathname}`).toBe("http://localhost:3000/auth/callback");
    expect(landing.searchParams.get("next")).toBe("/app");
    expect(code).toMatch(/^[0-9a-f-]{36}$/);
    expect([...storage.items.keys()].some((k) => k.endsWith("-code-verifier"))).toBe(true);

    const { data, error } = await client.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(userId);
    expect(data.user?.email).toBe(email);
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.session?.access_token).toBeTruthy();
    const { data: claims } = await client.auth.getClaims();
    expect(claims?.claims.amr).toEqual([{ method: "email/signup", timestamp: expect.any(Number) }]);
    const left = await auth.sql`select 1 from auth.flow_state where user_id = ${userId}`;
    expect(left).toHaveLength(0);
  });

  it("a code is good once: a second exchange is flow_state_not_found", async () => {
    const { code, storage } = await pkceSignUp("pkce-once");
    // auth-js stores `<verifier>/<redirect type>` as JSON under `<storageKey>-code-verifier`.
    const stored = [...storage.items.entries()].find(([k]) => k.endsWith("-code-verifier"))![1];
    const verifier = (JSON.parse(stored) as string).split("/")[0];
    const exchange = () =>
      rawRequest(auth, "/token?grant_type=pkce", {
        method: "POST",
        headers: { "x-supabase-api-version": "2024-01-01" },
        body: JSON.stringify({ auth_code: code, code_verifier: verifier }),
      });
    expect((await exchange()).status).toBe(200);
    const second = await exchange();
    expect(second.status).toBe(404);
    expect((await second.json()).code).toBe("flow_state_not_found");
  });

  it("refuses a verifier that does not match the challenge with bad_code_verifier", async () => {
    const { code } = await pkceSignUp("pkce-bad");
    const res = await rawRequest(auth, "/token?grant_type=pkce", {
      method: "POST",
      headers: { "x-supabase-api-version": "2024-01-01" },
      body: JSON.stringify({ auth_code: code, code_verifier: "x".repeat(56) }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("bad_code_verifier");
  });

  it("refuses a code older than the flow expiry with flow_state_expired", async () => {
    const { client, code } = await pkceSignUp("pkce-old");
    await auth.sql`
      update auth.flow_state
      set created_at = now() - interval '10 minutes', auth_code_issued_at = now() - interval '10 minutes'
      where auth_code = ${code}`;
    const { error } = await client.auth.exchangeCodeForSession(code);
    expect(error?.code).toBe("flow_state_expired");
    expect(error?.status).toBe(422);
  });

  it("an unknown code is flow_state_not_found through the client too", async () => {
    const { client } = pkceClient();
    await client.auth.signUp({ email: uniqueEmail("pkce-unknown"), password: PASSWORD });
    const { error } = await client.auth.exchangeCodeForSession(crypto.randomUUID());
    expect(error?.code).toBe("flow_state_not_found");
    expect(error?.status).toBe(404);
  });
});

describe("PKCE recovery and magic link", () => {
  it("resetPasswordForEmail with PKCE ends in a recovery session from exchangeCodeForSession", async () => {
    const email = uniqueEmail("pkce-recover");
    await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const { client } = pkceClient();
    await client.auth.resetPasswordForEmail(email, { redirectTo: "http://localhost:3000/auth/callback" });
    const [mail] = await mailsTo(auth.sql, email);
    const landing = await followLink(mail!.links[0]!.url);
    const { data, error } = await client.auth.exchangeCodeForSession(landing.searchParams.get("code")!);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    const { data: claims } = await client.auth.getClaims();
    expect(claims?.claims.amr).toEqual([{ method: "recovery", timestamp: expect.any(Number) }]);
  });

  it("signInWithOtp with PKCE ends in a magic-link session", async () => {
    const email = uniqueEmail("pkce-magic");
    await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const { client } = pkceClient();
    await client.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: "http://localhost:3000/auth/callback" },
    });
    const [mail] = await mailsTo(auth.sql, email);
    const landing = await followLink(mail!.links[0]!.url);
    const { data, error } = await client.auth.exchangeCodeForSession(landing.searchParams.get("code")!);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });
});
