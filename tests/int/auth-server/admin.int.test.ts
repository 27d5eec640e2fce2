import { createHash, randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { beforeAll, describe, expect, it } from "vitest";
import { followLink, fragmentOf, mailsTo, PASSWORD, authServerPerFile, uniqueEmail } from "./support";

const auth = authServerPerFile({ enableConfirmations: true });
// A low-cost hash of PASSWORD: admin createUser takes password_hash as is, which keeps bulk setup fast.
const PASSWORD_HASH = bcrypt.hashSync(PASSWORD, 4);

const admin = () => auth.admin().auth.admin;

describe("createUser, getUserById, updateUserById, deleteUser", () => {
  it("creates a confirmed user with metadata who can sign in", async () => {
    const email = uniqueEmail("admin-create");
    const { data, error } = await admin().createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { name: "Grace" },
      app_metadata: { org_role: "owner" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      role: "authenticated",
      user_metadata: { name: "Grace" },
      app_metadata: { org_role: "owner", provider: "email", providers: ["email"] },
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect((await auth.anon().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    expect(await mailsTo(auth.sql, email)).toEqual([]);
  });

  it("an unconfirmed user cannot sign in yet; a taken address is email_exists; a weak password weak_password", async () => {
    const email = uniqueEmail("admin-unconfirmed");
    expect(
      (await admin().createUser({ email, password: PASSWORD })).data.user?.email_confirmed_at,
    ).toBeUndefined();
    expect((await auth.anon().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      "email_not_confirmed",
    );
    const dup = await admin().createUser({ email, password: PASSWORD });
    expect(dup.error?.code).toBe("email_exists");
    expect(dup.error?.status).toBe(422);
    const weak = await admin().createUser({ email: uniqueEmail("admin-weak"), password: "123" });
    expect(weak.error?.code).toBe("weak_password");
  });

  it("gets a user by id, and 404 user_not_found for an unknown id", async () => {
    const { data: created } = await admin().createUser({
      email: uniqueEmail("admin-get"),
      password_hash: PASSWORD_HASH,
    });
    const { data, error } = await admin().getUserById(created.user!.id);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(created.user!.id);
    const missing = await admin().getUserById(randomUUID());
    expect(missing.error?.code).toBe("user_not_found");
    expect(missing.error?.status).toBe(404);
  });

  it("updates metadata (merged), email, password and confirmation", async () => {
    const email = uniqueEmail("admin-update");
    const { data: created } = await admin().createUser({
      email,
      password_hash: PASSWORD_HASH,
      user_metadata: { a: 1, b: 2 },
      app_metadata: { plan: "free" },
    });
    const id = created.user!.id;
    const next = uniqueEmail("admin-updated");
    const { data, error } = await admin().updateUserById(id, {
      email: next,
      password: "updated-pass-4",
      email_confirm: true,
      user_metadata: { b: null, c: 3 },
      app_metadata: { plan: "pro" },
    });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(next);
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.user_metadata).toMatchObject({ a: 1, c: 3 });
    expect(data.user?.user_metadata).not.toHaveProperty("b");
    expect(data.user?.app_metadata).toMatchObject({ plan: "pro", provider: "email" });
    expect(
      (await auth.anon().auth.signInWithPassword({ email: next, password: "updated-pass-4" })).error,
    ).toBeNull();
  });

  it("bans with ban_duration and lifts the ban with none", async () => {
    const email = uniqueEmail("admin-ban");
    const { data: created } = await admin().createUser({
      email,
      password_hash: PASSWORD_HASH,
      email_confirm: true,
    });
    const id = created.user!.id;
    const banned = await admin().updateUserById(id, { ban_duration: "24h" });
    expect(new Date(banned.data.user!.banned_until!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect((await auth.anon().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      "user_banned",
    );
    await admin().updateUserById(id, { ban_duration: "none" });
    expect((await auth.anon().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it("deletes a user: gone from the API, their tokens stop working", async () => {
    const email = uniqueEmail("admin-delete");
    const { data: created } = await admin().createUser({
      email,
      password_hash: PASSWORD_HASH,
      email_confirm: true,
    });
    const signedIn = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    const { data, error } = await admin().deleteUser(created.user!.id);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(created.user!.id);
    expect((await admin().getUserById(created.user!.id)).error?.code).toBe("user_not_found");
    const { error: tokenError } = await auth.anon().auth.getUser(signedIn.data.session!.access_token);
    expect(tokenError?.code).toBe("user_not_found");
    const [row] = await auth.sql`select count(*)::int as n from auth.users where id = ${created.user!.id}`;
    expect(row?.n).toBe(0);
  });
});

describe("listUsers", () => {
  const tag = `page-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const { error } = await admin().createUser({
        email: `${tag}-${i}@example.test`,
        password_hash: PASSWORD_HASH,
      });
      if (error) throw error;
    }
  });

  it("pages with X-Total-Count and Link headers (checked on a filtered, stable listing)", async () => {
    const get = (page: number) =>
      fetch(`${auth.url}/admin/users?page=${page}&per_page=2&filter=${tag}`, {
        headers: { apikey: auth.secretKey },
      });
    const first = await get(1);
    expect(first.headers.get("x-total-count")).toBe("5");
    expect(first.headers.get("link")).toBe(
      `<${auth.url}/admin/users?page=2&per_page=2>; rel="next", <${auth.url}/admin/users?page=3&per_page=2>; rel="last"`,
    );
    const body = (await first.json()) as { users: { email: string }[]; aud: string };
    expect(body.aud).toBe("authenticated");
    // Newest first.
    expect(body.users.map((u) => u.email)).toEqual([`${tag}-4@example.test`, `${tag}-3@example.test`]);
    const last = await get(3);
    expect(last.headers.get("link")).toBe(`<${auth.url}/admin/users?page=3&per_page=2>; rel="last"`);
    expect(((await last.json()) as { users: unknown[] }).users).toHaveLength(1);
  });

  it("through the client: total, nextPage and lastPage", async () => {
    // Other test files add users meanwhile; a page size of a third of the total keeps lastPage small.
    const probe = await admin().listUsers({ page: 1, perPage: 1 });
    const perPage = Math.ceil((probe.data as { total: number }).total / 3) + 1;
    const { data, error } = await admin().listUsers({ page: 1, perPage });
    expect(error).toBeNull();
    const page = data as typeof data & { total: number; lastPage: number; nextPage: number | null };
    expect(page.total).toBeGreaterThanOrEqual(5);
    expect(page.users).toHaveLength(perPage);
    expect(page.nextPage).toBe(2);
    expect(page.lastPage).toBe(Math.ceil(page.total / perPage));
  });

  it("refuses a negative page with 400", async () => {
    const res = await fetch(`${auth.url}/admin/users?page=-1`, {
      headers: { apikey: auth.secretKey, "x-supabase-api-version": "2024-01-01" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("validation_failed");
  });
});

describe("inviteUserByEmail", () => {
  it("creates the user, mails an invite, and the link confirms and signs them in", async () => {
    const email = uniqueEmail("invite");
    const { data, error } = await admin().inviteUserByEmail(email, {
      data: { invited_by: "test" },
      redirectTo: "http://localhost:3000/welcome",
    });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.invited_at).toBeTruthy();
    expect(data.user?.user_metadata).toMatchObject({ invited_by: "test" });
    const [mail] = await mailsTo(auth.sql, email);
    expect(mail).toMatchObject({ kind: "invite", subject: "You have been invited" });
    const landing = await followLink(mail!.links[0]!.url);
    expect(landing.pathname).toBe("/welcome");
    const fragment = fragmentOf(landing);
    expect(fragment.type).toBe("invite");
    const { data: user } = await auth.anon().auth.getUser(fragment.access_token);
    expect(user.user?.email_confirmed_at).toBeTruthy();
  });

  it("refuses to invite a confirmed user with email_exists", async () => {
    const email = uniqueEmail("invite-taken");
    await admin().createUser({ email, password_hash: PASSWORD_HASH, email_confirm: true });
    const { error } = await admin().inviteUserByEmail(email);
    expect(error?.code).toBe("email_exists");
    expect(error?.status).toBe(422);
  });
});

describe("generateLink", () => {
  const sha224 = (text: string) => createHash("sha224").update(text).digest("hex");

  it("signup: creates the user and returns the link parts without sending mail", async () => {
    const email = uniqueEmail("gen-signup");
    const { data, error } = await admin().generateLink({
      type: "signup",
      email,
      password: PASSWORD,
      options: { redirectTo: "http://localhost:3000/welcome" },
    });
    expect(error).toBeNull();
    const p = data.properties!;
    expect(p.verification_type).toBe("signup");
    expect(p.redirect_to).toBe("http://localhost:3000/welcome");
    expect(p.email_otp).toMatch(/^\d{6}$/);
    expect(p.hashed_token).toBe(sha224(email + p.email_otp));
    expect(p.action_link).toBe(
      `${auth.url}/verify?token=${p.hashed_token}&type=signup&redirect_to=${encodeURIComponent("http://localhost:3000/welcome")}`,
    );
    expect(data.user?.email).toBe(email);
    expect(await mailsTo(auth.sql, email)).toEqual([]);
    const landing = await followLink(p.action_link);
    expect(fragmentOf(landing).access_token).toBeTruthy();
  });

  it("magiclink: the code verifies through verifyOtp", async () => {
    const email = uniqueEmail("gen-magic");
    await admin().createUser({ email, password_hash: PASSWORD_HASH, email_confirm: true });
    const { data } = await admin().generateLink({ type: "magiclink", email });
    expect(data.properties?.verification_type).toBe("magiclink");
    const { data: verified, error } = await auth.anon().auth.verifyOtp({
      email,
      token: data.properties!.email_otp,
      type: "magiclink",
    });
    expect(error).toBeNull();
    expect(verified.user?.email).toBe(email);
  });

  it("recovery for an unknown address is 404 user_not_found", async () => {
    const { error } = await admin().generateLink({ type: "recovery", email: uniqueEmail("gen-nobody") });
    expect(error?.code).toBe("user_not_found");
    expect(error?.status).toBe(404);
  });

  it("invite: a user with invited_at and an invite link", async () => {
    const email = uniqueEmail("gen-invite");
    const { data } = await admin().generateLink({ type: "invite", email });
    expect(data.user?.invited_at).toBeTruthy();
    expect(new URL(data.properties!.action_link).searchParams.get("type")).toBe("invite");
  });

  it("email_change_current and email_change_new: both verified, the address changes", async () => {
    const email = uniqueEmail("gen-change");
    const newEmail = uniqueEmail("gen-changed");
    await admin().createUser({ email, password_hash: PASSWORD_HASH, email_confirm: true });
    const toNew = await admin().generateLink({ type: "email_change_new", email, newEmail });
    const toCurrent = await admin().generateLink({ type: "email_change_current", email, newEmail });
    expect(toNew.data.properties?.hashed_token).toBe(sha224(newEmail + toNew.data.properties!.email_otp));
    expect(new URL(toCurrent.data.properties!.action_link).searchParams.get("type")).toBe("email_change");
    const first = await auth
      .anon()
      .auth.verifyOtp({ token_hash: toNew.data.properties!.hashed_token, type: "email_change" });
    expect(first.error).toBeNull();
    expect(first.data.session).toBeNull();
    const second = await auth.anon().auth.verifyOtp({
      token_hash: toCurrent.data.properties!.hashed_token,
      type: "email_change",
    });
    expect(second.error).toBeNull();
    expect(second.data.user?.email).toBe(newEmail);
    expect(await mailsTo(auth.sql, newEmail)).toEqual([]);
  });

  it("the email_otp of a generated recovery link works with type email too", async () => {
    const email = uniqueEmail("gen-email-type");
    await admin().createUser({ email, password_hash: PASSWORD_HASH, email_confirm: true });
    const { data } = await admin().generateLink({ type: "recovery", email });
    const { error } = await auth
      .anon()
      .auth.verifyOtp({ email, token: data.properties!.email_otp, type: "email" });
    expect(error).toBeNull();
  });
});

describe("who may call the admin API", () => {
  it("the publishable key is not_admin", async () => {
    const { error } = await auth.anon().auth.admin.createUser({ email: uniqueEmail("not-admin") });
    expect(error?.code).toBe("not_admin");
    expect(error?.status).toBe(403);
  });

  it("a user's own access token is not_admin", async () => {
    const email = uniqueEmail("user-token");
    await admin().createUser({ email, password_hash: PASSWORD_HASH, email_confirm: true });
    const { data } = await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    const asUser = auth.withAuthorization(`Bearer ${data.session!.access_token}`);
    const { error } = await asUser.auth.admin.listUsers();
    expect(error?.code).toBe("not_admin");
  });

  it("a bearer token that is not a valid JWT is bad_jwt", async () => {
    const { error } = await auth.withAuthorization("Bearer garbage").auth.admin.listUsers();
    expect(error?.code).toBe("bad_jwt");
    expect(error?.status).toBe(403);
  });
});
