import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { UserClaims } from "@/lib/db/client";
import { createApiKey } from "@/lib/api-keys/keys";
import { startTestAuth, type TestAuth } from "@/tests/int/auth-server/support";
import { testSql } from "@/tests/support/db";
import {
  actionModules,
  hostileBodies,
  hostileForms,
  hostileHeaders,
  HOSTILE_PARAMS,
  HOSTILE_QUERIES,
  METHODS,
  oneHostileField,
  plausibleForm,
  randomBodies,
  randomForms,
  routeFiles,
  type BodyCase,
} from "@/tests/support/hostile-input";
import { startStripeTestServer, type StripeTestServer } from "@/tests/support/stripe-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// Route handlers and actions read the session: a signed-in owner's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
  revalidateTag: () => {},
}));
// Outside a Next request there are no cookies or headers: an empty jar and plain headers.
vi.mock("next/headers", () => {
  const jar = new Map<string, string>();
  const cookies = {
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  };
  return {
    cookies: async () => cookies,
    headers: async () => new Headers({ "user-agent": "fuzz", "x-forwarded-for": "203.0.113.9" }),
  };
});

/**
 * Malformed input gets a 4xx, never a 500 and never a hang: every route handler under app/ and
 * every server action under lib/ (found on disk) is called through its real interface with
 * malformed bodies, params, queries and headers (fixed cases of each kind the issue names, and
 * seeded random ones from fast-check), against the real database.
 */

const CALL_TIMEOUT_MS = 10_000;
type Failure = { where: string; case: string; outcome: string };

async function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Next's redirect(), notFound(), forbidden() … throw errors with a digest: not failures. */
const isNextControlFlow = (e: unknown) =>
  typeof e === "object" &&
  e !== null &&
  /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test(String((e as { digest?: unknown }).digest));

let sql: ReturnType<typeof testSql>;
let tenant: TestTenant;
let auth: TestAuth;
let stripe: StripeTestServer;
let real: Record<string, string>;
const failures: Failure[] = [];

beforeAll(async () => {
  sql = testSql(4);
  tenant = await createTenant(sql, "Fuzz");
  auth = await startTestAuth();
  stripe = await startStripeTestServer();
  // Every service an action may call is local: the auth server, Stripe's stand-in, and a closed
  // port for GoHighLevel (its calls fail fast, as when it is down).
  Object.assign(process.env, stripe.env, {
    NEXT_PUBLIC_SUPABASE_URL: auth.supabaseUrl,
    GHL_API_BASE: "http://127.0.0.1:9",
  });
  const [workflow] = await sql<{ id: string }[]>`
    insert into workflows (organization_id, name) values (${tenant.id}, 'Fuzzed') returning id`;
  const [bot] = await sql<{ id: string; public_key: string }[]>`
    insert into bots (organization_id, name, allowed_origins) values (${tenant.id}, 'Fuzzed', '{*}')
    returning id, public_key`;
  const { plantWebhookToken } = await import("@/tests/support/engine");
  const hookToken = await plantWebhookToken(sql, tenant.id, workflow!.id);
  const key = await createApiKey(tenant.members.owner, tenant.id, {
    name: "Fuzz",
    permissions: ["executions:read", "executions:create", "organizations:read"],
  });
  real = {
    slug: tenant.slug,
    id: workflow!.id,
    workflowId: workflow!.id,
    token: hookToken,
    botKey: bot!.public_key,
    botId: bot!.id,
    integrationId: randomUUID(),
    authorization: `Bearer ${key.secret}`,
  };
}, 60_000);

afterAll(async () => {
  await stripe?.close();
  await auth?.close();
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

function requestFor(
  pattern: string,
  params: Record<string, string>,
  method: string,
  body: BodyCase,
  query: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) {
  const url = pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    try {
      return encodeURIComponent(params[name]!);
    } catch {
      return "x"; // a lone surrogate cannot be in a URL; the handler still gets it as its param
    }
  });
  const init: ConstructorParameters<typeof NextRequest>[1] & { headers: Headers } = {
    method,
    headers: new Headers(headers),
    signal,
  };
  if (body.body !== undefined && !["GET", "HEAD"].includes(method)) {
    init.body = body.body;
    if (body.type) init.headers.set("content-type", body.type);
  }
  return new NextRequest(`http://localhost${url}${query}`, init);
}

describe("every route handler", () => {
  const routes = routeFiles();

  it("is found on disk", () => {
    expect(routes.map((r) => r.pattern)).toContain("/api/v1/executions/[id]");
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it("answers malformed bodies, params, queries and headers with less than 500, in time", async () => {
    const bodies = [...hostileBodies(), ...randomBodies(6)];
    const headerSets = hostileHeaders();
    let calls = 0;
    for (const route of routes) {
      const exported = (await import(route.file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = exported[method];
        if (typeof handler !== "function") continue;
        const realParams = Object.fromEntries(route.params.map((p) => [p, real[p] ?? randomUUID()]));
        const cases: [string, Record<string, string>, BodyCase, string, Record<string, string>][] = [];
        bodies.forEach((b, i) =>
          cases.push([
            b.label,
            realParams,
            b,
            HOSTILE_QUERIES[i % HOSTILE_QUERIES.length]!,
            headerSets[i % 3]!,
          ]),
        );
        for (const hostile of route.params.length ? HOSTILE_PARAMS : [])
          for (const p of route.params)
            cases.push([
              `param ${p}=${JSON.stringify(hostile.slice(0, 20))}`,
              { ...realParams, [p]: hostile },
              bodies[1]!,
              "",
              {},
            ]);
        for (const [label, params, body, query, headers] of cases) {
          signedIn.claims = calls % 5 === 4 ? null : tenant.members.owner;
          const withKey =
            route.pattern.startsWith("/api/v1") && !headers.authorization
              ? { ...headers, authorization: real.authorization! }
              : headers;
          const controller = new AbortController();
          const request = requestFor(route.pattern, params, method, body, query, withKey, controller.signal);
          calls++;
          try {
            const res = (await within(
              (handler as (r: NextRequest, c: unknown) => Promise<Response>)(request, {
                params: Promise.resolve(params),
              }),
            )) as Response;
            if (res.status >= 500)
              failures.push({
                where: `${method} ${route.pattern}`,
                case: label,
                outcome: `${res.status} ${(await res.text()).slice(0, 200)}`,
              });
            else await res.body?.cancel().catch(() => {});
          } catch (e) {
            if (!isNextControlFlow(e))
              failures.push({
                where: `${method} ${route.pattern}`,
                case: label,
                outcome: `threw ${String(e).slice(0, 200)}`,
              });
          } finally {
            controller.abort();
          }
        }
      }
    }
    console.log(`[fuzz] ${calls} route handler calls`);
    expect(failures.filter((f) => !f.where.startsWith("action"))).toEqual([]);
  }, 120_000);
});

describe("every server action", () => {
  const modules = actionModules();

  it("is found on disk", () => {
    expect(modules.some((m) => m.endsWith("lib/notifications/actions.ts"))).toBe(true);
  });

  it("answers malformed forms with a result that is not an internal error, in time", async () => {
    const base = plausibleForm({ organization: tenant.slug, workflow: real.id!, bot: real.botId! });
    let calls = 0;
    const found: Failure[] = [];
    const call = async (name: string, action: unknown, label: string, form: unknown) => {
      signedIn.claims = calls % 7 === 6 ? null : tenant.members.owner;
      calls++;
      try {
        return (await within((action as (s: null, f: unknown) => Promise<unknown>)(null, form))) as
          { ok: boolean; error?: { code: string; fields?: Record<string, string[]> } } | undefined;
      } catch (e) {
        if (!isNextControlFlow(e))
          found.push({ where: `action ${name}`, case: label, outcome: `threw ${String(e).slice(0, 200)}` });
        return undefined;
      }
    };
    for (const file of modules) {
      const exported = (await import(file)) as Record<string, unknown>;
      for (const [name, action] of Object.entries(exported)) {
        if (typeof action !== "function") continue;
        // The fields this action's schema requires, from its answer to a form with none of them.
        signedIn.claims = tenant.members.owner;
        const empty = new FormData();
        empty.set("organization", tenant.slug);
        const required = Object.keys((await call(name, action, "no fields", empty))?.error?.fields ?? {});
        const fields = [...new Set(["organization", ...required.filter((f) => f !== "_form")])];
        const forms = [
          ...hostileForms(tenant.slug),
          ...oneHostileField(base, fields),
          ...randomForms(4, base),
        ];
        for (const { label, form } of forms) {
          const result = await call(name, action, label, form);
          if (result && result.ok === false && result.error?.code === "internal")
            found.push({
              where: `action ${name}`,
              case: label,
              outcome: JSON.stringify(result).slice(0, 200),
            });
        }
      }
    }
    console.log(`[fuzz] ${calls} server action calls`);
    expect(found).toEqual([]);
  }, 180_000);
});
