import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/action";
import { announcePeerAddressLayer, PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { PASSWORD, startTestAuth, type TestAuth } from "@/tests/int/auth-server/support";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Two-factor authentication through the app's actions against a real auth server: enrolment,
 * the code step at sign-in, aal2 enforced by the session guard (an aal1 session of a user with a
 * factor is not signed in for any action), recovery codes good once, password change and
 * "sign out other devices".
 */

const scope = vi.hoisted(() => ({ cookies: new Map<string, string>(), headers: new Headers() }));

vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () => [...scope.cookies].map(([name, value]) => ({ name, value })),
    get: (name: string) => (scope.cookies.has(name) ? { name, value: scope.cookies.get(name)! } : undefined),
    set: (name: string, value: string, options?: { maxAge?: number }) => {
      if (value === "" || options?.maxAge === 0) scope.cookies.delete(name);
      else scope.cookies.set(name, value);
    },
  }),
  headers: async () => scope.headers,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const { signInAction } = await import("@/lib/auth/actions");
const { getClaims, getClaimsAwaitingSecondFactor } = await import("@/lib/auth/session");
const security = await import("@/lib/security/actions");
const { createApiKeyAction } = await import("@/lib/organizations/actions/api-keys");
const { withUser } = await import("@/lib/db/client");
const { useRecoveryCode } = await import("@/lib/security/security");
const { readSecurityOverview } = await import("@/lib/security/queries");

let auth: TestAuth;
const sql = testSql();
const tenants: TestTenant[] = [];
const savedEnv = { ...process.env };

function freshBrowser(ip = "192.0.2.60") {
  scope.cookies.clear();
  scope.headers = new Headers({ [PEER_ADDRESS_HEADER]: ip, "user-agent": "TwoFactorTest/1.0" });
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

/** Runs an action; a redirect comes back as `{ redirect: <location> }`. */
async function run<T>(action: Promise<ActionResult<T>>): Promise<ActionResult<T> | { redirect: string }> {
  try {
    return await action;
  } catch (e) {
    const digest = String((e as { digest?: unknown }).digest);
    if (digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2]! };
    throw e;
  }
}

function codeFor(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });
}

async function owner(label: string) {
  const tenant = await createTenant(sql, label);
  tenants.push(tenant);
  const { error } = await auth
    .admin()
    .auth.admin.updateUserById(tenant.members.owner.sub, { password: PASSWORD });
  if (error) throw error;
  return { tenant, email: tenant.members.owner.email, sub: tenant.members.owner.sub };
}

const signIn = (email: string, password = PASSWORD, next = "/profile") =>
  run(signInAction(null, form({ email, password, next })));

/** Signs in, turns two-factor authentication on; returns its secret and recovery codes. */
async function withTwoFactor(email: string) {
  freshBrowser();
  expect(await signIn(email)).toEqual({ redirect: "/profile" });
  const started = await security.startTwoFactorAction(null, form({}));
  if (!started.ok) throw new Error(started.error.message);
  // A data URI a browser can draw: the SVG percent-encoded, nothing that would end the URI.
  expect(started.data.qrCode).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  expect(started.data.qrCode).not.toMatch(/[<>#"]/);
  const confirmed = await security.confirmTwoFactorAction(
    null,
    form({ factor_id: started.data.factorId, code: codeFor(started.data.secret) }),
  );
  if (!confirmed.ok) throw new Error(confirmed.error.message);
  return {
    secret: started.data.secret,
    factorId: started.data.factorId,
    recoveryCodes: confirmed.data.recoveryCodes,
  };
}

beforeAll(async () => {
  auth = await startTestAuth({ sbForwardedForEnabled: true });
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: auth.supabaseUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: auth.publishableKey,
    SUPABASE_SECRET_KEY: auth.secretKey,
  });
  delete process.env.TRUSTED_PROXY_HOPS;
  announcePeerAddressLayer();
});

afterAll(async () => {
  await deleteTenants(sql, tenants);
  await sql.end();
  await auth.close();
  process.env = savedEnv;
});

describe("two-factor sign-in", () => {
  it("enrolment gives aal2 and ten recovery codes stored only as hashes", async () => {
    const { email, sub } = await owner("Enrol");
    const { recoveryCodes } = await withTwoFactor(email);
    expect(recoveryCodes).toHaveLength(10);
    expect((await getClaims())?.aal).toBe("aal2");
    const stored = await sql<{ code_hash: string }[]>`
      select code_hash from private.mfa_recovery_codes where user_id = ${sub}`;
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    const overview = await readSecurityOverview((await getClaims())!);
    expect(overview).toMatchObject({ recovery_codes_left: 10 });
    expect(overview.factor_id).not.toBeNull();
  });

  it("after the password the session is not signed in anywhere until the code: aal2 is enforced", async () => {
    const { email, tenant } = await owner("Guard");
    const { secret } = await withTwoFactor(email);
    freshBrowser();
    expect(await signIn(email)).toEqual({ redirect: "/sign-in/verify?next=%2Fprofile" });
    expect(await getClaims()).toBeNull();
    expect((await getClaimsAwaitingSecondFactor())?.aal).toBe("aal1");
    const keyForm = form({ organization: tenant.slug, name: "Early", "permissions[]": "organizations:read" });
    expect(await run(createApiKeyAction(null, keyForm))).toMatchObject({
      ok: false,
      error: { code: "unauthenticated" },
    });

    const wrong = await run(security.verifySignInCodeAction(null, form({ code: "12345", next: "/profile" })));
    expect(wrong).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const bad = String((Number(codeFor(secret, 1)) + 500_000) % 1_000_000).padStart(6, "0");
    expect(
      await run(security.verifySignInCodeAction(null, form({ code: bad, next: "/profile" }))),
    ).toMatchObject({
      ok: false,
      error: { code: "unauthenticated", fields: { code: [expect.stringContaining("isn't right")] } },
    });
    expect(
      await run(security.verifySignInCodeAction(null, form({ code: codeFor(secret, 1), next: "/profile" }))),
    ).toEqual({ redirect: "/profile" });
    expect((await getClaims())?.aal).toBe("aal2");
    const created = await run(createApiKeyAction(null, keyForm));
    expect(created).toMatchObject({ ok: true });
  });

  it("a recovery code signs in once at aal2 and leaves the factor on; the same code is refused a second time", async () => {
    const { email, sub } = await owner("Recovery");
    const { recoveryCodes, factorId, secret } = await withTwoFactor(email);
    const [first, second, third] = recoveryCodes;
    // The factor's secret is kept encrypted, never in the clear.
    const [kept] = await sql<{ secret_encrypted: string }[]>`
      select secret_encrypted from private.mfa_factor_secrets where factor_id = ${factorId}`;
    expect(kept!.secret_encrypted).toMatch(/^v1:/);
    expect(kept!.secret_encrypted).not.toContain(secret);

    // Spent by one session, refused to the next, while the factor is still there.
    freshBrowser();
    await signIn(email);
    const pending = (await getClaimsAwaitingSecondFactor())!;
    await withUser(pending, (tx) => useRecoveryCode(tx, second!));
    await expect(withUser(pending, (tx) => useRecoveryCode(tx, second!))).rejects.toThrow(
      "That recovery code isn't valid or has already been used.",
    );
    expect(
      await run(security.recoveryCodeSignInAction(null, form({ code: second!, next: "/profile" }))),
    ).toMatchObject({ ok: false, error: { fields: { code: [expect.any(String)] } } });
    expect(
      await run(security.recoveryCodeSignInAction(null, form({ code: "zzzzz-zzzzz", next: "/profile" }))),
    ).toMatchObject({ ok: false, error: { fields: { code: [expect.any(String)] } } });
    expect(
      await run(
        security.recoveryCodeSignInAction(null, form({ code: first!.toUpperCase(), next: "/settings" })),
      ),
    ).toEqual({ redirect: "/settings?flash=recovery-code-signed-in" });
    const claims = await getClaims();
    expect(claims).toMatchObject({ sub, aal: "aal2" });
    expect(
      await sql`select 1 from auth.mfa_factors where user_id = ${sub} and status = 'verified'`,
    ).toHaveLength(1);
    expect(
      await sql`select 1 from private.mfa_recovery_codes where user_id = ${sub} and used_at is null`,
    ).toHaveLength(8);

    // A factor whose secret was not kept (enrolled before) is removed instead, as it always was.
    await sql`delete from private.mfa_factor_secrets where factor_id = ${factorId}`;
    freshBrowser();
    await signIn(email);
    expect(
      await run(security.recoveryCodeSignInAction(null, form({ code: third!, next: "/profile" }))),
    ).toEqual({ redirect: "/profile?flash=recovery-code-used" });
    expect(await sql`select 1 from auth.mfa_factors where user_id = ${sub}`).toHaveLength(0);
    expect(await sql`select 1 from private.mfa_recovery_codes where user_id = ${sub}`).toHaveLength(0);
    expect((await getClaims())?.sub).toBe(sub);
  });

  it("turning two-factor off needs the aal2 session, and drops the recovery codes", async () => {
    const { email, sub } = await owner("Off");
    const { factorId } = await withTwoFactor(email);
    const off = await security.disableTwoFactorAction(null, form({ factor_id: factorId }));
    expect(off).toMatchObject({ ok: true });
    expect(await sql`select 1 from private.mfa_recovery_codes where user_id = ${sub}`).toHaveLength(0);
    freshBrowser();
    expect(await signIn(email)).toEqual({ redirect: "/profile" });
  });
});

describe("password and sessions", () => {
  it("a password change asks for the current one and signs out the other devices", async () => {
    const { email, sub } = await owner("Password");
    const elsewhere = auth.anon();
    await elsewhere.auth.signInWithPassword({ email, password: PASSWORD });
    freshBrowser();
    await signIn(email);
    const wrong = await security.changePasswordAction(
      null,
      form({
        current_password: "not-it-at-all",
        password: "new-horse-battery-9",
        confirm_password: "new-horse-battery-9",
      }),
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: { fields: { current_password: ["That isn't your current password."] } },
    });
    const changed = await security.changePasswordAction(
      null,
      form({
        current_password: PASSWORD,
        password: "new-horse-battery-9",
        confirm_password: "new-horse-battery-9",
      }),
    );
    expect(changed).toMatchObject({ ok: true });
    const sessions = await sql`select 1 from auth.sessions where user_id = ${sub}`;
    expect(sessions).toHaveLength(1);
    expect((await getClaims())?.sub).toBe(sub);
    const audit = await sql`select 1 from auth.audit_log_entries
      where payload ->> 'actor_id' = ${sub} and payload ->> 'action' = 'user_updated_password'`;
    expect(audit).toHaveLength(1);
  });

  it("lists this user's sessions with the current one marked, and signs out the others", async () => {
    const { email, sub } = await owner("Sessions");
    await auth.anon().auth.signInWithPassword({ email, password: PASSWORD });
    freshBrowser("198.51.100.20");
    await signIn(email);
    const before = await readSecurityOverview((await getClaims())!);
    expect(before.sessions).toHaveLength(2);
    expect(before.sessions[0]).toMatchObject({
      is_current: true,
      user_agent: "TwoFactorTest/1.0",
      ip: "198.51.100.20",
    });
    expect(before.sessions[1]!.is_current).toBe(false);
    expect(await security.signOutOtherSessionsAction(null, form({}))).toMatchObject({ ok: true });
    const after = await readSecurityOverview((await getClaims())!);
    expect(after.sessions.map((s) => s.is_current)).toEqual([true]);
    expect(await sql`select 1 from auth.sessions where user_id = ${sub}`).toHaveLength(1);
  });
});
