import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { upsertContact } from "@/lib/contacts/upsert";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** Contacts are found by GHL id, then email; a repeat upsert updates rather than duplicates. */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Contacts A");
  b = await createTenant(sql, "Contacts B");
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
});

describe("upsertContact", () => {
  it("creates a contact, then updates it by email and merges tags", async () => {
    const email = `lead-${Date.now()}@example.test`;
    const first = await withUser(
      a.members.sales,
      (tx) => upsertContact(tx, a.id, { email, firstName: "Ana", tags: ["web"], source: "chatbot" }),
      sql,
    );
    expect(first.created).toBe(true);
    const again = await withUser(
      a.members.sales,
      (tx) =>
        upsertContact(tx, a.id, {
          email: email.toUpperCase(),
          phone: "+1 555 0100",
          tags: ["vip", "web"],
          source: "chatbot",
        }),
      sql,
    );
    expect(again.created).toBe(false);
    expect(again.contact.id).toBe(first.contact.id);
    expect(again.contact.first_name).toBe("Ana");
    expect(again.contact.phone).toBe("+1 555 0100");
    expect(again.contact.tags).toEqual(["vip", "web"]);
  });

  it("finds a contact by its GHL id before its email", async () => {
    const ghlId = `ghl-${Date.now()}`;
    const made = await withUser(
      a.members.owner,
      (tx) =>
        upsertContact(tx, a.id, {
          ghlContactId: ghlId,
          email: `g-${Date.now()}@example.test`,
          source: "ghl",
        }),
      sql,
    );
    const renamed = await withUser(
      a.members.owner,
      (tx) => upsertContact(tx, a.id, { ghlContactId: ghlId, lastName: "Renamed", source: "ghl" }),
      sql,
    );
    expect(renamed.created).toBe(false);
    expect(renamed.contact.id).toBe(made.contact.id);
    expect(renamed.contact.last_name).toBe("Renamed");
  });

  it("keeps organizations apart: the same email is a different contact in another organization", async () => {
    const email = `shared-${Date.now()}@example.test`;
    const inA = await withUser(
      a.members.owner,
      (tx) => upsertContact(tx, a.id, { email, source: "manual" }),
      sql,
    );
    const inB = await withUser(
      b.members.owner,
      (tx) => upsertContact(tx, b.id, { email, source: "manual" }),
      sql,
    );
    expect(inB.created).toBe(true);
    expect(inB.contact.id).not.toBe(inA.contact.id);
  });

  it("refuses a member without contacts:create, and bad input", async () => {
    await expect(
      withUser(
        a.members.viewer,
        (tx) => upsertContact(tx, a.id, { email: "v@example.test", source: "manual" }),
        sql,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      withUser(
        a.members.owner,
        (tx) => upsertContact(tx, a.id, { email: "not an email", source: "manual" }),
        sql,
      ),
    ).rejects.toThrow();
  });
});
