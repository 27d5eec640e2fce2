import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql, UserClaims } from "@/lib/db/client";
import { createTestUser, testSql } from "@/tests/support/db";
import { addMember, createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: an API key acts with its creator narrowed to the key's permissions, but the owner-only
 * rules asked private.member_role, which ignored the key. An owner's key holding members:update
 * alone could therefore make a member an owner, demote or suspend the other owners, give any role
 * or permission (the "hold what you hand out" guards skip owners), and one holding
 * organizations:update could let workflow steps reach the private network. A key is never an
 * owner now: its power is its list of permissions.
 */

let sql: Sql;
let t: TestTenant;
let secondOwner: UserClaims & { email: string };
let membersKey: UserClaims;
let settingsKey: UserClaims;

async function ownerKey(permissions: string[]): Promise<UserClaims> {
  const [key] = await sql<{ id: string }[]>`
    insert into api_keys (organization_id, name, prefix, key_hash, permissions, created_by)
    values (${t.id}, 'Narrow key', ${`of_${randomBytes(6).toString("hex")}`},
            ${createHash("sha256").update(randomBytes(16)).digest("hex")}, ${permissions}, ${t.members.owner.sub})
    returning id`;
  return { ...t.members.owner, api_key_id: key!.id } as UserClaims;
}

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Owner key");
  secondOwner = await createTestUser(sql);
  await addMember(sql, t.id, secondOwner.sub, "owner");
  t.userIds.push(secondOwner.sub);
  membersKey = await ownerKey(["members:read", "members:update"]);
  settingsKey = await ownerKey(["organizations:read", "organizations:update"]);
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

const setRole = (userId: string, role: string) => (tx: Sql) =>
  tx`update organization_members set role = ${role}
     where organization_id = ${t.id} and user_id = ${userId} returning id`;

describe("an owner's narrow API key holds its permissions, not the owner's powers", () => {
  it("cannot make a member an owner", async () => {
    const outcome = await tryAsUser(sql, membersKey, setRole(t.members.viewer.sub, "owner") as never);
    expect(outcome.ok).toBe(false);
  });

  it("cannot demote or suspend another owner", async () => {
    const demote = await tryAsUser(sql, membersKey, setRole(secondOwner.sub, "viewer") as never);
    expect(demote.ok).toBe(false);
    const suspend = await tryAsUser(
      sql,
      membersKey,
      (tx) => tx`update organization_members set status = 'suspended'
                 where organization_id = ${t.id} and user_id = ${secondOwner.sub} returning id`,
    );
    expect(suspend.ok).toBe(false);
  });

  it("cannot make a viewer an administrator nor grant what the key does not hold", async () => {
    const promote = await tryAsUser(sql, membersKey, setRole(t.members.viewer.sub, "administrator") as never);
    expect(promote.ok).toBe(false);
    const grant = await tryAsUser(
      sql,
      membersKey,
      (tx) => tx`update organization_members set custom_permissions = '{"grant": ["api_keys:create"]}'
                 where organization_id = ${t.id} and user_id = ${t.members.viewer.sub} returning id`,
    );
    expect(grant.ok).toBe(false);
  });

  it("cannot let workflow steps reach the private network", async () => {
    const outcome = await tryAsUser(
      sql,
      settingsKey,
      (tx) => tx`update organizations set settings = settings || '{"allow_private_network": true}'
                 where id = ${t.id} returning id`,
    );
    expect(outcome.ok).toBe(false);
  });

  it("still does what its permissions allow, and the owner signed in still does everything", async () => {
    const rename = await tryAsUser(
      sql,
      settingsKey,
      (tx) => tx`update organizations set name = 'Renamed by key' where id = ${t.id} returning id`,
    );
    expect(rename.ok).toBe(true);
    const owner = await tryAsUser(
      sql,
      t.members.owner,
      setRole(t.members.viewer.sub, "administrator") as never,
    );
    expect(owner.ok).toBe(true);
    const network = await tryAsUser(
      sql,
      t.members.owner,
      (tx) => tx`update organizations set settings = settings || '{"allow_private_network": true}'
                 where id = ${t.id} returning id`,
    );
    expect(network.ok).toBe(true);
  });
});
