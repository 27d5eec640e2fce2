import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bot from "@/app/api/v1/bots/[id]/route";
import * as bots from "@/app/api/v1/bots/route";
import * as member from "@/app/api/v1/members/[id]/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

/** Bots (create, change, delete) and members (role, suspension, removal) through /api/v1 with keys. */

describe("API v1 bots and members", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let key: string;
  let readOnly: string;

  const membershipOf = async (t: TestTenant, userId: string) =>
    (
      await sql<{ id: string }[]>`
      select id from organization_members where organization_id = ${t.id} and user_id = ${userId}`
    )[0]!.id;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Bots A"), createTenant(sql, "Bots B")]);
    await sql`update organizations set max_bots = 1000 where id = ${a.id}`;
    key = await apiKeyFor(a.members.owner, a.id, [
      "bots:read",
      "bots:create",
      "bots:update",
      "bots:delete",
      "members:read",
      "members:update",
      "members:delete",
    ]);
    readOnly = await apiKeyFor(a.members.owner, a.id, ["bots:read", "members:read"]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("creates, reads, changes and deletes a bot", async () => {
    const created = await callApi(bots.POST, "POST", "/api/v1/bots", {
      key,
      body: { name: "API bot", allowed_origins: ["https://www.example.com"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "API bot", status: "active", organization_id: a.id });
    const id = created.body.id as string;
    const changed = await callApi(bot.PATCH, "PATCH", `/api/v1/bots/${id}`, {
      key,
      params: { id },
      body: { status: "paused", greeting: "Hello there" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "API bot", status: "paused", greeting: "Hello there" });
    const bad = await callApi(bot.PATCH, "PATCH", `/api/v1/bots/${id}`, {
      key,
      params: { id },
      body: { allowed_origins: ["not a website"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    const deleted = await callApi(bot.DELETE, "DELETE", `/api/v1/bots/${id}`, { key, params: { id } });
    expect(deleted.body).toEqual({ id, deleted: true });
    const gone = await callApi(bot.GET, "GET", `/api/v1/bots/${id}`, { key, params: { id } });
    expect(gone.status).toBe(404);
  });

  it("answers 403 in the error shape to a key without the permission, and writes nothing", async () => {
    const res = await callApi(bots.POST, "POST", "/api/v1/bots", { key: readOnly, body: { name: "Nope" } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/bots:create/) } });
    const id = await membershipOf(a, a.members.sales.sub);
    const role = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: readOnly,
      params: { id },
      body: { role: "viewer" },
    });
    expect(role.status).toBe(403);
    expect(role.body.error.code).toBe("forbidden");
    const [n] =
      await sql`select count(*)::int as n from bots where organization_id = ${a.id} and name = 'Nope'`;
    expect(n!.n).toBe(0);
  });

  it("answers 404 for another organization's bots and members, whatever the method", async () => {
    const theirBot = fixtureId(b, "bot");
    for (const [handler, method] of [
      [bot.GET, "GET"],
      [bot.PATCH, "PATCH"],
      [bot.DELETE, "DELETE"],
    ] as const) {
      const res = await callApi(handler, method, `/api/v1/bots/${theirBot}`, {
        key,
        params: { id: theirBot },
        body: method === "PATCH" ? { name: "Mine now" } : undefined,
      });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const theirMember = await membershipOf(b, b.members.sales.sub);
    const res = await callApi(member.PATCH, "PATCH", `/api/v1/members/${theirMember}`, {
      key,
      params: { id: theirMember },
      body: { role: "viewer" },
    });
    expect(res.status).toBe(404);
    const [row] = await sql`select name from bots where id = ${theirBot}`;
    expect(row!.name).toBe("Fixture bot");
  });

  it("replays the first answer for a retried Idempotency-Key and makes one bot", async () => {
    const headers = { "Idempotency-Key": `bot-${Date.now()}` };
    const body = { name: `Once ${Date.now()}` };
    const first = await callApi(bots.POST, "POST", "/api/v1/bots", { key, body, headers });
    const again = await callApi(bots.POST, "POST", "/api/v1/bots", { key, body, headers });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [n] =
      await sql`select count(*)::int as n from bots where organization_id = ${a.id} and name = ${body.name}`;
    expect(n!.n).toBe(1);
  });

  it("walks 250 bots exactly once, page by page", async () => {
    await sql`insert into bots (organization_id, name, created_at)
              select ${a.id}, 'Page ' || i, now() - (i % 5) * interval '1 second' from generate_series(1, 250) i`;
    const expected = await sql<{ id: string }[]>`select id from bots where organization_id = ${a.id}`;
    expect(expected.length).toBeGreaterThanOrEqual(250);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await callApi(
        bots.GET,
        "GET",
        `/api/v1/bots?limit=60${after ? `&starting_after=${after}` : ""}`,
        {
          key,
        },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((x: { id: string }) => x.id));
      if (!page.body.has_more) break;
      after = seen.at(-1);
    }
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((r) => r.id)));
  });

  it("changes a member's role, suspends and restores them, and removes another", async () => {
    const id = await membershipOf(a, a.members.sales.sub);
    // A key is never an owner: it gives or takes a role only when it holds the role's permissions.
    const narrow = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key,
      params: { id },
      body: { role: "viewer" },
    });
    expect(narrow.status).toBe(403);
    const [roles] = await sql<{ permissions: string[] }[]>`
      select array_agg(distinct resource || ':' || action) as permissions from role_permission_defaults
      where role in ('sales', 'viewer')`;
    const membersKey = await apiKeyFor(a.members.owner, a.id, [
      ...roles!.permissions,
      "members:update",
      "members:delete",
    ]);
    const role = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: membersKey,
      params: { id },
      body: { role: "viewer" },
    });
    expect(role.status).toBe(200);
    expect(role.body).toMatchObject({ id, role: "viewer", status: "active" });
    const suspended = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: membersKey,
      params: { id },
      body: { suspended: true },
    });
    expect(suspended.body).toMatchObject({ role: "viewer", status: "suspended" });
    const restored = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: membersKey,
      params: { id },
      body: { suspended: false, role: "sales" },
    });
    expect(restored.body).toMatchObject({ role: "sales", status: "active" });
    const owner = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: membersKey,
      params: { id },
      body: { role: "owner" },
    });
    expect(owner.status).toBe(400);
    const empty = await callApi(member.PATCH, "PATCH", `/api/v1/members/${id}`, {
      key: membersKey,
      params: { id },
      body: {},
    });
    expect(empty.status).toBe(400);
    const target = await membershipOf(a, a.target.sub);
    const removed = await callApi(member.DELETE, "DELETE", `/api/v1/members/${target}`, {
      key: membersKey,
      params: { id: target },
    });
    expect(removed.body).toEqual({ id: target, deleted: true });
    const [n] = await sql`select count(*)::int as n from organization_members where id = ${target}`;
    expect(n!.n).toBe(0);
  });
});
