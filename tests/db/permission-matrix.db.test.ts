import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { permissionPaths } from "@/tests/support/permission-paths";
import { createTenant, deleteTenants, ROLES, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * The permission matrix, exhaustively: for every role and every resource × action, what
 * `role_permissions` says is what happens, both in `has_permission()` (which the UI asks) and in
 * the operation itself (which RLS guards).
 */

const ACTIONS = ["create", "read", "update", "delete", "approve"] as const;

function succeeded(outcome: { ok: true; value: readonly unknown[] } | { ok: false }): boolean {
  return outcome.ok && outcome.value.length > 0;
}

describe("permission matrix", async () => {
  let sql: Sql;
  let tenant: TestTenant;
  const resources = await (async () => {
    const s = testSql(1);
    try {
      return (
        await s<{ resource: string }[]>`select resource from permission_resources order by position`
      ).map((r) => r.resource);
    } finally {
      await s.end();
    }
  })();

  beforeAll(async () => {
    sql = testSql();
    tenant = await createTenant(sql, "Matrix", { plan: "enterprise" });
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  async function expected(role: string, resource: string, action: string): Promise<boolean> {
    if (role === "owner") return true;
    const [row] = await sql`
      select exists (select 1 from role_permissions where organization_id = ${tenant.id}
                     and role = ${role} and resource = ${resource} and action = ${action}) as allowed`;
    return row!.allowed as boolean;
  }

  const cases = ROLES.flatMap((role) =>
    resources.flatMap((resource) => ACTIONS.map((action) => [role, resource, action] as const)),
  );

  it("covers every role, resource and action", () => {
    expect(cases.length).toBe(ROLES.length * resources.length * ACTIONS.length);
    expect(resources.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)("%s × %s:%s", async (role, resource, action) => {
    const allowed = await expected(role, resource, action);
    const claims = tenant.members[role];
    const asked = await tryAsUser(
      sql,
      claims,
      (tx) => tx`select public.has_permission(${tenant.id}, ${resource}, ${action}::permission_action) as ok`,
    );
    expect(asked).toMatchObject({ ok: true, value: [{ ok: allowed }] });

    const operation = permissionPaths[resource]?.[action];
    if (operation) {
      const outcome = await tryAsUser(sql, claims, (tx) => operation(tx, tenant));
      expect(succeeded(outcome), `${role} ${action} ${resource}: ${JSON.stringify(outcome)}`).toBe(allowed);
    }
  });

  it("follows edits of the matrix at once", async () => {
    const viewer = tenant.members.viewer;
    const create = permissionPaths.team_members!.create!;
    expect(succeeded(await tryAsUser(sql, viewer, (tx) => create(tx, tenant)))).toBe(false);
    await sql`insert into role_permissions (organization_id, role, resource, action)
              values (${tenant.id}, 'viewer', 'team_members', 'create')`;
    try {
      expect(succeeded(await tryAsUser(sql, viewer, (tx) => create(tx, tenant)))).toBe(true);
    } finally {
      await sql`delete from role_permissions where organization_id = ${tenant.id} and role = 'viewer'
                and resource = 'team_members' and action = 'create'`;
    }
  });

  it("applies a member's custom grants and revokes on top of the role", async () => {
    const { viewer, sales } = tenant.members;
    const grant = { grant: ["team_members:create"] };
    const revoke = { revoke: ["team_members:read"] };
    await sql`update organization_members set custom_permissions = ${sql.json(grant)}
              where organization_id = ${tenant.id} and user_id = ${viewer.sub}`;
    await sql`update organization_members set custom_permissions = ${sql.json(revoke)}
              where organization_id = ${tenant.id} and user_id = ${sales.sub}`;
    try {
      const create = await tryAsUser(sql, viewer, (tx) => permissionPaths.team_members!.create!(tx, tenant));
      expect(succeeded(create)).toBe(true);
      const read = await tryAsUser(sql, sales, (tx) => permissionPaths.team_members!.read!(tx, tenant));
      expect(read).toEqual({ ok: true, value: [] });
    } finally {
      await sql`update organization_members set custom_permissions = '{}'
                where organization_id = ${tenant.id} and user_id in (${viewer.sub}, ${sales.sub})`;
    }
  });

  it("lets a request made with an API key do only what the key allows", async () => {
    const owner = tenant.members.owner;
    const [key] = await sql<{ id: string }[]>`
      select id from api_keys where organization_id = ${tenant.id} and permissions = '{members:read}' limit 1`;
    const asKey = { ...owner, api_key_id: key!.id };
    const members = await tryAsUser(sql, asKey, (tx) => permissionPaths.members!.read!(tx, tenant));
    expect(succeeded(members)).toBe(true);
    const team = await tryAsUser(sql, asKey, (tx) => permissionPaths.team_members!.read!(tx, tenant));
    expect(team).toEqual({ ok: true, value: [] });
    await sql`update api_keys set revoked_at = now() where id = ${key!.id}`;
    try {
      const revoked = await tryAsUser(sql, asKey, (tx) => permissionPaths.members!.read!(tx, tenant));
      expect(revoked).toEqual({ ok: true, value: [] });
    } finally {
      await sql`update api_keys set revoked_at = null where id = ${key!.id}`;
    }
  });

  it("denies everything to a suspended member", async () => {
    const admin = tenant.members.administrator;
    await sql`update organization_members set status = 'suspended'
              where organization_id = ${tenant.id} and user_id = ${admin.sub}`;
    try {
      const read = await tryAsUser(sql, admin, (tx) => permissionPaths.organizations!.read!(tx, tenant));
      expect(read).toEqual({ ok: true, value: [] });
    } finally {
      await sql`update organization_members set status = 'active'
                where organization_id = ${tenant.id} and user_id = ${admin.sub}`;
    }
  });
});
