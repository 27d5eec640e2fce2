import { isAuthWeakPasswordError, type SupabaseClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import {
  codeIn,
  followLink,
  fragmentOf,
  mailsTo,
  memoryStorage,
  PASSWORD,
  authServerPerFile,
  uniqueEmail,
  type TestAuth,
} from "./support";

const auth = authServerPerFile({ enableConfirmations: false });
/** Confirmations on, double-confirmed email changes (config.toml's double_confirm_changes). */
const confirming = authServerPerFile({ enableConfirmations: true, doubleConfirmChanges: true });

async function signedInUser(
  server: TestAuth,
  tag: string,
): Promise<{ email: string; client: SupabaseClient }> {
  const email = uniqueEmail(tag);
  await server.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  const client = server.anon();
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  return { email, client };
}

describe("password recovery", () => {
  it("resetPasswordForEmail mails a recovery link and code; the code signs in and the password changes", async () => {
    const { email } = await signedInUser(auth, "recover");
    const client = auth.anon();
    const sent = await client.auth.resetPasswordForEmail(email, {
      redirectTo: "http://localhost:3000/reset",
    });
    expect(sent).toEqual({ data: {}, error: null });
    const [mail] = await mailsTo(auth.sql, email);
    expect(mail).toMatchObject({ kind: "recovery", subject: "Reset Your Password" });
    const link = new URL(mail!.links[0]!.url);
    expect(link.searchParams.get("type")).toBe("recovery");
    expect(link.searchParams.get("redirect_to")).toBe("http://localhost:3000/reset");

    const { data, error } = await client.auth.verifyOtp({ email, token: codeIn(mail!), type: "recovery" });
    expect(error).toBeNull();
    expect(data.session).toBeTruthy();
    const updated = await client.auth.updateUser({ password: "brand-new-pass-2" });
    expect(updated.error).toBeNull();

    const oldPassword = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    expect(oldPassword.error?.code).toBe("invalid_credentials");
    const newPassword = await auth.anon().auth.signInWithPassword({ email, password: "brand-new-pass-2" });
    expect(newPassword.error).toBeNull();
  });

  it("the recovery link is a 303 to redirect_to with a session of type recovery", async () => {
    const { email } = await signedInUser(auth, "recover-link");
    await auth.anon().auth.resetPasswordForEmail(email, { redirectTo: "http://localhost:3000/reset" });
    const [mail] = await mailsTo(auth.sql, email);
    const landing = await followLink(mail!.links[0]!.url);
    expect(landing.pathname).toBe("/reset");
    const fragment = fragmentOf(landing);
    expect(fragment.type).toBe("recovery");
    const { data } = await auth.anon().auth.getUser(fragment.access_token);
    expect(data.user?.email).toBe(email);
  });

  it("answers {} for an unknown address and sends nothing", async () => {
    const email = uniqueEmail("unknown");
    expect(await auth.anon().auth.resetPasswordForEmail(email)).toEqual({ data: {}, error: null });
    expect(await mailsTo(auth.sql, email)).toEqual([]);
  });
});

describe("updateUser", () => {
  it("merges metadata key by key; null removes a key", async () => {
    const { client } = await signedInUser(auth, "meta");
    await client.auth.updateUser({ data: { theme: "dark", lang: "en" } });
    const { data, error } = await client.auth.updateUser({ data: { lang: null, tz: "UTC" } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata).toMatchObject({ theme: "dark", tz: "UTC" });
    expect(data.user?.user_metadata).not.toHaveProperty("lang");
    const { data: fresh } = await client.auth.getUser();
    expect(fresh.user?.user_metadata).toMatchObject({ theme: "dark", tz: "UTC" });
  });

  it("a new password signs out the user's other sessions but keeps this one", async () => {
    const { email, client } = await signedInUser(auth, "pw-others");
    const other = auth.anon();
    await other.auth.signInWithPassword({ email, password: PASSWORD });
    const otherToken = (await other.auth.getSession()).data.session!.access_token;
    expect((await client.auth.updateUser({ password: "changed-pass-3" })).error).toBeNull();
    expect((await client.auth.getUser()).error).toBeNull();
    expect((await auth.anon().auth.getUser(otherToken)).error?.name).toBe("AuthSessionMissingError");
  });

  it("refuses the current password with same_password and a short one with weak_password", async () => {
    const { client } = await signedInUser(auth, "pw-rules");
    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error?.code).toBe("same_password");
    expect(same.error?.status).toBe(422);
    const weak = await client.auth.updateUser({ password: "12345" });
    expect(isAuthWeakPasswordError(weak.error)).toBe(true);
  });

  it("a stolen session cannot move the account: the change waits for both addresses, even with confirmations off", async () => {
    // config.toml: enable_confirmations = false, double_confirm_changes = true.
    const { email, client } = await signedInUser(auth, "email-stolen");
    const attacker = uniqueEmail("attacker");
    const { data, error } = await client.auth.updateUser({ email: attacker });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.new_email).toBe(attacker);

    // The attacker confirms their own address; the owner never follows the link sent to them.
    const [toAttacker] = await mailsTo(auth.sql, attacker);
    const [toOwner] = await mailsTo(auth.sql, email);
    expect(toOwner?.kind).toBe("email_change");
    const landing = await followLink(toAttacker!.links[0]!.url);
    expect(fragmentOf(landing).message).toMatch(/^Confirmation link accepted/);
    expect((await client.auth.getUser()).data.user?.email).toBe(email);
    const signIn = await auth.anon().auth.signInWithPassword({ email: attacker, password: PASSWORD });
    expect(signIn.error?.code).toBe("invalid_credentials");
  });

  it("with both links followed, the address changes, confirmations on or off", async () => {
    const { email, client } = await signedInUser(auth, "email-both");
    const next = uniqueEmail("email-both-new");
    expect((await client.auth.updateUser({ email: next })).error).toBeNull();
    await followLink((await mailsTo(auth.sql, email))[0]!.links[0]!.url);
    await followLink((await mailsTo(auth.sql, next))[0]!.links[0]!.url);
    expect((await client.auth.getUser()).data.user?.email).toBe(next);
    expect((await auth.anon().auth.signInWithPassword({ email: next, password: PASSWORD })).error).toBeNull();
  });

  it("with PKCE, both links are PKCE links: the first says to confirm the other, the second gives a code", async () => {
    const email = uniqueEmail("email-pkce");
    await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const storage = memoryStorage();
    const client = auth.anon({ flowType: "pkce", persistSession: true, storage });
    expect((await client.auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    const next = uniqueEmail("email-pkce-new");
    const redirect = "http://localhost:3000/auth/callback?next=/profile";
    expect((await client.auth.updateUser({ email: next }, { emailRedirectTo: redirect })).error).toBeNull();

    const [toCurrent] = await mailsTo(auth.sql, email);
    const [toNew] = await mailsTo(auth.sql, next);
    for (const mail of [toCurrent!, toNew!]) {
      expect(new URL(mail.links[0]!.url).searchParams.get("token")).toMatch(/^pkce_[0-9a-f]{56}$/);
    }
    const first = await followLink(toCurrent!.links[0]!.url);
    expect(first.searchParams.get("message")).toMatch(/^Confirmation link accepted/);
    expect(first.searchParams.get("code")).toBeNull();
    const second = await followLink(toNew!.links[0]!.url);
    expect(`${second.origin}${second.pathname}`).toBe("http://localhost:3000/auth/callback");
    const code = second.searchParams.get("code")!;
    expect(code).toMatch(/^[0-9a-f-]{36}$/);

    const { data, error } = await client.auth.exchangeCodeForSession(code);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(next);
    expect(await auth.sql`select 1 from auth.flow_state where user_id = ${data.user!.id}`).toHaveLength(0);
  });

  it("refuses a password or email change made with an access token whose session has ended", async () => {
    const { email, client } = await signedInUser(auth, "ended");
    const { data: session } = await client.auth.getSession();
    const access = session.session!.access_token;
    // Signed out everywhere (e.g. from another device): the access token still verifies.
    expect((await client.auth.signOut({ scope: "global" })).error).toBeNull();
    const stale = auth.withAuthorization(`Bearer ${access}`);
    for (const change of [{ password: "brand-new-password-9" }, { email: uniqueEmail("ended-new") }]) {
      const res = await fetch(`${auth.url}/user`, {
        method: "PUT",
        headers: {
          apikey: auth.publishableKey,
          authorization: `Bearer ${access}`,
          "content-type": "application/json",
          "x-supabase-api-version": "2024-01-01",
        },
        body: JSON.stringify(change),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "session_not_found" });
    }
    expect((await stale.auth.getUser(access)).error?.name).toBe("AuthSessionMissingError");
    expect((await auth.anon().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    expect(await mailsTo(auth.sql, email)).toHaveLength(0);
  });

  it("refuses an address another user has with email_exists", async () => {
    const { client } = await signedInUser(auth, "email-taken");
    const { email: taken } = await signedInUser(auth, "email-owner");
    const { error } = await client.auth.updateUser({ email: taken });
    expect(error?.code).toBe("email_exists");
    expect(error?.status).toBe(422);
  });

  it("with confirmations on, mails both addresses and changes the email once both links are followed", async () => {
    const { email, client } = await signedInUser(confirming, "email-change");
    const next = uniqueEmail("email-change-new");
    const { data, error } = await client.auth.updateUser(
      { email: next },
      { emailRedirectTo: "http://localhost:3000/settings" },
    );
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.new_email).toBe(next);
    expect(data.user?.email_change_sent_at).toBeTruthy();

    const [toNew] = await mailsTo(confirming.sql, next);
    const [toCurrent] = await mailsTo(confirming.sql, email);
    expect(toNew?.kind).toBe("email_change");
    expect(toCurrent?.kind).toBe("email_change");

    const first = await followLink(toNew!.links[0]!.url);
    expect(fragmentOf(first).message).toMatch(/^Confirmation link accepted/);
    expect((await client.auth.getUser()).data.user?.email).toBe(email);

    const second = await followLink(toCurrent!.links[0]!.url);
    expect(fragmentOf(second)).toMatchObject({ type: "email_change", token_type: "bearer" });
    const { data: after } = await client.auth.getUser();
    expect(after.user?.email).toBe(next);
    expect(after.user?.new_email).toBeUndefined();
    expect(
      (await confirming.anon().auth.signInWithPassword({ email: next, password: PASSWORD })).error,
    ).toBeNull();
  });
});
