import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRolePipelined, withUser, withUserPipelined, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The transaction helpers send the role switch (and, pipelined, BEGIN and COMMIT) in the same
 * round trip as the work's statements: what runs must still be one transaction, in that role,
 * committed or rolled back whole, and leave the pooled connection as it found it.
 */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql(2);
  tenant = await createTenant(sql, "Pipelines");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

const email = () => `pipe-${randomUUID().slice(0, 8)}@example.test`;
const stored = async (address: string) =>
  (await sql`select 1 from contacts where organization_id = ${tenant.id} and email = ${address}`).length;

describe("withUser", () => {
  it("runs the first statement already as the user, in the same transaction as the rest", async () => {
    const [first, second] = await withUser(
      tenant.members.viewer,
      async (tx) => [
        ...(await tx<{ uid: string; role: string; xid: string }[]>`
          select auth.uid()::text as uid, current_user::text as role, txid_current()::text as xid`),
        ...(await tx<{ xid: string }[]>`select txid_current()::text as xid`),
      ],
      sql,
    );
    expect(first).toEqual({ uid: tenant.members.viewer.sub, role: "authenticated", xid: second!.xid });
  });
});

describe("withUserPipelined", () => {
  it("is one transaction as the user, so RLS applies, and leaves the connection clean", async () => {
    const outsider = await createTenant(sql, "Pipelines outsider");
    try {
      const hidden = email();
      await sql`insert into contacts (organization_id, email) values (${outsider.id}, ${hidden})`;
      const [row] = await withUserPipelined(
        tenant.members.viewer,
        (tx, commitWith) =>
          commitWith(tx<{ uid: string; role: string; hidden: number }[]>`
            select auth.uid()::text as uid, current_user::text as role,
                   (select count(*)::int from contacts where email = ${hidden}) as hidden`),
        sql,
      );
      // Another organization's row is hidden by RLS, as in withUser.
      expect(row).toMatchObject({ uid: tenant.members.viewer.sub, role: "authenticated", hidden: 0 });
      const after = await sql.begin((tx) => tx<{ role: string }[]>`select current_user::text as role`);
      expect(after[0]!.role).not.toBe("authenticated");
    } finally {
      await deleteTenants(sql, [outsider]);
    }
  });

  it("refuses claims without a subject before touching the database", async () => {
    await expect(withUserPipelined({ sub: "" }, async () => 1, sql)).rejects.toThrow(/subject/);
  });
});

describe("withServiceRolePipelined", () => {
  it("is one transaction in the service role, committed by commitWith with its last statement", async () => {
    const address = email();
    const { head, inserted } = await withServiceRolePipelined(async (tx, commitWith) => {
      const [head] = await tx<{ role: string; xid: string }[]>`
        select current_user::text as role, txid_current()::text as xid`;
      const inserted = await commitWith(tx<{ email: string; xid: string }[]>`
        insert into contacts (organization_id, email) values (${tenant.id}, ${address})
        returning email, txid_current()::text as xid`);
      return { head: head!, inserted: inserted[0]! };
    }, sql);
    expect(head.role).toBe("service_role");
    expect(inserted).toEqual({ email: address, xid: head.xid });
    expect(await stored(address)).toBe(1);
    // The connection is back in the pool as it was: no role, no open transaction.
    const after = await sql.begin((tx) => tx<{ role: string }[]>`select current_user::text as role`);
    expect(after[0]!.role).not.toBe("service_role");
  });

  it("commits on its own when work does not call commitWith", async () => {
    const address = email();
    await withServiceRolePipelined(
      (tx) => tx`insert into contacts (organization_id, email) values (${tenant.id}, ${address})`,
      sql,
    );
    expect(await stored(address)).toBe(1);
  });

  it("rolls everything back when work throws", async () => {
    const address = email();
    await expect(
      withServiceRolePipelined(async (tx) => {
        await tx`insert into contacts (organization_id, email) values (${tenant.id}, ${address})`;
        throw new Error("changed my mind");
      }, sql),
    ).rejects.toThrow("changed my mind");
    expect(await stored(address)).toBe(0);
  });

  it("rolls back and throws the last statement's error when it fails beside the COMMIT", async () => {
    const address = email();
    await expect(
      withServiceRolePipelined(async (tx, commitWith) => {
        await tx`insert into contacts (organization_id, email) values (${tenant.id}, ${address})`;
        return commitWith(
          tx`insert into contacts (organization_id, email) values (${randomUUID()}, ${email()})`,
        );
      }, sql),
    ).rejects.toMatchObject({ code: "23503" }); // no such organization
    expect(await stored(address)).toBe(0);
    // The pool still works, outside any transaction.
    const [row] = await sql<{ open: boolean }[]>`select txid_current_if_assigned() is not null as open`;
    expect(row!.open).toBe(false);
  });

  it("does not report success when work caught a failed statement (the COMMIT was a ROLLBACK)", async () => {
    const address = email();
    await expect(
      withServiceRolePipelined(async (tx) => {
        await tx`insert into contacts (organization_id, email) values (${tenant.id}, ${address})`;
        await tx`select 1/0`.catch(() => {});
      }, sql),
    ).rejects.toThrow("rolled back");
    expect(await stored(address)).toBe(0);
  });

  it("refuses a second commitWith", async () => {
    await expect(
      withServiceRolePipelined(async (tx, commitWith) => {
        await commitWith(tx`select 1`);
        await commitWith(tx`select 2`);
      }, sql),
    ).rejects.toThrow("already ended");
  });
});
