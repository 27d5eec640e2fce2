import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Issue 20, item 11: grants and revokes for one member (organization_members.custom_permissions)
 * go through the one permission function, and nobody hands out more than they hold.
 */

let sql: Sql;
let t: TestTenant;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Overrides");
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

const setOverrides = async (actor: TestTenant["members"]["owner"], userId: string, overrides: unknown) => {
  const o = await tryAsUser(
    sql,
    actor,
    (tx) => tx`update organization_members set custom_permissions = ${sql.json(overrides as never)}
               where organization_id = ${t.id} and user_id = ${userId} returning id`,
  );
  return o;
};

const can = async (userId: string, permission: string) => {
  const [resource, action] = permission.split(":");
  const [row] = await sql`
    select exists (select 1 from organization_members m where m.organization_id = ${t.id} and m.user_id = ${userId}) as member`;
  expect(row!.member).toBe(true);
  const outcome = await tryAsUser(
    sql,
    { sub: userId, role: "authenticated" } as never,
    (tx) => tx`select public.has_permission(${t.id}, ${resource!}, ${action!}::permission_action) as ok`,
  );
  if (!outcome.ok) throw new Error(outcome.error.message);
  return (outcome.value as unknown as { ok: boolean }[])[0]!.ok;
};

describe("per-member overrides", () => {
  it("a grant and a revoke by the owner change what the permission function (and so RLS) answers", async () => {
    const target = t.target.sub;
    expect(await can(target, "workflows:create")).toBe(false);
    expect(await can(target, "workflows:read")).toBe(true);
    const outcome = await setOverrides(t.members.owner, target, {
      grant: ["workflows:create"],
      revoke: ["workflows:read"],
    });
    expect(outcome).toMatchObject({ ok: true });
    // tryAsUser rolls back: the same change, kept, for the checks below.
    await sql`update organization_members set custom_permissions = ${sql.json({
      grant: ["workflows:create"],
      revoke: ["workflows:read"],
    })} where organization_id = ${t.id} and user_id = ${target}`;
    expect(await can(target, "workflows:create")).toBe(true);
    expect(await can(target, "workflows:read")).toBe(false);
    const seen = await tryAsUser(
      sql,
      { sub: target, role: "authenticated" } as never,
      (tx) => tx`select id from workflows where organization_id = ${t.id}`,
    );
    expect(seen).toMatchObject({ ok: true, value: [] });
    await sql`update organization_members set custom_permissions = '{}' where organization_id = ${t.id} and user_id = ${target}`;
  });

  it("an administrator grants what they hold, never what they do not (organizations:delete)", async () => {
    const admin = t.members.administrator;
    expect(await setOverrides(admin, t.target.sub, { grant: ["workflows:create"] })).toMatchObject({
      ok: true,
    });
    expect(await setOverrides(admin, t.target.sub, { grant: ["organizations:delete"] })).toMatchObject({
      ok: false,
      error: { code: "OFFRB", message: expect.stringContaining("organizations:delete") },
    });
  });

  it("an administrator cannot widen their own permissions or make anyone an owner", async () => {
    const admin = t.members.administrator;
    expect(await setOverrides(admin, admin.sub, { grant: ["organizations:delete"] })).toMatchObject({
      ok: false,
      error: { code: "OFFRB" },
    });
    const promote = await tryAsUser(
      sql,
      admin,
      (tx) => tx`update organization_members set role = 'owner'
                 where organization_id = ${t.id} and user_id = ${t.target.sub} returning id`,
    );
    expect(promote).toMatchObject({ ok: false, error: { code: "OFFRB" } });
  });

  it("refuses overrides that are not lists of known permissions", async () => {
    for (const bad of [
      { grant: ["workflows:fly"] },
      { grant: "workflows:create" },
      { everything: ["workflows:create"] },
      { grant: ["nothing:read"] },
      { grant: ["workflows:create"], revoke: ["workflows:create"] },
    ]) {
      expect(await setOverrides(t.members.owner, t.target.sub, bad), JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: "OFVAL" },
      });
    }
  });

  it("writes every change to the audit log, with who made it", async () => {
    const [member] =
      await sql`select id from organization_members where organization_id = ${t.id} and user_id = ${t.target.sub}`;
    const outcome = await tryAsUser(sql, t.members.owner, async (tx) => {
      await tx`update organization_members set custom_permissions = ${sql.json({ grant: ["contacts:create"] })}
               where id = ${member!.id}`;
      return tx`select actor_id, changes from audit_logs
                where organization_id = ${t.id} and resource_type = 'organization_members' and resource_id = ${member!.id}
                order by id desc limit 1`;
    });
    expect(outcome).toMatchObject({
      ok: true,
      value: [
        {
          actor_id: t.members.owner.sub,
          changes: { custom_permissions: { after: { grant: ["contacts:create"] } } },
        },
      ],
    });
  });
});
