import type { SupabaseClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import { authServerPerFile, PASSWORD, rawRequest, uniqueEmail, type TestAuth } from "./support";

const auth = authServerPerFile();
/** The same server's rules, but a revoked refresh token is reuse at once (no grace interval). */
const strict = authServerPerFile({ refreshTokenReuseInterval: 0 });

async function signedIn(
  server: TestAuth,
  email: string,
): Promise<{ client: SupabaseClient; refresh: string; access: string }> {
  const client = server.anon();
  const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error || !data.session) throw error ?? new Error("no session");
  return { client, refresh: data.session.refresh_token, access: data.session.access_token };
}

async function newUser(server: TestAuth, tag: string): Promise<string> {
  const email = uniqueEmail(tag);
  const { error } = await server
    .admin()
    .auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (error) throw error;
  return email;
}

async function refresh(server: TestAuth, refreshToken: string) {
  return server.anon().auth.refreshSession({ refresh_token: refreshToken });
}

type TokenRow = { token: string; revoked: boolean; parent: string | null; session_id: string };

async function tokensOfSessionOf(server: TestAuth, token: string): Promise<TokenRow[]> {
  return server.sql<TokenRow[]>`
    select token, revoked, parent, session_id from auth.refresh_tokens
    where session_id = (select session_id from auth.refresh_tokens where token = ${token})
    order by id`;
}

describe("refreshSession", () => {
  it("rotates: a new refresh token whose parent is the old one, which is revoked; same session", async () => {
    const { refresh: r0, access } = await signedIn(auth, await newUser(auth, "rotate"));
    const { data, error } = await refresh(auth, r0);
    expect(error).toBeNull();
    const r1 = data.session!.refresh_token;
    expect(r1).not.toBe(r0);
    expect(data.session!.access_token).not.toBe(access);
    const rows = await tokensOfSessionOf(auth, r0);
    expect(rows.map((r) => [r.token, r.revoked, r.parent])).toEqual([
      [r0, true, null],
      [r1, false, r0],
    ]);
    const sessionOf = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()).session_id;
    expect(sessionOf(data.session!.access_token)).toBe(sessionOf(access));
  });

  it("hands back the active token when its parent is presented again (a lost refresh answer)", async () => {
    const { refresh: r0 } = await signedIn(auth, await newUser(auth, "lost"));
    const first = await refresh(auth, r0);
    const again = await refresh(auth, r0);
    expect(again.error).toBeNull();
    expect(again.data.session!.refresh_token).toBe(first.data.session!.refresh_token);
  });

  it("accepts an older revoked token within the 10 s reuse interval", async () => {
    const { refresh: r0 } = await signedIn(auth, await newUser(auth, "reuse-ok"));
    const r1 = (await refresh(auth, r0)).data.session!.refresh_token;
    await refresh(auth, r1);
    const { data, error } = await refresh(auth, r0);
    expect(error).toBeNull();
    expect(data.session?.refresh_token).toMatch(/^[a-z2-7]{12}$/);
  });

  it("treats reuse after the interval as theft: refresh_token_already_used, and the whole session ends", async () => {
    const { refresh: r0 } = await signedIn(auth, await newUser(auth, "reuse-bad"));
    const r1 = (await refresh(auth, r0)).data.session!.refresh_token;
    const latest = (await refresh(auth, r1)).data.session!;
    const sessionId = (await tokensOfSessionOf(auth, r0))[0]!.session_id;
    // The stolen token was replaced a minute ago: outside config.toml's 10 s reuse interval.
    await auth.sql`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = ${r0}`;

    const reused = await refresh(auth, r0);
    expect(reused.error?.code).toBe("refresh_token_already_used");
    expect(reused.error?.status).toBe(400);
    expect(reused.error?.message).toBe("Invalid Refresh Token: Already Used");
    // Kept although the request failed: the session and its whole token family are gone, so
    // neither the newest refresh token nor an access token of the session works any more.
    expect(await auth.sql`select 1 from auth.sessions where id = ${sessionId}`).toHaveLength(0);
    expect(await auth.sql`select 1 from auth.refresh_tokens where session_id = ${sessionId}`).toHaveLength(0);
    const newest = await refresh(auth, latest.refresh_token);
    expect(newest.error?.code).toBe("refresh_token_not_found");
    expect(newest.data.session).toBeNull();
    const res = await rawRequest(auth, "/user", {
      headers: { authorization: `Bearer ${latest.access_token}`, "x-supabase-api-version": "2024-01-01" },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "session_not_found" });
  });

  it("with no reuse interval, replaying the previous token at once is reuse too", async () => {
    const { refresh: r0 } = await signedIn(strict, await newUser(strict, "reuse-strict"));
    const r1 = (await refresh(strict, r0)).data.session!.refresh_token;
    const r2 = (await refresh(strict, r1)).data.session!.refresh_token;
    expect((await refresh(strict, r0)).error?.code).toBe("refresh_token_already_used");
    expect((await refresh(strict, r2)).error?.code).toBe("refresh_token_not_found");
  });

  it("answers refresh_token_not_found for a token it never issued", async () => {
    const { error } = await refresh(auth, "abcdefghijkl");
    expect(error?.code).toBe("refresh_token_not_found");
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Invalid Refresh Token: Refresh Token Not Found");
  });
});

describe("signOut", () => {
  async function userStatus(access: string): Promise<number> {
    const res = await rawRequest(auth, "/user", {
      headers: { authorization: `Bearer ${access}`, "x-supabase-api-version": "2024-01-01" },
    });
    return res.status;
  }

  it("local ends only this session; its tokens then fail with session_not_found", async () => {
    const email = await newUser(auth, "local");
    const a = await signedIn(auth, email);
    const b = await signedIn(auth, email);
    expect(await a.client.auth.signOut({ scope: "local" })).toEqual({ error: null });

    const res = await rawRequest(auth, "/user", {
      headers: { authorization: `Bearer ${a.access}`, "x-supabase-api-version": "2024-01-01" },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "session_not_found" });
    // auth-js turns session_not_found into "no session".
    const { error } = await auth.anon().auth.getUser(a.access);
    expect(error?.name).toBe("AuthSessionMissingError");
    expect((await refresh(auth, a.refresh)).error?.code).toBe("refresh_token_not_found");
    expect(await userStatus(b.access)).toBe(200);
  });

  it("others ends every other session of the user and keeps this one", async () => {
    const email = await newUser(auth, "others");
    const [a, b, c] = [await signedIn(auth, email), await signedIn(auth, email), await signedIn(auth, email)];
    expect((await b.client.auth.signOut({ scope: "others" })).error).toBeNull();
    expect(await userStatus(a.access)).toBe(403);
    expect(await userStatus(b.access)).toBe(200);
    expect(await userStatus(c.access)).toBe(403);
  });

  it("global ends every session of the user, and no one else's", async () => {
    const email = await newUser(auth, "global");
    const [a, b] = [await signedIn(auth, email), await signedIn(auth, email)];
    const bystander = await signedIn(auth, await newUser(auth, "bystander"));
    expect((await a.client.auth.signOut({ scope: "global" })).error).toBeNull();
    expect(await userStatus(a.access)).toBe(403);
    expect(await userStatus(b.access)).toBe(403);
    expect(await userStatus(bystander.access)).toBe(200);
  });

  it("answers 204 with no body", async () => {
    const { access } = await signedIn(auth, await newUser(auth, "nocontent"));
    const res = await rawRequest(auth, "/logout?scope=local", {
      method: "POST",
      headers: { authorization: `Bearer ${access}` },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });
});
