import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as contacts from "@/app/api/v1/contacts/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: an Idempotency-Key's first answer was kept per organization and replayed to any key of
 * it that sent the same method, path and body, before that key's permission was looked at. A key
 * that may only read contacts could send a key another integration used and be
 * handed that integration's answer, e.g. the contact it created. A replay now goes only to the key
 * that made the first request; another key gets the 422 of a key used for another request.
 */

describe("API v1: an Idempotency-Key's answer belongs to its API key", () => {
  let sql: Sql;
  let a: TestTenant;
  let writer: string;
  let readerKey: string;

  beforeAll(async () => {
    sql = testSql();
    a = await createTenant(sql, "Idem scope");
    writer = await apiKeyFor(a.members.owner, a.id, ["contacts:read", "contacts:create"]);
    readerKey = await apiKeyFor(a.members.administrator, a.id, ["contacts:read"]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a]);
    await sql.end();
  });

  it("does not replay another key's answer, and still replays the key's own", async () => {
    const headers = { "Idempotency-Key": `shared-${Date.now()}` };
    const body = { first_name: "Secret", email: "secret.lead@example.test" };
    const first = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key: writer, body, headers });
    expect(first.status).toBe(201);

    const other = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key: readerKey, body, headers });
    expect(other.status).toBe(422);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();
    expect(JSON.stringify(other.body)).not.toContain(first.body.id as string);

    const again = await callApi(contacts.POST, "POST", "/api/v1/contacts", { key: writer, body, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
  });
});
