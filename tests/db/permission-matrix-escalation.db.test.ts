import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { resetRolePermissions } from "@/lib/organizations/permission-matrix";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: editing the permission matrix (role_permissions) took only organizations:update, with no
 * check of what was handed out. An administrator could tick organizations:delete for administrators
 * and delete the organization (an owner's power), and a member whose custom role holds
 * organizations:update alone could give the viewer role members:update. Whoever is not an owner
 * now adds to or removes from a role only permissions they hold themselves, as with custom roles
 * and one member's overrides.
 */

let sql: Sql;
let t: TestTenant;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Matrix");
  const [settings] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'Settings', '{organizations:read,organizations:update}') returning id`;
  await sql`update organization_members set custom_role_id = ${settings!.id}
            where organization_id = ${t.id} and user_id = ${t.members.sales.sub}`;
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

const grant = (role: string, resource: string, action: string) => (tx: Sql) =>
  tx`insert into role_permissions (organization_id, role, resource, action)
     values (${t.id}, ${role}, ${resource}, ${action}) returning id`;

describe("permission matrix: nobody hands out more than they hold", () => {
  it("an administrator cannot give administrators organizations:delete (an owner's power)", async () => {
    const outcome = await tryAsUser(sql, t.members.administrator, async (tx) => {
      await grant("administrator", "organizations", "delete")(tx as never);
      return tx`select public.has_permission(${t.id}, 'organizations', 'delete') as can`;
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/permissions you have yourself/);
  });

  it("a member who may change settings alone cannot give viewers members:update", async () => {
    const outcome = await tryAsUser(sql, t.members.sales, grant("viewer", "members", "update") as never);
    expect(outcome.ok).toBe(false);
  });

  it("nor take away a permission they do not hold", async () => {
    const outcome = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`delete from role_permissions where organization_id = ${t.id} and role = 'viewer'
                 and resource = 'contacts' and action = 'read' returning id`,
    );
    expect(outcome.ok).toBe(false);
  });

  it("resetting a role to the defaults cannot give back what the owner took from the actor", async () => {
    await sql`delete from role_permissions where organization_id = ${t.id} and role = 'administrator'
              and resource = 'contacts' and action = 'delete'`;
    try {
      const outcome = await tryAsUser(sql, t.members.administrator, (tx) =>
        resetRolePermissions(tx, t.id, "administrator"),
      );
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? "" : outcome.error.message).toMatch(/contacts:delete/);
    } finally {
      await sql`insert into role_permissions (organization_id, role, resource, action)
                values (${t.id}, 'administrator', 'contacts', 'delete') on conflict do nothing`;
    }
  });

  it("an administrator resets a role, their own too, to the defaults", async () => {
    await sql`insert into role_permissions (organization_id, role, resource, action)
              values (${t.id}, 'administrator', 'organizations', 'delete'), (${t.id}, 'viewer', 'workflows', 'update')`;
    const outcome = await tryAsUser(sql, t.members.administrator, async (tx) => {
      await resetRolePermissions(tx, t.id, "administrator");
      await resetRolePermissions(tx, t.id, "viewer");
      return tx<{ n: number }[]>`select count(*)::int as n from role_permissions
                                 where organization_id = ${t.id} and role = 'administrator'`;
    });
    expect(outcome.ok).toBe(true);
    const [defaults] = await sql<{ n: number }[]>`
      select count(*)::int as n from role_permission_defaults where role = 'administrator'`;
    expect(outcome.ok && outcome.value[0]!.n).toBe(defaults!.n);
    await sql`delete from role_permissions where organization_id = ${t.id}
              and ((role = 'administrator' and resource = 'organizations' and action = 'delete')
                   or (role = 'viewer' and resource = 'workflows' and action = 'update'))`;
  });

  it("an administrator still changes what they hold, and the owner anything", async () => {
    const admin = await tryAsUser(
      sql,
      t.members.administrator,
      grant("viewer", "workflows", "update") as never,
    );
    expect(admin.ok).toBe(true);
    const removal = await tryAsUser(
      sql,
      t.members.administrator,
      (tx) => tx`delete from role_permissions where organization_id = ${t.id} and role = 'viewer'
                 and resource = 'contacts' and action = 'read' returning id`,
    );
    expect(removal.ok).toBe(true);
    const owner = await tryAsUser(
      sql,
      t.members.owner,
      grant("administrator", "organizations", "delete") as never,
    );
    expect(owner.ok).toBe(true);
  });

  it("the owner still deletes the organization (its matrix goes with it)", async () => {
    const other = await createTenant(sql, "Matrix gone");
    try {
      const outcome = await tryAsUser(
        sql,
        other.members.owner,
        (tx) => tx`delete from organizations where id = ${other.id} returning id`,
      );
      expect(outcome.ok).toBe(true);
    } finally {
      await deleteTenants(sql, [other]);
    }
  });
});
