import { describe, expect, it } from "vitest";
import { codeIn, followLink, fragmentOf, mailsTo, PASSWORD, authServerPerFile, uniqueEmail } from "./support";

const auth = authServerPerFile({ enableConfirmations: true });

async function signUpUnconfirmed(tag: string, redirectTo = "http://localhost:3000/welcome") {
  const email = uniqueEmail(tag);
  const result = await auth
    .anon()
    .auth.signUp({ email, password: PASSWORD, options: { emailRedirectTo: redirectTo } });
  return { email, ...result };
}

describe("signUp with confirmations on", () => {
  it("returns the user without a session and mails a confirmation link and code", async () => {
    const { email, data, error } = await signUpUnconfirmed("confirm");
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.email_confirmed_at).toBeUndefined();
    expect(data.user?.confirmation_sent_at).toBeTruthy();

    const mails = await mailsTo(auth.sql, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "confirmation", subject: "Confirm Your Signup" });
    const link = new URL(mails[0]!.links[0]!.url);
    expect(`${link.origin}${link.pathname}`).toBe(`${auth.url}/verify`);
    expect(link.searchParams.get("type")).toBe("signup");
    expect(link.searchParams.get("token")).toMatch(/^[0-9a-f]{56}$/);
    expect(link.searchParams.get("redirect_to")).toBe("http://localhost:3000/welcome");
    expect(codeIn(mails[0]!)).toMatch(/^\d{6}$/);
    expect(auth.logs.some((l) => l.includes(email) && l.includes("confirmation"))).toBe(true);
  });

  it("refuses to sign in before confirmation with email_not_confirmed", async () => {
    const { email } = await signUpUnconfirmed("unconfirmed");
    const { error } = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    expect(error?.code).toBe("email_not_confirmed");
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Email not confirmed");
  });

  it("confirms through the emailed link: a 303 to redirect_to with the session in the fragment", async () => {
    const { email, data } = await signUpUnconfirmed("link");
    const [mail] = await mailsTo(auth.sql, email);
    const landing = await followLink(mail!.links[0]!.url);
    expect(`${landing.origin}${landing.pathname}`).toBe("http://localhost:3000/welcome");
    const fragment = fragmentOf(landing);
    expect(fragment).toMatchObject({ token_type: "bearer", type: "signup", expires_in: "3600" });
    const { data: viaLink } = await auth.anon().auth.getUser(fragment.access_token);
    expect(viaLink.user?.id).toBe(data.user!.id);
    expect(viaLink.user?.email_confirmed_at).toBeTruthy();
    const signIn = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
  });

  it("a used link redirects with GoTrue's error parameters", async () => {
    const { email } = await signUpUnconfirmed("reused");
    const [mail] = await mailsTo(auth.sql, email);
    await followLink(mail!.links[0]!.url);
    const again = await followLink(mail!.links[0]!.url);
    expect(fragmentOf(again)).toEqual({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
    });
  });

  it("confirms with the emailed code through verifyOtp", async () => {
    const { email, data } = await signUpUnconfirmed("code");
    const [mail] = await mailsTo(auth.sql, email);
    const client = auth.anon();
    const wrong = await client.auth.verifyOtp({ email, token: "000000", type: "signup" });
    expect(wrong.error?.code).toBe("otp_expired");
    expect(wrong.error?.status).toBe(403);
    const { data: verified, error } = await client.auth.verifyOtp({
      email,
      token: codeIn(mail!),
      type: "signup",
    });
    expect(error).toBeNull();
    expect(verified.session?.access_token).toBeTruthy();
    expect(verified.user?.id).toBe(data.user!.id);
    expect(verified.user?.email_confirmed_at).toBeTruthy();
    const { data: claims } = await client.auth.getClaims();
    expect(claims?.claims.amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);
  });

  it("confirms with the token hash, type email", async () => {
    const { email } = await signUpUnconfirmed("hash");
    const [mail] = await mailsTo(auth.sql, email);
    const tokenHash = new URL(mail!.links[0]!.url).searchParams.get("token")!;
    const { data, error } = await auth.anon().auth.verifyOtp({ token_hash: tokenHash, type: "email" });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
  });

  it("sends people to site_url when redirect_to is not on the allow list", async () => {
    const { email } = await signUpUnconfirmed("evil", "https://evil.example/steal");
    const [mail] = await mailsTo(auth.sql, email);
    expect(new URL(mail!.links[0]!.url).searchParams.get("redirect_to")).toBe("http://localhost:3000");
  });

  it("answers a repeated sign-up of a confirmed address with an obfuscated user and sends nothing", async () => {
    const { email, data } = await signUpUnconfirmed("repeat");
    const [mail] = await mailsTo(auth.sql, email);
    await auth.anon().auth.verifyOtp({ email, token: codeIn(mail!), type: "signup" });
    const again = await auth.anon().auth.signUp({ email, password: "other-pass-8" });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();
    expect(again.data.user?.email).toBe(email);
    expect(again.data.user?.id).not.toBe(data.user!.id);
    expect(again.data.user?.identities).toEqual([]);
    expect(await mailsTo(auth.sql, email)).toHaveLength(1);
  });

  it("a repeated sign-up of an unconfirmed address mails the confirmation again, as does resend", async () => {
    const { email, data } = await signUpUnconfirmed("resend");
    const again = await auth.anon().auth.signUp({ email, password: PASSWORD });
    expect(again.data.user?.id).toBe(data.user!.id);
    expect((await auth.anon().auth.resend({ type: "signup", email })).error).toBeNull();
    const mails = await mailsTo(auth.sql, email);
    expect(mails.map((m) => m.kind)).toEqual(["confirmation", "confirmation", "confirmation"]);
    // Only the newest code counts (two random 6-digit codes collide once in a million runs).
    const stale = await auth.anon().auth.verifyOtp({ email, token: codeIn(mails[0]!), type: "signup" });
    expect(stale.error?.code).toBe("otp_expired");
    const fresh = await auth.anon().auth.verifyOtp({ email, token: codeIn(mails[2]!), type: "signup" });
    expect(fresh.error).toBeNull();
  });
});

describe("magic links (signInWithOtp)", () => {
  it("mails a confirmed user a magic link that signs them in", async () => {
    const email = uniqueEmail("magic");
    await auth.admin().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const { error } = await auth
      .anon()
      .auth.signInWithOtp({ email, options: { emailRedirectTo: "http://localhost:3000/in" } });
    expect(error).toBeNull();
    const [mail] = await mailsTo(auth.sql, email);
    expect(mail).toMatchObject({ kind: "magic_link", subject: "Your Magic Link" });
    const landing = await followLink(mail!.links[0]!.url);
    expect(landing.pathname).toBe("/in");
    expect(fragmentOf(landing)).toMatchObject({ type: "magiclink", token_type: "bearer" });
  });

  it("without shouldCreateUser, an unknown address is otp_disabled", async () => {
    const { error } = await auth.anon().auth.signInWithOtp({
      email: uniqueEmail("nobody"),
      options: { shouldCreateUser: false },
    });
    expect(error?.code).toBe("otp_disabled");
    expect(error?.status).toBe(422);
  });
});
