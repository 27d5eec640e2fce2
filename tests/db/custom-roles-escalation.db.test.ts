import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: a member whose custom role lets them manage members, but who holds little else, must
 * not raise another member past what they hold themselves: neither by changing the base role
 * (viewer to admin) nor by taking away a custom role that was narrowing an administrator.
 */

let sql: Sql;
let t: TestTenant;
let hrRole: string;
let limitedRole: string;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Escalation");
  const [hr] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'HR', '{members:read,members:update}') returning id`;
  const [limited] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'Limited', '{contacts:read}') returning id`;
  hrRole = hr!.id;
  limitedRole = limited!.id;
  await sql`update organization_members set custom_role_id = ${hrRole}
            where organization_id = ${t.id} and user_id = ${t.members.sales.sub}`;
  await sql`update organization_members set custom_role_id = ${limitedRole}
            where organization_id = ${t.id} and user_id = ${t.members.administrator.sub}`;
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

const asHr = (statement: (tx: Sql) => Promise<unknown>) =>
  tryAsUser(sql, t.members.sales, statement as never);

describe("custom roles: no escalation past the actor's own permissions", () => {
  it("a members manager cannot make a viewer an administrator", async () => {
    const outcome = await asHr(
      (tx) => tx`update organization_members set role = 'administrator'
                 where organization_id = ${t.id} and user_id = ${t.members.viewer.sub} returning id`,
    );
    expect(outcome.ok).toBe(false);
    const [row] = await sql<{ role: string }[]>`
      select role from organization_members where organization_id = ${t.id} and user_id = ${t.members.viewer.sub}`;
    expect(row!.role).toBe("viewer");
  });

  it("a members manager cannot lift the custom role narrowing an administrator", async () => {
    const outcome = await asHr(
      (tx) => tx`update organization_members set custom_role_id = null
                 where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
    );
    expect(outcome.ok).toBe(false);
    const [row] = await sql<{ custom_role_id: string | null }[]>`
      select custom_role_id from organization_members where organization_id = ${t.id} and user_id = ${t.members.administrator.sub}`;
    expect(row!.custom_role_id).toBe(limitedRole);
  });

  it("nor lift it while holding the narrowing role's own permissions", async () => {
    await sql`update custom_roles set permissions = '{members:read,members:update,contacts:read}'
              where id = ${hrRole}`;
    const outcome = await asHr(
      (tx) => tx`update organization_members set custom_role_id = null
                 where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/permissions you have yourself/);
  });

  it("an administrator and the owner still change base roles", async () => {
    const otherAdmin = await tryAsUser(
      sql,
      t.members.owner,
      (tx) => tx`update organization_members set custom_role_id = null
                 where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
    );
    expect(otherAdmin.ok).toBe(true);
    const admin = await tryAsUser(
      sql,
      t.members.administrator,
      (tx) => tx`update organization_members set role = 'bot_trainer'
                 where organization_id = ${t.id} and user_id = ${t.members.bot_trainer.sub} returning id`,
    );
    expect(admin.ok).toBe(true);
    const owner = await tryAsUser(
      sql,
      t.members.owner,
      (tx) => tx`update organization_members set role = 'sales'
                 where organization_id = ${t.id} and user_id = ${t.members.viewer.sub} returning id`,
    );
    expect(owner.ok).toBe(true);
  });
});
