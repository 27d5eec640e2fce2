import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/action";
import { announcePeerAddressLayer, PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { PASSWORD, startTestAuth, uniqueEmail, type TestAuth } from "@/tests/int/auth-server/support";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The app's server actions against a real auth server, with the request scope Next would give
 * them (cookies and headers, here in memory): the visitor's address travels to the auth server
 * so per-IP limits count people, not the app; and the sensitive actions refuse a token whose
 * session has ended even though the token still verifies.
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
const { getClaims } = await import("@/lib/auth/session");
const { createApiKeyAction } = await import("@/lib/organizations/actions/api-keys");
const { deleteOrganizationAction } = await import("@/lib/organizations/actions/organizations");

const USER_AGENT = "OrgflowAppAuthTest/1.0";
const RATE_LIMITED = "Too many attempts. For your security, please wait a few minutes and try again.";

let auth: TestAuth;
const sql = testSql();
const tenants: TestTenant[] = [];
const savedEnv = { ...process.env };

/** The request comes from `ip` (as the server layer stamps it), plus whatever the client forged. */
function requestFrom(ip: string, forged: Record<string, string> = {}) {
  scope.cookies.clear();
  scope.headers = new Headers({ ...forged, [PEER_ADDRESS_HEADER]: ip, "user-agent": USER_AGENT });
}

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

/** Runs an action; a redirect (how sign-in and deletion end) comes back as "redirected". */
async function run<T>(action: Promise<ActionResult<T>>): Promise<ActionResult<T> | "redirected"> {
  try {
    return await action;
  } catch (e) {
    if (String((e as { digest?: unknown }).digest).startsWith("NEXT_REDIRECT")) return "redirected";
    throw e;
  }
}

const signIn = (email: string, password: string) => run(signInAction(null, form({ email, password })));

async function tenantWithPassword(label: string): Promise<TestTenant> {
  const tenant = await createTenant(sql, label);
  tenants.push(tenant);
  const { error } = await auth
    .admin()
    .auth.admin.updateUserById(tenant.members.owner.sub, { password: PASSWORD });
  if (error) throw error;
  return tenant;
}

beforeAll(async () => {
  auth = await startTestAuth({
    sbForwardedForEnabled: true,
    rateLimit: { signInPerIp: 3, signInPerEmail: 3 },
  });
  // The app's stack settings point at this auth server, with the secret key that may forward.
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

describe("sign-in limits count visitors, not the app", () => {
  it("one visitor's failures use up only their own budget; forged headers change nothing", async () => {
    for (let i = 0; i < 3; i++) {
      requestFrom("198.51.100.7", { "x-forwarded-for": `6.6.6.${i}`, "sb-forwarded-for": `7.7.7.${i}` });
      const result = await signIn(uniqueEmail(`guess-${i}`), "wrong-password-1");
      expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    }
    requestFrom("198.51.100.7", { "x-forwarded-for": "6.6.6.99" });
    expect(await signIn(uniqueEmail("guess-over"), "wrong-password-1")).toEqual({
      ok: false,
      error: { code: "rate_limited", message: RATE_LIMITED },
    });

    // Someone else, signing in through the same app at the same time, is not locked out.
    const tenant = await tenantWithPassword("Bystander");
    requestFrom("198.51.100.8");
    expect(await signIn(tenant.members.owner.email, PASSWORD)).toBe("redirected");
    const [session] = await sql<{ ip: string }[]>`
      select host(ip) as ip from auth.sessions where user_id = ${tenant.members.owner.sub}`;
    expect(session?.ip).toBe("198.51.100.8");
  });

  it("guesses at one account from many addresses lock that account, with a human message", async () => {
    const tenant = await tenantWithPassword("Targeted");
    const { email } = tenant.members.owner;
    for (let i = 0; i < 3; i++) {
      requestFrom(`203.0.113.${i + 1}`);
      expect(await signIn(email, `wrong-password-${i}`)).toMatchObject({ ok: false });
    }
    requestFrom("203.0.113.50");
    expect(await signIn(email, PASSWORD)).toEqual({
      ok: false,
      error: { code: "rate_limited", message: RATE_LIMITED },
    });
  });
});

describe("sensitive actions need a session that still exists", () => {
  it("refuse a token whose session was signed out everywhere, and work again after signing in", async () => {
    const tenant = await tenantWithPassword("Sensitive");
    const { owner } = tenant.members;
    const keyForm = form({ organization: tenant.slug, name: "CI", "permissions[]": "organizations:read" });
    const keysNamed = async (name: string) =>
      sql`select 1 from api_keys where organization_id = ${tenant.id} and name = ${name}`;

    requestFrom("192.0.2.44");
    expect(await signIn(owner.email, PASSWORD)).toBe("redirected");
    const created = await run(createApiKeyAction(null, keyForm));
    expect(created).toMatchObject({ ok: true, data: { name: "CI" } });
    // The audit log records who asked, from where: the visitor's address, not the app's.
    const [audit] = await sql<{ ip: string; user_agent: string }[]>`
      select host(ip) as ip, user_agent from audit_logs
      where organization_id = ${tenant.id} and resource_type = 'api_keys' and action = 'insert'
      order by created_at desc limit 1`;
    expect(audit).toEqual({ ip: "192.0.2.44", user_agent: USER_AGENT });

    // Signed out everywhere from another device: the app's cookie still holds a token that verifies.
    const elsewhere = auth.anon();
    expect(
      (await elsewhere.auth.signInWithPassword({ email: owner.email, password: PASSWORD })).error,
    ).toBeNull();
    expect((await elsewhere.auth.signOut({ scope: "global" })).error).toBeNull();
    expect((await getClaims())?.sub).toBe(owner.sub);

    const ended = {
      ok: false,
      error: { code: "unauthenticated", message: "Your session has ended. Please sign in again." },
    };
    expect(
      await run(
        createApiKeyAction(
          null,
          form({ organization: tenant.slug, name: "Stolen", "permissions[]": "organizations:read" }),
        ),
      ),
    ).toEqual(ended);
    expect(await keysNamed("Stolen")).toHaveLength(0);
    expect(
      await run(deleteOrganizationAction(null, form({ organization: tenant.slug, confirm: tenant.slug }))),
    ).toEqual(ended);
    expect(await sql`select 1 from organizations where id = ${tenant.id}`).toHaveLength(1);

    requestFrom("192.0.2.44");
    expect(await signIn(owner.email, PASSWORD)).toBe("redirected");
    expect(
      await run(deleteOrganizationAction(null, form({ organization: tenant.slug, confirm: tenant.slug }))),
    ).toBe("redirected");
    expect(await sql`select 1 from organizations where id = ${tenant.id}`).toHaveLength(0);
  });
});
