import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as contacts from "@/app/api/v1/contacts/route";
import * as contact from "@/app/api/v1/contacts/[id]/route";
import * as me from "@/app/api/v1/me/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** What every /api/v1 route gets from the wrapper: pages, Idempotency-Key, rate limits, 405, one error shape. */

const errorShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe("API v1 conventions", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let key: string;
  let readOnly: string;
  let bKey: string;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = [await createTenant(sql, "Conv A"), await createTenant(sql, "Conv B")];
    const all = ["contacts:read", "contacts:create", "contacts:update", "contacts:delete"];
    key = await apiKeyFor(a.members.owner, a.id, all);
    readOnly = await apiKeyFor(a.members.owner, a.id, ["contacts:read"]);
    bKey = await apiKeyFor(b.members.owner, b.id, all);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("creates, reads, changes, lists and deletes a contact through the API", async () => {
    const created = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key,
      body: { first_name: "Ana", email: "Ana@Example.test", tags: ["vip"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ first_name: "Ana", email: "ana@example.test", source: "api" });
    const id = created.body.id as string;
    const read = await callApi(contact.GET, "GET", `/api/v1/contacts/${id}`, { key, params: { id } });
    expect(read.body).toEqual(created.body);
    const patched = await callApi(contact.PATCH, "PATCH", `/api/v1/contacts/${id}`, {
      key,
      params: { id },
      body: { last_name: "Silva" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ first_name: "Ana", last_name: "Silva", tags: ["vip"] });
    const listed = await callApi(contacts.GET, "GET", "/api/v1/contacts?tag=vip", { key });
    expect(listed.body).toMatchObject({ object: "list", has_more: false, data: [{ id }] });
    const deleted = await callApi(contact.DELETE, "DELETE", `/api/v1/contacts/${id}`, {
      key,
      params: { id },
    });
    expect(deleted.body).toEqual({ id, deleted: true });
    const gone = await callApi(contact.GET, "GET", `/api/v1/contacts/${id}`, { key, params: { id } });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(errorShape);
  });

  it("refuses a bad body with 400 and the fields, before any work", async () => {
    const res = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key, body: { tags: "nope" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.fields).toHaveProperty("tags");
  });

  it("answers 403 in the error shape to a key without the permission", async () => {
    const res = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key: readOnly,
      body: { first_name: "No" },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: { code: "forbidden", message: "This API key does not have the contacts:create permission." },
    });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });

  it("answers 404 for another organization's ids, whatever the method", async () => {
    const [theirs] = await sql<{ id: string }[]>`
      insert into contacts (organization_id, first_name) values (${b.id}, 'Theirs') returning id`;
    const id = theirs!.id;
    for (const [handler, method] of [
      [contact.GET, "GET"],
      [contact.PATCH, "PATCH"],
      [contact.DELETE, "DELETE"],
    ] as const) {
      const res = await callApi(handler, method, `/api/v1/contacts/${id}`, {
        key,
        params: { id },
        body: method === "PATCH" ? { first_name: "Mine" } : undefined,
      });
      expect(res.status, method).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const ok = await callApi(contact.GET, "GET", `/api/v1/contacts/${id}`, { key: bKey, params: { id } });
    expect(ok.body.first_name).toBe("Theirs");
    const malformed = await callApi(contact.GET, "GET", "/api/v1/contacts/42", { key, params: { id: "42" } });
    expect(malformed.status).toBe(404);
  });

  it("replays the first answer for a retried Idempotency-Key and does the work once", async () => {
    const headers = { "Idempotency-Key": `create-${Date.now()}` };
    const body = { first_name: "Once", email: `once-${Date.now()}@example.test` };
    const first = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key, body, headers });
    const again = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [count] =
      await sql`select count(*)::int as n from contacts where organization_id = ${a.id} and email = ${body.email}`;
    expect(count!.n).toBe(1);
    // The same key with another body is refused; in another organization it is another key.
    const other = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key,
      headers,
      body: { ...body, first_name: "Twice" },
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("unprocessable");
    const elsewhere = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key: bKey, body, headers });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);
  });

  it("keeps a refusal for a retried key too, but frees the key after a request it never ran", async () => {
    const headers = { "Idempotency-Key": `refused-${Date.now()}` };
    const refused = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key: readOnly,
      body: { first_name: "X" },
      headers,
    });
    expect(refused.status).toBe(403);
    const replay = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key: readOnly,
      body: { first_name: "X" },
      headers,
    });
    expect(replay.status).toBe(403);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    // A body that does not validate (here: in the handler, no name, email or phone) frees the key.
    const h2 = { "Idempotency-Key": `invalid-${Date.now()}` };
    expect(
      (await callApi(contacts.POST, "POST", "/api/v1/contacts", { key, body: {}, headers: h2 })).status,
    ).toBe(400);
    const fixed = await callApi(contacts.POST, "POST", "/api/v1/contacts", {
      key,
      body: { first_name: "Fixed" },
      headers: h2,
    });
    expect(fixed.status).toBe(201);
  });

  it("walks a list of 250 items exactly once, page by page", async () => {
    const c = await createTenant(sql, "Conv Pages");
    try {
      const pageKey = await apiKeyFor(c.members.owner, c.id, ["contacts:read"]);
      await sql`insert into contacts (organization_id, first_name, created_at)
                select ${c.id}, 'P' || i, now() - (i % 7) * interval '1 second' from generate_series(1, 250) i`;
      const expected = await sql<{ id: string }[]>`select id from contacts where organization_id = ${c.id}`;
      expect(expected.length).toBeGreaterThanOrEqual(250);
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const q = `limit=40${after ? `&starting_after=${after}` : ""}`;
        const page = await callApi(contacts.GET, "GET", `/api/v1/contacts?${q}`, { key: pageKey });
        expect(page.status).toBe(200);
        pages++;
        seen.push(...page.body.data.map((x: { id: string }) => x.id));
        if (!page.body.has_more) break;
        after = seen.at(-1);
      }
      expect(seen.length).toBe(expected.length);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(new Set(expected.map((r) => r.id)));
      expect(pages).toBe(Math.ceil(expected.length / 40));
      const bad = await callApi(contacts.GET, "GET", "/api/v1/contacts?limit=500", { key: pageKey });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toHaveProperty("limit");
    } finally {
      await deleteTenants(sql, [c]);
    }
  });

  it("counts requests per key with RateLimit headers and answers 429 past the limit", async () => {
    const previous = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const limited = await apiKeyFor(a.members.owner, a.id, ["contacts:read"]);
      // The window is the clock's minute: start well inside one, so all four fall in it.
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 5_000) await new Promise((r) => setTimeout(r, left + 100));
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof callApi>> | undefined;
      for (let i = 0; i < 4; i++) {
        last = await callApi(me.GET, "GET", "/api/v1/me", { key: limited });
        statuses.push(last.status);
        if (i === 0) {
          expect(last.headers.get("ratelimit-limit")).toBe("3");
          expect(last.headers.get("ratelimit-remaining")).toBe("2");
          expect(Number(last.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last!.body.error.code).toBe("rate_limited");
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(last!.headers.get("ratelimit-remaining")).toBe("0");
      // Another key of the same organization has its own count.
      const fresh = await apiKeyFor(a.members.owner, a.id, ["contacts:read"]);
      expect((await callApi(me.GET, "GET", "/api/v1/me", { key: fresh })).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = previous;
    }
  });

  it("answers a method a route does not serve with a JSON 405 and Allow", async () => {
    const res = await callApi(contacts.DELETE, "DELETE", "/api/v1/contacts", { key });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(res.body).toEqual({
      error: { code: "method_not_allowed", message: "DELETE is not allowed here. Use GET, POST." },
    });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });
});
