import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as organization from "@/app/api/v1/organization/route";
import * as statement from "@/app/api/v1/team_members/[id]/statement/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { resourceCases, type Action, type ResourceCase, type Write } from "@/tests/support/api-resources";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

/**
 * The five checks of every /api/v1 collection (issue 21's "done means"), one table
 * (tests/support/api-resources.ts) and the same checks for each row: CRUD through HTTP with a key;
 * a key without the permission gets 403 in the error shape and changes nothing; another
 * organization's ids are 404 whatever the method; a retried Idempotency-Key replays the first
 * answer and does the work once; a walk of 250 items sees each exactly once.
 */

const cases = resourceCases();
const named = (filter: (r: ResourceCase) => boolean = () => true) =>
  cases.filter(filter).map((r) => [r.name, r] as const);

const writesOf = (r: ResourceCase): (Write & { method: string; path?: string })[] => [
  ...(r.create ? [{ ...r.create, method: "POST" }] : []),
  ...(r.update ? [{ ...r.update, method: "PATCH" }] : []),
  ...(r.remove ? [{ ...r.remove, method: "DELETE" }] : []),
  ...(r.actions ?? []).map((a: Action) => ({ ...a, method: "POST" })),
];

describe("API v1 resources: five checks per collection", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let c: TestTenant;
  let full: string;
  let readOnly: string;
  let none: string;
  let walker: string;

  const reads = [...new Set(cases.flatMap((r) => [r.permission, ...(r.alsoGrant ?? [])]))];
  const writes = [...new Set(cases.flatMap((r) => writesOf(r).map((w) => w.permission)))];

  beforeAll(async () => {
    sql = testSql();
    const enterprise = { plan: "enterprise" } as const;
    [a, b, c] = await Promise.all([
      createTenant(sql, "Matrix A", enterprise),
      createTenant(sql, "Matrix B", enterprise),
      createTenant(sql, "Matrix C", enterprise),
    ]);
    // A key is never an owner: it gives a role (members, invitations) only when it holds the role's permissions.
    const [roles] = await sql<{ permissions: string[] }[]>`
      select array_agg(distinct resource || ':' || action) as permissions from role_permission_defaults
      where role in ('sales', 'viewer')`;
    full = await apiKeyFor(a.members.owner, a.id, [...new Set([...reads, ...writes, ...roles!.permissions])]);
    readOnly = await apiKeyFor(a.members.owner, a.id, reads);
    none = await apiKeyFor(a.members.owner, a.id, ["api_keys:read"]);
    walker = await apiKeyFor(c.members.owner, c.id, reads);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b, c]);
    await sql.end();
  });

  const base = (r: ResourceCase) => `/api/v1/${r.name}`;
  /** `/api/v1/<name>/<id>`, and `/<path>` for an action. */
  const itemPath = (r: ResourceCase, id: string, w: object) => {
    const sub = "path" in w && typeof w.path === "string" ? `/${w.path}` : "";
    return `${base(r)}/${id}${sub}`;
  };
  const count = async (r: ResourceCase, t: TestTenant) => {
    const [row] = await sql.unsafe(
      `select count(*)::int as n from public.${r.table} where organization_id = $1 and ${r.where?.(t) ?? "true"}`,
      [t.id],
    );
    return row!.n as number;
  };
  const listIds = async (r: ResourceCase, key: string) => {
    const res = await callApi(r.list, "GET", `${base(r)}?limit=100`, { key });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data.map((x: { id: string | number }) => String(x.id)) as string[];
  };

  it.each(named())("%s: CRUD through HTTP with a key", async (_, r) => {
    let id: string;
    if (r.create) {
      const created = await callApi(r.create.handler, "POST", base(r), {
        key: full,
        body: r.create.body?.(a),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(r.create.status ?? 201);
      expect(created.body).toMatchObject(r.create.expect ?? {});
      id = created.body.id as string;
      if (r.get) {
        const read = await callApi(r.get, "GET", itemPath(r, id, {}), { key: full, params: { id } });
        expect(read.body).toEqual(created.body);
      }
    } else {
      id = await r.fixture(sql, a);
      if (r.get) {
        const read = await callApi(r.get, "GET", itemPath(r, id, {}), { key: full, params: { id } });
        expect(read.status, JSON.stringify(read.body)).toBe(200);
        expect(String(read.body.id ?? read.body.session?.id)).toBe(id);
      }
    }
    expect(await listIds(r, full)).toContain(id);
    for (const w of [...(r.update ? [{ ...r.update, method: "PATCH" }] : []), ...(r.actions ?? [])]) {
      const method = "method" in w ? w.method : "POST";
      const res = await callApi(w.handler, method, itemPath(r, id, w), {
        key: full,
        params: { id },
        body: w.body?.(a),
      });
      expect(res.status, `${method} ${itemPath(r, id, w)}: ${JSON.stringify(res.body)}`).toBe(
        w.status ?? 200,
      );
      if (res.status < 300) expect(res.body).toMatchObject(w.expect ?? {});
    }
    if (r.remove) {
      const res = await callApi(r.remove.handler, "DELETE", itemPath(r, id, {}), {
        key: full,
        params: { id },
      });
      expect(res.body).toEqual({ id, deleted: true });
      expect(await listIds(r, full)).not.toContain(id);
      if (r.get) {
        const gone = await callApi(r.get, "GET", itemPath(r, id, {}), { key: full, params: { id } });
        expect(gone.status).toBe(404);
      }
    }
  });

  it.each(named())("%s: 403 in the error shape without the permission, nothing written", async (_, r) => {
    const refused = await callApi(r.list, "GET", base(r), { key: none });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: { code: "forbidden", message: `This API key does not have the ${r.permission} permission.` },
    });
    const ids = [];
    for (const w of writesOf(r)) ids.push(w.method === "POST" && !w.path ? "" : await r.fixture(sql, a));
    const before = await count(r, a);
    for (const [i, w] of writesOf(r).entries()) {
      // A key that reads the resource but may not write it (or, when the write only needs the read, none).
      const key = reads.includes(w.permission) ? none : readOnly;
      const id = ids[i]!;
      const res = await callApi(w.handler, w.method, id ? itemPath(r, id, w) : base(r), {
        key,
        params: id ? { id } : {},
        body: w.body?.(a),
      });
      expect(res.status, `${w.method} ${w.path ?? ""}`).toBe(403);
      expect(res.body.error).toEqual({
        code: "forbidden",
        message: `This API key does not have the ${w.permission} permission.`,
      });
    }
    expect(await count(r, a)).toBe(before);
  });

  it.each(named())("%s: another organization's ids are 404, whatever the method", async (_, r) => {
    const theirs = await r.fixture(sql, b);
    expect(await listIds(r, full)).not.toContain(theirs);
    // Every method that names an item (a create names none).
    const onItem = writesOf(r).filter((w) => w.method !== "POST" || w.path);
    for (const w of [...(r.get ? [{ handler: r.get, method: "GET" }] : []), ...onItem]) {
      const res = await callApi(w.handler, w.method, itemPath(r, theirs, w), {
        key: full,
        params: { id: theirs },
        body: "body" in w ? w.body?.(a) : undefined,
      });
      expect(res.status, `${w.method} ${itemPath(r, theirs, w)}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const [still] = await sql.unsafe(`select count(*)::int as n from public.${r.table} where id::text = $1`, [
      theirs,
    ]);
    expect(still!.n).toBe(1);
  });

  it.each(named((r) => Boolean(r.create ?? r.actions?.length)))(
    "%s: a retried Idempotency-Key replays the first answer, the work done once",
    async (_, r) => {
      const before = await count(r, a);
      const post = r.create ?? r.actions![0]!;
      const id = r.create ? "" : await r.fixture(sql, a);
      const path = r.create ? base(r) : itemPath(r, id, post);
      const call = {
        key: full,
        params: id ? { id } : ({} as Record<string, string>),
        body: post.body?.(a) ?? {},
        headers: { "Idempotency-Key": `matrix-${r.name}-${Date.now()}` },
      };
      const first = await callApi(post.handler, "POST", path, call);
      const again = await callApi(post.handler, "POST", path, call);
      expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      if (r.create) expect(await count(r, a)).toBe(before + 1);
    },
  );

  it.each(named())("%s: a walk of 250 items sees each exactly once", async (_, r) => {
    await r.seed(sql, c, 250);
    const expected = await sql.unsafe(
      `select id::text as id from public.${r.table} where organization_id = $1 and ${r.where?.(c) ?? "true"}`,
      [c.id],
    );
    expect(expected.length).toBeGreaterThanOrEqual(250);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const query = [`limit=100`, r.walkQuery, after && `starting_after=${after}`].filter(Boolean).join("&");
      const page = await callApi(r.list, "GET", `${base(r)}?${query}`, { key: walker });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.data.map((x: { id: string | number }) => String(x.id)));
      if (!page.body.has_more) break;
      after = seen.at(-1);
    }
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((row) => String(row.id))));
  });

  it("a rep's statement: read with the lines of the months asked, 404 for another organization's rep, 403", async () => {
    const path = (id: string) => `/api/v1/team_members/${id}/statement?from=2020-01&to=2020-01`;
    const ours = fixtureId(a, "commission_rep");
    const read = await callApi(statement.GET, "GET", path(ours), { key: full, params: { id: ours } });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.teamMember).toMatchObject({ id: ours, full_name: "Fixture Rep" });
    expect(read.body.lines.map((l: { id: string }) => l.id)).toContain(
      fixtureId(a, "commission_calculation"),
    );
    const theirs = fixtureId(b, "commission_rep");
    const other = await callApi(statement.GET, "GET", path(theirs), { key: full, params: { id: theirs } });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe("not_found");
    const refused = await callApi(statement.GET, "GET", path(ours), { key: none, params: { id: ours } });
    expect(refused.body.error).toEqual({
      code: "forbidden",
      message: "This API key does not have the commissions:read permission.",
    });
  });

  it("the organization: read and renamed with a key, 403 without organizations:update", async () => {
    const key = await apiKeyFor(a.members.owner, a.id, ["organizations:read", "organizations:update"]);
    const refused = await callApi(organization.PATCH, "PATCH", "/api/v1/organization", {
      key: readOnly,
      body: { name: "Not allowed" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      "This API key does not have the organizations:update permission.",
    );
    const renamed = await callApi(organization.PATCH, "PATCH", "/api/v1/organization", {
      key,
      body: { name: "Matrix renamed" },
    });
    expect(renamed.body).toMatchObject({ id: a.id, name: "Matrix renamed" });
    const read = await callApi(organization.GET, "GET", "/api/v1/organization", { key });
    expect(read.body).toMatchObject({ id: a.id, name: "Matrix renamed" });
  });
});
