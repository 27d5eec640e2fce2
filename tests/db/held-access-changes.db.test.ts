import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: two ways back to access someone had lost.
 * - A revoked API key came back to life with `revoked_at = null` (api_keys:update), with its
 *   creator's power, in the hands of whoever holds the leaked secret. Revoking is final now.
 * - A member who may change members (members:update) but holds little else, say through a custom
 *   role, could restore a suspended administrator (or suspend one): suspending and restoring take
 *   away and give back everything the member's role and overrides grant, so the actor must hold it
 *   all, as for a role change.
 */

let sql: Sql;
let t: TestTenant;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Held access");
  const [hr] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'HR', '{members:read,members:update,api_keys:read,api_keys:update}') returning id`;
  await sql`update organization_members set custom_role_id = ${hr!.id}
            where organization_id = ${t.id} and user_id = ${t.members.sales.sub}`;
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

describe("lost access stays lost unless the actor holds it", () => {
  it("a revoked API key cannot be brought back", async () => {
    const [key] = await sql<{ id: string }[]>`
      insert into api_keys (organization_id, name, prefix, key_hash, permissions, created_by, revoked_at)
      values (${t.id}, 'Leaked', ${`of_${randomBytes(6).toString("hex")}`},
              ${createHash("sha256").update(randomBytes(16)).digest("hex")}, '{contacts:read}',
              ${t.members.administrator.sub}, now())
      returning id`;
    for (const who of [t.members.sales, t.members.administrator, t.members.owner]) {
      const outcome = await tryAsUser(
        sql,
        who,
        (tx) => tx`update api_keys set revoked_at = null where id = ${key!.id} returning id`,
      );
      expect(outcome.ok).toBe(false);
    }
    const rename = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update api_keys set name = 'Leaked (revoked)' where id = ${key!.id} returning id`,
    );
    expect(rename.ok).toBe(true);
  });

  it("a members manager cannot restore a suspended administrator, nor suspend one", async () => {
    await sql`update organization_members set status = 'suspended'
              where organization_id = ${t.id} and user_id = ${t.members.administrator.sub}`;
    try {
      const restore = await tryAsUser(
        sql,
        t.members.sales,
        (tx) => tx`update organization_members set status = 'active'
                   where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
      );
      expect(restore.ok).toBe(false);
      expect(restore.ok ? "" : restore.error.message).toMatch(/permissions you have yourself/);
    } finally {
      await sql`update organization_members set status = 'active'
                where organization_id = ${t.id} and user_id = ${t.members.administrator.sub}`;
    }
    const suspend = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update organization_members set status = 'suspended'
                 where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
    );
    expect(suspend.ok).toBe(false);
  });

  it("an administrator still suspends and restores a viewer", async () => {
    const outcome = await tryAsUser(sql, t.members.administrator, async (tx) => {
      await tx`update organization_members set status = 'suspended'
               where organization_id = ${t.id} and user_id = ${t.target.sub}`;
      return tx`update organization_members set status = 'active'
                where organization_id = ${t.id} and user_id = ${t.target.sub} returning id`;
    });
    expect(outcome.ok).toBe(true);
  });
});

describe("removing a member is held like suspending them", () => {
  it("a members manager cannot remove an administrator, but may leave, and an administrator removes", async () => {
    const [remover] = await sql<{ id: string }[]>`
      insert into custom_roles (organization_id, name, permissions)
      values (${t.id}, 'Offboarding', '{members:read,members:delete}') returning id`;
    await sql`update organization_members set custom_role_id = ${remover!.id}
              where organization_id = ${t.id} and user_id = ${t.members.bot_trainer.sub}`;
    try {
      const remove = await tryAsUser(
        sql,
        t.members.bot_trainer,
        (tx) => tx`delete from organization_members
                   where organization_id = ${t.id} and user_id = ${t.members.administrator.sub} returning id`,
      );
      expect(remove.ok).toBe(false);
      expect(remove.ok ? "" : remove.error.message).toMatch(/permissions you have yourself/);
      const leave = await tryAsUser(
        sql,
        t.members.bot_trainer,
        (tx) => tx`delete from organization_members
                   where organization_id = ${t.id} and user_id = ${t.members.bot_trainer.sub} returning id`,
      );
      expect(leave.ok).toBe(true);
      const byAdmin = await tryAsUser(
        sql,
        t.members.administrator,
        (tx) => tx`delete from organization_members
                   where organization_id = ${t.id} and user_id = ${t.target.sub} returning id`,
      );
      expect(byAdmin.ok).toBe(true);
    } finally {
      await sql`update organization_members set custom_role_id = null
                where organization_id = ${t.id} and user_id = ${t.members.bot_trainer.sub}`;
    }
  });
});
