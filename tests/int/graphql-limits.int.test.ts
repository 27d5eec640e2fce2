import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getIntrospectionQuery } from "graphql";
import { NextRequest } from "next/server";
import { POST } from "@/app/api/graphql/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** GraphQL's limits against an attacker holding a key: fragments, aliases, introspection, bad bodies. */

async function post(key: string, body: string) {
  const response = await POST(
    new NextRequest("http://localhost/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body,
    }),
  );
  return { status: response.status, body: await response.json() };
}
const gql = (key: string, query: string, variables?: unknown) =>
  post(key, JSON.stringify({ query, variables }));

describe("GraphQL limits under attack", () => {
  let sql: Sql;
  let a: TestTenant;
  let key: string;
  beforeAll(async () => {
    sql = testSql();
    a = await createTenant(sql, "Limits A");
    key = await apiKeyFor(a.members.owner, a.id, ["organizations:read", "contacts:read"]);
    await sql`insert into contacts (organization_id, first_name) values (${a.id}, 'Ada')`;
  });
  afterAll(async () => {
    await deleteTenants(sql, [a]);
    await sql.end();
  });

  it("caps a page and counts its rows when the connection's fields sit in a fragment", async () => {
    const spread = await gql(
      key,
      `{ allContacts(first: 100000) { ...F } } fragment F on ContactsConnection { nodes { id } }`,
    );
    expect(spread.status).toBe(400);
    expect(spread.body.error.message).toMatch(/first/);
    const inline = await gql(
      key,
      `{ allContacts(first: 100000) { ... on ContactsConnection { nodes { id } } } }`,
    );
    expect(inline.status).toBe(400);
    const wide = await gql(
      key,
      `{ allOrganizations(first: 100) { ...O } }
       fragment O on OrganizationsConnection { nodes { contactsByOrganizationId(first: 100) { ...C } } }
       fragment C on ContactsConnection { nodes { conversationsByContactId(first: 100) { ... on ConversationsConnection { nodes { id } } } } }`,
    );
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/cost/);
    const fine = await gql(
      key,
      `{ allContacts(first: 5) { ...F } } fragment F on ContactsConnection { nodes { firstName } }`,
    );
    expect(fine.status).toBe(200);
    expect(fine.body.data.allContacts.nodes).toContainEqual({ firstName: "Ada" });
  });

  it("answers graphql's own introspection query, and refuses aliases repeating the schema", async () => {
    const full = await gql(key, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(full.status).toBe(200);
    expect(full.body.data.__schema.queryType.name).toBe("Query");
    const copy = `__schema { types { fields { args { name } type { fields { args { name } type { name } } } } } }`;
    const many = Array.from({ length: 100 }, (_, i) => `a${i}: ${copy}`).join(" ");
    const started = Date.now();
    const res = await gql(key, `{ ${many} }`);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: "validation_failed",
      message: expect.stringMatching(/introspection/),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("answers malformed bodies with a 4xx in the API's error shape", async () => {
    const bodies = [
      "{",
      "[]",
      '[{"query":"{ __typename }"}]',
      "null",
      '{"query":1}',
      '{"query":"{ __typename }","variables":[1]}',
      '{"query":"query($a: Int) { allContacts(first: $a) { nodes { id } } }","variables":{"a":"x"}}',
      '{"query":"subscription { __typename }"}',
      `{"query":"{ __typename }","variables":${"[".repeat(5000)}${"]".repeat(5000)}}`,
    ];
    for (const body of bodies) {
      const res = await post(key, body);
      expect([400, 413, 422], body.slice(0, 60)).toContain(res.status);
      expect(typeof res.body.error.message).toBe("string");
    }
  });
});
