import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { POST, GET } from "@/app/api/graphql/route";
import type { Sql } from "@/lib/db/client";
import { MAX_DEPTH } from "@/lib/api/graphql/limits";
import { apiKeyFor } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { addMember, createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** GraphQL at /api/graphql (PostGraphile over the `api` views), through the route with API keys. */

async function gql(key: string | null, query: string, variables?: Record<string, unknown>) {
  const headers = new Headers({ "content-type": "application/json" });
  if (key) headers.set("authorization", `Bearer ${key}`);
  const response = await POST(
    new NextRequest("http://localhost/api/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    }),
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("GraphQL", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let key: string;
  let readOnlyKey: string;
  let bContactId: string;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Graph A"), createTenant(sql, "Graph B")]);
    // A's owner belongs to B too: the key of A must still see nothing of B.
    await addMember(sql, b.id, a.members.owner.sub, "owner");
    key = await apiKeyFor(a.members.owner, a.id, [
      "organizations:read",
      "contacts:read",
      "contacts:create",
      "contacts:update",
      "contacts:delete",
    ]);
    readOnlyKey = await apiKeyFor(a.members.owner, a.id, ["contacts:read"]);
    const [contact] = await sql<{ id: string }[]>`
      insert into contacts (organization_id, first_name, email) values (${b.id}, 'Bea', 'bea@b.example') returning id`;
    bContactId = contact!.id;
    await sql`insert into contacts (organization_id, first_name, email) values (${a.id}, 'Ada', 'ada@a.example')`;
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("answers a query through a key, as the key's creator under RLS", async () => {
    const res = await gql(
      key,
      `{ allContacts(orderBy: EMAIL_ASC) { totalCount nodes { firstName email organizationId } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.allContacts.nodes as { organizationId: string; email: string }[];
    expect(nodes.map((n) => n.email)).toContain("ada@a.example");
    expect(nodes.every((n) => n.organizationId === a.id)).toBe(true);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(res.headers.get("ratelimit-limit")).toBeTruthy();
  });

  it("creates, changes and deletes a contact with mutations, and the audit log names the key", async () => {
    const created = await gql(
      key,
      `mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id firstName source } } }`,
      { input: { contact: { organizationId: a.id, firstName: "Graph", email: "graph@a.example" } } },
    );
    expect(created.body.errors).toBeUndefined();
    const contact = created.body.data.createContact.contact;
    expect(contact).toMatchObject({ firstName: "Graph", source: "api" });
    const [audit] = await sql`
      select actor_id, actor_api_key_id from audit_logs
      where organization_id = ${a.id} and resource_type = 'contacts' and resource_id = ${contact.id} and action = 'insert'`;
    expect(audit?.actor_id).toBe(a.members.owner.sub);
    expect(audit?.actor_api_key_id).toBeTruthy();

    const updated = await gql(
      key,
      `mutation($id: UUID!) { updateContactById(input: { id: $id, contactPatch: { lastName: "Ql" } }) { contact { lastName } } }`,
      { id: contact.id },
    );
    expect(updated.body.data.updateContactById.contact).toEqual({ lastName: "Ql" });
    const deleted = await gql(
      key,
      `mutation($id: UUID!) { deleteContactById(input: { id: $id }) { deletedContactId } }`,
      {
        id: contact.id,
      },
    );
    expect(deleted.body.errors).toBeUndefined();
    const [left] = await sql`select count(*)::int as n from contacts where id = ${contact.id}`;
    expect(left!.n).toBe(0);
  });

  it("refuses a mutation the key may not do: 403 in the error shape, nothing written", async () => {
    const res = await gql(
      readOnlyKey,
      `mutation { createContact(input: { contact: { organizationId: "${a.id}", firstName: "No" } }) { contact { id } } }`,
    );
    // A statement that fails rolls the whole request back (one transaction), answered as REST would.
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: "forbidden", message: expect.any(String) });
    expect(res.body.errors[0].extensions.code).toBe("forbidden");
    const [n] =
      await sql`select count(*)::int as n from contacts where organization_id = ${a.id} and first_name = 'No'`;
    expect(n!.n).toBe(0);
  });

  it("shows nothing of another organization, even one the key's creator belongs to", async () => {
    const byId = await gql(key, `query($id: UUID!) { contactById(id: $id) { id } }`, { id: bContactId });
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data.contactById).toBeNull();
    const orgs = await gql(
      key,
      `{ allOrganizations { nodes { id } } allContacts(condition: { organizationId: "${b.id}" }) { totalCount } }`,
    );
    expect(orgs.body.data.allOrganizations.nodes).toEqual([{ id: a.id }]);
    expect(orgs.body.data.allContacts.totalCount).toBe(0);
    const intoB = await gql(
      key,
      `mutation { createContact(input: { contact: { organizationId: "${b.id}", firstName: "Sneak" } }) { contact { id } } }`,
    );
    expect(intoB.body.errors?.length).toBeGreaterThan(0);
    const [n] =
      await sql`select count(*)::int as n from contacts where organization_id = ${b.id} and first_name = 'Sneak'`;
    expect(n!.n).toBe(0);
  });

  it("refuses an over-deep query with a 400 in the API's error shape, before any database work", async () => {
    let selection = "id";
    for (let i = 0; i < MAX_DEPTH; i++)
      selection = `organizationByOrganizationId { contactsByOrganizationId { nodes { ${selection} } } }`;
    const res = await gql(key, `{ allContacts { nodes { ${selection} } } }`);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: "validation_failed",
      message: expect.stringMatching(/nested too deeply/),
    });
    expect(res.body.errors[0].extensions.code).toBe("validation_failed");
  });

  it("refuses a query that could return too much, and a page over the maximum", async () => {
    const wide = await gql(
      key,
      `{ allOrganizations(first: 100) { nodes { contactsByOrganizationId(first: 100) { nodes { conversationsByContactId(first: 100) { nodes { id } } } } } } }`,
    );
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/cost/);
    const big = await gql(key, `{ allContacts(first: 5000) { nodes { id } } }`);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/first/);
  });

  it("answers introspection for a key, showing only the api views", async () => {
    const res = await gql(
      readOnlyKey,
      `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`,
    );
    expect(res.status).toBe(200);
    const queries = (res.body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name);
    expect(queries).toEqual(
      expect.arrayContaining(["allContacts", "allWorkflows", "allExecutions", "contactById"]),
    );
    expect(queries.some((q) => /apiKey|auditLog|Invitation|RolePermission/i.test(q))).toBe(false);
    const mutations = (res.body.data.__schema.mutationType.fields as { name: string }[]).map((f) => f.name);
    expect(mutations).toEqual(
      expect.arrayContaining(["createContact", "updateContactById", "deleteContactById"]),
    );
    expect(mutations.some((m) => /workflow|organization/i.test(m))).toBe(false);
  });

  it("refuses requests without a valid key or session, bad bodies and other methods", async () => {
    const bad = await gql("of_0000000000_" + "x".repeat(43), "{ allContacts { totalCount } }");
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe("unauthenticated");
    const broken = await gql(key, "{ allContacts { ");
    expect(broken.status).toBe(400);
    const unknown = await gql(key, "{ allApiKeys { totalCount } }");
    expect(unknown.status).toBe(400);
    const get = await GET(new NextRequest("http://localhost/api/graphql"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("introspects one schema for every key; a key without a read permission sees the type but none of its rows", async () => {
    const narrow = await apiKeyFor(a.members.owner, a.id, ["organizations:read"]);
    const types = async (k: string) =>
      ((await gql(k, "{ __schema { types { name } } }")).body.data.__schema.types as { name: string }[]).map(
        (t) => t.name,
      );
    const [full, few] = await Promise.all([types(key), types(narrow)]);
    // The schema is the public one (the shape of what the REST document already publishes, no data).
    expect(few).toEqual(full);
    expect(few).toContain("Contact");
    const res = await gql(
      narrow,
      "{ allContacts { totalCount nodes { id } } allOrganizations { totalCount } }",
    );
    expect(res.status).toBe(200);
    expect(res.body.data.allContacts).toEqual({ totalCount: 0, nodes: [] });
    expect(res.body.data.allOrganizations.totalCount).toBe(1);
    const write = await gql(
      narrow,
      `mutation { createContact(input: { contact: { firstName: "No" } }) { contact { id } } }`,
    );
    expect(write.status).toBe(403);
    const [n] =
      await sql`select count(*)::int as n from contacts where organization_id = ${a.id} and first_name = 'No'`;
    expect(n!.n).toBe(0);
  });
});
