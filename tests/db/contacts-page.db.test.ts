import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { createContact, deleteContact, mergeContacts, updateContact } from "@/lib/contacts/contacts";
import { contactActivity, duplicateCandidates, getContact, listContacts } from "@/lib/contacts/queries";
import { contactFieldsSchema } from "@/lib/contacts/schemas";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, ROLES, type TestTenant } from "@/tests/support/tenants";

/**
 * The contacts page's reads and writes as each role, across organizations, and merging: the
 * duplicates' conversations, sales and runs end up on the primary, in one transaction.
 */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;

const fields = (over: Record<string, unknown> = {}) =>
  contactFieldsSchema.parse({
    first_name: "Casey",
    email: `c-${randomUUID().slice(0, 8)}@example.test`,
    ...over,
  });

async function makeContact(t: TestTenant, over: Record<string, unknown> = {}) {
  return withUser(t.members.owner, (tx) => createContact(tx, t.id, fields(over)), sql);
}

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Contacts page A");
  b = await createTenant(sql, "Contacts page B");
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
});

describe("contacts as each role (the permission matrix)", () => {
  const canCreate = { owner: true, administrator: true, sales: true, bot_trainer: false, viewer: false };
  const canUpdate = canCreate;
  const canDelete = { owner: true, administrator: true, sales: false, bot_trainer: false, viewer: false };

  it.each(ROLES)("%s reads, and creates, edits and deletes only as the matrix says", async (role) => {
    const member = a.members[role];
    const existing = await makeContact(a, { first_name: `Read ${role}` });
    const seen = await withUser(member, (tx) => getContact(tx, a.id, existing), sql);
    expect(seen?.first_name).toBe(`Read ${role}`);

    const created = withUser(member, (tx) => createContact(tx, a.id, fields()), sql);
    if (canCreate[role]) await expect(created).resolves.toMatch(/^[0-9a-f-]{36}$/);
    else await expect(created).rejects.toMatchObject({ code: "42501" });

    const edited = withUser(
      member,
      (tx) => updateContact(tx, a.id, existing, fields({ last_name: "Edited" })),
      sql,
    );
    if (canUpdate[role]) await expect(edited).resolves.toBeUndefined();
    else await expect(edited).rejects.toMatchObject({ code: "not_found" });

    const deleted = withUser(member, (tx) => deleteContact(tx, a.id, existing), sql);
    if (canDelete[role]) await expect(deleted).resolves.toBeUndefined();
    else await expect(deleted).rejects.toMatchObject({ code: "not_found" });
    const [left] = await sql<
      { last_name: string | null }[]
    >`select last_name from contacts where id = ${existing}`;
    const outcome = left ? (left.last_name ?? "unchanged") : "gone";
    expect(outcome).toBe(canDelete[role] ? "gone" : canUpdate[role] ? "Edited" : "unchanged");
  });

  it("refuses a second contact with the same email, saying so on the email field", async () => {
    const email = `dup-${randomUUID().slice(0, 8)}@example.test`;
    await makeContact(a, { email });
    await expect(makeContact(a, { email: email.toUpperCase() })).rejects.toMatchObject({
      code: "conflict",
      fields: { email: ["Another contact already has this email."] },
    });
  });
});

describe("organizations stay apart", () => {
  it("a member of another organization can neither see nor change a contact", async () => {
    const id = await makeContact(a, { first_name: "Private" });
    const outsider = b.members.owner;
    await expect(withUser(outsider, (tx) => getContact(tx, a.id, id), sql)).resolves.toBeNull();
    const list = await withUser(outsider, (tx) => listContacts(tx, a.id, { limit: 50, offset: 0 }), sql);
    expect(list).toEqual({ rows: [], total: 0 });
    // The search's index lookup (security definer) answers nothing outside the caller's organizations.
    const searched = await withUser(
      outsider,
      (tx) => tx`select private.contact_search_ids(${a.id}, ${"%private%"}) as id`,
      sql,
    );
    expect(searched).toEqual([]);
    const searchedInA = await withUser(
      a.members.viewer,
      (tx) => tx<{ id: string }[]>`select private.contact_search_ids(${a.id}, ${"%private%"}) as id`,
      sql,
    );
    expect(searchedInA.map((r) => r.id)).toContain(id);
    await expect(
      withUser(outsider, (tx) => updateContact(tx, a.id, id, fields()), sql),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(withUser(outsider, (tx) => deleteContact(tx, a.id, id), sql)).rejects.toMatchObject({
      code: "not_found",
    });
    // Creating in A while being B's owner is refused by RLS.
    await expect(withUser(outsider, (tx) => createContact(tx, a.id, fields()), sql)).rejects.toMatchObject({
      code: "42501",
    });
    // Merging A's contacts from B, or B's contact into A's: refused, nothing moves.
    const other = await makeContact(a);
    await expect(
      withUser(outsider, (tx) => mergeContacts(tx, a.id, { primaryId: id, duplicateIds: [other] }), sql),
    ).rejects.toMatchObject({ code: "OFNFD" });
    const inB = await makeContact(b);
    await expect(
      withUser(a.members.owner, (tx) => mergeContacts(tx, a.id, { primaryId: id, duplicateIds: [inB] }), sql),
    ).rejects.toMatchObject({ code: "OFNFD" });
    const [still] = await sql`select count(*)::int as n from contacts where id in (${id}, ${other}, ${inB})`;
    expect(still?.n).toBe(3);
  });
});

describe("search and filters", () => {
  it("finds by any part of name, email, phone or company; by tag, source and day", async () => {
    const mark = randomUUID().slice(0, 6);
    const hit = await makeContact(a, {
      first_name: `Zed${mark}`,
      company_name: "Roof_Co 100%",
      phone: "+1 555 0199",
      tags: `vip-${mark}, roof`,
    });
    await makeContact(a, { first_name: `Other${mark}` });
    const list = (f: Parameters<typeof listContacts>[2]) =>
      withUser(a.members.viewer, (tx) => listContacts(tx, a.id, f), sql);
    const ids = async (f: Omit<Parameters<typeof listContacts>[2], "limit" | "offset">) =>
      (await list({ ...f, limit: 50, offset: 0 })).rows.map((r) => r.id);
    expect(await ids({ query: `zed${mark}` })).toEqual([hit]);
    expect(await ids({ query: "roof_co 100%" })).toEqual([hit]);
    // `_` and `%` are literal: "Roof_Co" is not matched by "roofXco".
    expect(await ids({ query: "roofxco" })).toEqual([]);
    expect(await ids({ tag: `vip-${mark}` })).toEqual([hit]);
    expect(await ids({ query: mark, source: "csv" })).toEqual([]);
    expect((await ids({ query: mark, source: "manual" })).length).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await ids({ query: mark, from: today, to: today })).length).toBe(2);
    expect(await ids({ query: mark, to: "2000-01-01" })).toEqual([]);
    const paged = await list({ query: mark, limit: 1, offset: 1 });
    expect(paged.total).toBe(2);
    expect(paged.rows).toHaveLength(1);
  });
});

describe("possible duplicates", () => {
  it("are the contacts with the same phone digits, full name or email name", async () => {
    const mark = randomUUID().slice(0, 6);
    const digits = String(Date.now()).slice(-9);
    const me = await makeContact(a, {
      first_name: `Dee${mark}`,
      last_name: "Ng",
      phone: `+1 ${digits}`,
      email: `dee${mark}@a.test`,
    });
    const samePhone = await makeContact(a, {
      first_name: "X",
      email: null,
      phone: `(1) ${digits.slice(0, 3)}-${digits.slice(3)}`,
    });
    const sameName = await makeContact(a, { first_name: `dee${mark}`, last_name: "NG", email: null });
    const sameEmailName = await makeContact(a, { first_name: "Y", email: `dee${mark}@b.test` });
    await makeContact(a, { first_name: `Dee${mark}`, email: null }); // a first name alone is not enough
    await makeContact(b, { first_name: `Dee${mark}`, last_name: "Ng", email: null }); // another organization
    const contact = await withUser(a.members.owner, (tx) => getContact(tx, a.id, me), sql);
    const found = await withUser(a.members.owner, (tx) => duplicateCandidates(tx, a.id, contact!), sql);
    expect(found.map((c) => c.id).sort()).toEqual([samePhone, sameName, sameEmailName].sort());
  });
});

describe("merging duplicates", () => {
  it("moves conversations, sales and runs to the primary and fills its gaps, in one transaction", async () => {
    const mark = randomUUID().slice(0, 6);
    const primary = await makeContact(a, { first_name: "Ana", email: null, phone: null, tags: "web" });
    const dupEmail = `ana-${mark}@example.test`;
    const dup = await makeContact(a, {
      first_name: "Ana S.",
      last_name: "Silva",
      email: dupEmail,
      phone: "+1 555 0101",
      tags: "vip",
    });
    const dup2 = await makeContact(a, { first_name: "A", email: `other-${mark}@example.test` });
    const [session] = await sql<{ id: string }[]>`
      insert into conversation_sessions (organization_id, bot_id, contact_id, visitor_token_hash)
      values (${a.id}, ${fixtureId(a, "bot")}, ${dup}, ${"0".repeat(64)}) returning id`;
    const [sale] = await sql<{ id: string }[]>`
      insert into sales_transactions (organization_id, source, external_id, contact_id, amount_minor, currency, paid_at)
      values (${a.id}, 'manual', ${`merge-${mark}`}, ${dup2}, 5000, 'USD', now()) returning id`;
    const [run] = await sql<{ id: string }[]>`
      insert into executions (organization_id, workflow_id, trigger_type, status, trigger_input)
      values (${a.id}, ${fixtureId(a, "workflow")}, 'event', 'completed',
              ${sql.json({ event: "contact.created", contact: { id: dup } })}) returning id`;

    // A sales member may not merge (it deletes contacts); nothing changes.
    await expect(
      withUser(
        a.members.sales,
        (tx) => mergeContacts(tx, a.id, { primaryId: primary, duplicateIds: [dup] }),
        sql,
      ),
    ).rejects.toMatchObject({ code: "OFFRB" });
    // All or nothing: one missing duplicate leaves every reference where it was.
    await expect(
      withUser(
        a.members.administrator,
        (tx) => mergeContacts(tx, a.id, { primaryId: primary, duplicateIds: [dup, randomUUID()] }),
        sql,
      ),
    ).rejects.toMatchObject({ code: "OFNFD" });
    const [before] = await sql`select contact_id from conversation_sessions where id = ${session!.id}`;
    expect(before?.contact_id).toBe(dup);

    await withUser(
      a.members.administrator,
      (tx) => mergeContacts(tx, a.id, { primaryId: primary, duplicateIds: [dup, dup2, dup] }),
      sql,
    );
    const merged = await withUser(a.members.viewer, (tx) => getContact(tx, a.id, primary), sql);
    expect(merged).toMatchObject({
      first_name: "Ana", // the primary keeps its own values
      last_name: "Silva", // and fills its gaps from the oldest duplicate first
      email: dupEmail,
      phone: "+1 555 0101",
      tags: ["vip", "web"],
    });
    expect(merged?.merged_contact_ids.sort()).toEqual([dup, dup2].sort());
    const [gone] = await sql`select count(*)::int as n from contacts where id in (${dup}, ${dup2})`;
    expect(gone?.n).toBe(0);
    const activity = await withUser(
      a.members.owner,
      (tx) => contactActivity(tx, a.id, merged!, { conversations: true, sales: true, runs: true }),
      sql,
    );
    expect(activity.conversations.map((c) => c.id)).toEqual([session!.id]);
    expect(activity.sales.map((s) => s.id)).toEqual([sale!.id]);
    expect(activity.runs.map((r) => r.id)).toEqual([run!.id]);
    // The audit log has the merge: the primary's update and each duplicate's deletion.
    const audit = await sql<{ action: string; resource_id: string }[]>`
      select action, resource_id from audit_logs
      where organization_id = ${a.id} and resource_type = 'contacts' and resource_id in (${primary}, ${dup}, ${dup2})
        and action <> 'insert' and actor_id = ${a.members.administrator.sub}`;
    expect(audit.map((r) => `${r.action}:${r.resource_id}`).sort()).toEqual(
      [`update:${primary}`, `delete:${dup}`, `delete:${dup2}`].sort(),
    );
  });

  it("refuses to merge two different GoHighLevel contacts (one GHL id would be lost)", async () => {
    const one = await makeContact(a, { first_name: "Bo" });
    const two = await makeContact(a, { first_name: "Bo D." });
    const three = await makeContact(a, { first_name: "Bo Diaz" });
    const mark = randomUUID().slice(0, 8);
    await sql`update contacts set ghl_contact_id = ${`ghl-1-${mark}`} where id = ${one}`;
    await sql`update contacts set ghl_contact_id = ${`ghl-2-${mark}`} where id = ${two}`;
    const merge = (duplicateIds: string[]) =>
      withUser(a.members.owner, (tx) => mergeContacts(tx, a.id, { primaryId: one, duplicateIds }), sql);
    await expect(merge([two])).rejects.toMatchObject({ code: "conflict" });
    const [kept] = await sql`select count(*)::int as n from contacts where id in (${one}, ${two})`;
    expect(kept?.n).toBe(2);
    // One GHL contact and one of ours merge as before.
    await merge([three]);
    const [after] = await sql`select ghl_contact_id from contacts where id = ${one}`;
    expect(after?.ghl_contact_id).toBe(`ghl-1-${mark}`);
  });

  it("refuses a primary that is also a duplicate, and an empty list", async () => {
    const one = await makeContact(a);
    const admin = a.members.administrator;
    await expect(
      withUser(admin, (tx) => mergeContacts(tx, a.id, { primaryId: one, duplicateIds: [one] }), sql),
    ).rejects.toMatchObject({ code: "OFVAL" });
    await expect(
      withUser(admin, (tx) => mergeContacts(tx, a.id, { primaryId: one, duplicateIds: [] }), sql),
    ).rejects.toMatchObject({ code: "OFVAL" });
  });
});
