import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unknownRoute from "@/app/api/v1/[[...path]]/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { GET as getOrganization } from "@/app/api/v1/organization/route";
import { createApiKey } from "@/lib/api-keys/keys";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** The REST API's key authentication, through the real route handlers and the real database. */

const noParams = { params: Promise.resolve({}) };

function call(handler: typeof getMe, path: string, authorization?: string) {
  const headers = new Headers(authorization ? { authorization } : {});
  return handler(new NextRequest(`http://localhost${path}`, { headers }), noParams);
}

describe("GET /api/v1/me and /api/v1/organization", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let fullKey: string;
  let narrowKey: string;

  beforeAll(async () => {
    sql = testSql();
    tenant = await createTenant(sql, "Api");
    fullKey = (
      await createApiKey(tenant.members.owner, tenant.id, {
        name: "Full",
        permissions: ["organizations:read", "members:read"],
      })
    ).secret;
    narrowKey = (
      await createApiKey(tenant.members.owner, tenant.id, { name: "Narrow", permissions: ["members:read"] })
    ).secret;
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  it("answers who is calling for a valid key", async () => {
    const res = await call(getMe, "/api/v1/me", `Bearer ${fullKey}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      key: {
        name: "Full",
        permissions: ["members:read", "organizations:read"],
        prefix: fullKey.slice(0, 13),
      },
      user: { id: tenant.members.owner.sub, email: tenant.members.owner.email },
      organization: { id: tenant.id },
    });
    const [key] = await sql`select last_used_at from api_keys where prefix = ${fullKey.slice(0, 13)}`;
    expect(key!.last_used_at).not.toBeNull();
  });

  it("returns the key's organization with its plan, limits and usage", async () => {
    const res = await call(getOrganization, "/api/v1/organization", `Bearer ${fullKey}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: tenant.id,
      slug: tenant.slug,
      plan: "free",
      limits: { users: 100 },
      usage: { executions_this_month: 0 },
    });
  });

  it("refuses a key without the permission with 403 and says which one", async () => {
    const res = await call(getOrganization, "/api/v1/organization", `Bearer ${narrowKey}`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: "forbidden", message: "This API key does not have the organizations:read permission." },
    });
  });

  it("answers 401 with a challenge for a missing, malformed or unknown key", async () => {
    for (const auth of [undefined, "Basic abc", "Bearer nope", `Bearer ${fullKey.slice(0, -4)}AAAA`]) {
      const res = await call(getMe, "/api/v1/me", auth);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
  });

  it("stops a revoked or expired key at once", async () => {
    const { secret } = await createApiKey(tenant.members.owner, tenant.id, {
      name: "Soon gone",
      permissions: ["members:read"],
    });
    expect((await call(getMe, "/api/v1/me", `Bearer ${secret}`)).status).toBe(200);
    await sql`update api_keys set expires_at = now() - interval '1 second' where prefix = ${secret.slice(0, 13)}`;
    const expired = await call(getMe, "/api/v1/me", `Bearer ${secret}`);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.message).toBe("This API key has expired.");
    await sql`update api_keys set expires_at = null, revoked_at = now() where prefix = ${secret.slice(0, 13)}`;
    const revoked = await call(getMe, "/api/v1/me", `Bearer ${secret}`);
    expect((await revoked.json()).error.message).toBe("This API key has been revoked.");
  });

  it("loses its organization's data when its creator leaves the organization", async () => {
    const { secret } = await createApiKey(tenant.members.administrator, tenant.id, {
      name: "Admin's key",
      permissions: ["organizations:read"],
    });
    expect((await call(getOrganization, "/api/v1/organization", `Bearer ${secret}`)).status).toBe(200);
    await sql`delete from organization_members where organization_id = ${tenant.id} and user_id = ${tenant.members.administrator.sub}`;
    expect((await call(getOrganization, "/api/v1/organization", `Bearer ${secret}`)).status).toBe(403);
  });

  it("answers every response, success or error, with a request id", async () => {
    const ids = new Set<string>();
    for (const [auth, status] of [
      [`Bearer ${fullKey}`, 200],
      [`Bearer ${narrowKey}`, 200],
      [undefined, 401],
    ] as const) {
      const res = await call(getMe, "/api/v1/me", auth);
      expect(res.status).toBe(status);
      ids.add(res.headers.get("request-id") ?? "");
    }
    const forbidden = await call(getOrganization, "/api/v1/organization", `Bearer ${narrowKey}`);
    expect(forbidden.status).toBe(403);
    ids.add(forbidden.headers.get("request-id") ?? "");
    expect(ids.size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f-]{36}$/);
  });

  it("answers an unknown path with the JSON 404 of every API error, whatever the method", async () => {
    const handlers = {
      GET: unknownRoute.GET,
      POST: unknownRoute.POST,
      PUT: unknownRoute.PUT,
      PATCH: unknownRoute.PATCH,
      DELETE: unknownRoute.DELETE,
    };
    for (const [method, handler] of Object.entries(handlers)) {
      const path = "/api/v1/no-such-thing/42";
      const res = handler(new NextRequest(`http://localhost${path}`, { method }));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.headers.get("request-id")).toMatch(/^req_/);
      expect(await res.json()).toEqual({
        error: { code: "not_found", message: `There is no API route ${method} ${path}.` },
      });
    }
    const head = unknownRoute.HEAD(new NextRequest("http://localhost/api/v1", { method: "HEAD" }));
    expect(head.status).toBe(404);
  });
});
