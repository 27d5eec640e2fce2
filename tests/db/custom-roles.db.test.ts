import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Issue 20, item 11: roles beyond the five. A member's custom role replaces their base role's
 * permissions in the one permission function (so RLS and the UI follow), overrides still apply on
 * top, nobody hands out more than they hold, and every change is audited.
 */

let sql: Sql;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  sql = testSql();
  [t, other] = await Promise.all([createTenant(sql, "Roles"), createTenant(sql, "RolesB")]);
});
afterAll(async () => {
  await deleteTenants(sql, [t, other]);
  await sql.end();
});

type Actor = TestTenant["members"]["owner"];

const createRole = (actor: Actor, organizationId: string, name: string, permissions: string[]) =>
  tryAsUser(
    sql,
    actor,
    (tx) => tx`insert into custom_roles (organization_id, name, description, permissions)
               values (${organizationId}, ${name}, 'For tests', ${permissions}) returning id, name, permissions`,
  );

const assign = (actor: Actor, userId: string, roleId: string | null) =>
  tryAsUser(
    sql,
    actor,
    (tx) => tx`update organization_members set custom_role_id = ${roleId}
               where organization_id = ${t.id} and user_id = ${userId} returning id`,
  );

const can = async (userId: string, permission: string) => {
  const [resource, action] = permission.split(":");
  const outcome = await tryAsUser(
    sql,
    { sub: userId, role: "authenticated" } as never,
    (tx) => tx`select public.has_permission(${t.id}, ${resource!}, ${action!}::permission_action) as ok`,
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  return (outcome.value as unknown as { ok: boolean }[])[0]!.ok;
};

describe("custom roles", () => {
  it("a member with a custom role has its permissions instead of their base role's, with overrides on top", async () => {
    const created = await createRole(t.members.owner, t.id, "  Workflow editor ", [
      "workflows:update",
      "workflows:read",
      "workflows:read",
    ]);
    expect(created).toMatchObject({
      ok: true,
      value: [{ name: "Workflow editor", permissions: ["workflows:read", "workflows:update"] }],
    });
    const [role] = await sql`insert into custom_roles (organization_id, name, permissions)
      values (${t.id}, 'Editor', ${["workflows:read", "workflows:update"]}) returning id`;
    const target = t.target.sub;
    expect(await can(target, "contacts:read")).toBe(true); // viewer
    expect(await can(target, "workflows:update")).toBe(false);
    await sql`update organization_members set custom_role_id = ${role!.id} where organization_id = ${t.id} and user_id = ${target}`;
    expect(await can(target, "workflows:update")).toBe(true);
    expect(await can(target, "contacts:read")).toBe(false); // the viewer's row no longer applies
    // RLS follows: the contacts are out of sight, the workflows are editable.
    const contacts = await tryAsUser(
      sql,
      { sub: target, role: "authenticated" } as never,
      (tx) => tx`select id from contacts where organization_id = ${t.id}`,
    );
    expect(contacts).toMatchObject({ ok: true, value: [] });
    // An override still widens or narrows.
    await sql`update organization_members set custom_permissions = ${sql.json({ grant: ["contacts:read"], revoke: ["workflows:update"] })}
              where organization_id = ${t.id} and user_id = ${target}`;
    expect(await can(target, "contacts:read")).toBe(true);
    expect(await can(target, "workflows:update")).toBe(false);
    // Deleting the role puts the member back on their base role.
    await sql`update organization_members set custom_permissions = '{}' where organization_id = ${t.id} and user_id = ${target}`;
    await sql`delete from custom_roles where id = ${role!.id}`;
    const [member] =
      await sql`select custom_role_id from organization_members where organization_id = ${t.id} and user_id = ${target}`;
    expect(member!.custom_role_id).toBeNull();
    expect(await can(target, "contacts:read")).toBe(true);
  });

  it("refuses unknown permissions, duplicate names and a role of another organization", async () => {
    for (const bad of [["workflows:fly"], ["nothing:read"], ["workflows"]]) {
      expect(await createRole(t.members.owner, t.id, `Bad ${bad[0]}`, bad), bad[0]).toMatchObject({
        ok: false,
        error: { code: "OFVAL" },
      });
    }
    expect(await createRole(t.members.owner, t.id, "Twice", [])).toMatchObject({ ok: true });
    await sql`insert into custom_roles (organization_id, name) values (${t.id}, 'Twice')`;
    expect(await createRole(t.members.owner, t.id, "twice ", [])).toMatchObject({
      ok: false,
      error: { code: "23505" },
    });
    const [foreign] =
      await sql`insert into custom_roles (organization_id, name) values (${other.id}, 'Theirs') returning id`;
    expect(await assign(t.members.owner, t.target.sub, foreign!.id as string)).toMatchObject({
      ok: false,
      error: { code: "23503" },
    });
    // Another organization's roles are out of sight and out of reach.
    const seen = await tryAsUser(
      sql,
      t.members.owner,
      (tx) => tx`select id from custom_roles where organization_id = ${other.id}`,
    );
    expect(seen).toMatchObject({ ok: true, value: [] });
    expect(await createRole(t.members.owner, other.id, "Sneak", [])).toMatchObject({ ok: false });
  });

  it("nobody hands out more than they hold; only those who may change the organization make roles", async () => {
    const admin = t.members.administrator;
    expect(await createRole(admin, t.id, "Admin made", ["workflows:read"])).toMatchObject({ ok: true });
    expect(await createRole(admin, t.id, "Deleter", ["organizations:delete"])).toMatchObject({
      ok: false,
      error: { code: "OFFRB", message: expect.stringContaining("organizations:delete") },
    });
    expect(await createRole(t.members.sales, t.id, "Sales made", [])).toMatchObject({ ok: false });
    const [strong] = await sql`insert into custom_roles (organization_id, name, permissions)
      values (${t.id}, 'Strong', ${["organizations:delete", "workflows:read"]}) returning id`;
    const [weak] = await sql`insert into custom_roles (organization_id, name, permissions)
      values (${t.id}, 'Weak', ${["workflows:read"]}) returning id`;
    expect(await assign(admin, t.target.sub, strong!.id as string)).toMatchObject({
      ok: false,
      error: { code: "OFFRB" },
    });
    expect(await assign(admin, t.target.sub, weak!.id as string)).toMatchObject({ ok: true });
    expect(await assign(admin, admin.sub, weak!.id as string)).toMatchObject({
      ok: false,
      error: { code: "OFFRB" },
    });
    expect(await assign(t.members.owner, t.target.sub, strong!.id as string)).toMatchObject({ ok: true });
    // An administrator cannot widen a role they can edit beyond what they hold.
    const widen = await tryAsUser(
      sql,
      admin,
      (tx) => tx`update custom_roles set permissions = permissions || '{organizations:delete}'::text[]
                 where id = ${weak!.id} returning id`,
    );
    expect(widen).toMatchObject({ ok: false, error: { code: "OFFRB" } });
  });

  it("writes role changes and assignments to the audit log", async () => {
    const outcome = await tryAsUser(sql, t.members.owner, async (tx) => {
      const [role] = await tx`insert into custom_roles (organization_id, name, permissions)
        values (${t.id}, 'Audited', ${["contacts:read"]}) returning id`;
      await tx`update organization_members set custom_role_id = ${role!.id}
               where organization_id = ${t.id} and user_id = ${t.target.sub}`;
      return tx`select resource_type, action, actor_id from audit_logs
                where organization_id = ${t.id} and actor_id = ${t.members.owner.sub}
                  and resource_type in ('custom_roles', 'organization_members')
                order by id desc limit 2`;
    });
    expect(outcome).toMatchObject({
      ok: true,
      value: [
        { resource_type: "organization_members", action: "update", actor_id: t.members.owner.sub },
        { resource_type: "custom_roles", action: "insert", actor_id: t.members.owner.sub },
      ],
    });
  });
});
