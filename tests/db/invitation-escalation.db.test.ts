import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: inviting took members:create alone, whatever the role invited as. A member whose custom
 * role lets them invite (members:create) but holds little else could invite a second address of
 * theirs as an administrator and accept it; with members:update they could also turn an open
 * viewer invitation into an administrator one, or point it at another address. An invitation's
 * role is now held like a role change: whoever is not an owner invites only as a role whose
 * permissions they hold.
 */

let sql: Sql;
let t: TestTenant;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Invites", { plan: "enterprise" });
  const [hr] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'Recruiter', '{members:read,members:create,members:update}') returning id`;
  await sql`update organization_members set custom_role_id = ${hr!.id}
            where organization_id = ${t.id} and user_id = ${t.members.sales.sub}`;
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

const tokenHash = () => createHash("sha256").update(randomBytes(16)).digest("hex");
const invite =
  (role: string, email = `new-${randomBytes(4).toString("hex")}@example.test`) =>
  (tx: Sql) =>
    tx`insert into invitations (organization_id, email, role, token_hash)
     values (${t.id}, ${email}, ${role}, ${tokenHash()}) returning id`;

describe("invitations: nobody invites above what they hold", () => {
  it("a recruiter cannot invite someone as an administrator", async () => {
    const outcome = await tryAsUser(sql, t.members.sales, invite("administrator") as never);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/permissions you have yourself/);
  });

  it("nor turn an open viewer invitation into an administrator one", async () => {
    const [open] = await sql<{ id: string }[]>`
      insert into invitations (organization_id, email, role, token_hash)
      values (${t.id}, 'viewer-to-be@example.test', 'viewer', ${tokenHash()}) returning id`;
    const outcome = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update invitations set role = 'administrator' where id = ${open!.id} returning id`,
    );
    expect(outcome.ok).toBe(false);
  });

  it("nor send an administrator invitation to another address", async () => {
    const [open] = await sql<{ id: string }[]>`
      insert into invitations (organization_id, email, role, token_hash)
      values (${t.id}, 'admin-to-be@example.test', 'administrator', ${tokenHash()}) returning id`;
    const outcome = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update invitations set email = 'me-again@example.test' where id = ${open!.id} returning id`,
    );
    expect(outcome.ok).toBe(false);
  });

  it("an administrator invites administrators, and the recruiter may still resend and withdraw", async () => {
    const admin = await tryAsUser(sql, t.members.administrator, invite("administrator") as never);
    expect(admin.ok).toBe(true);
    const [open] = await sql<{ id: string }[]>`
      insert into invitations (organization_id, email, role, token_hash)
      values (${t.id}, 'resend-me@example.test', 'administrator', ${tokenHash()}) returning id`;
    const resend = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update invitations set token_hash = ${tokenHash()}, expires_at = now() + interval '7 days'
                 where id = ${open!.id} returning id`,
    );
    expect(resend.ok).toBe(true);
    const withdraw = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update invitations set revoked_at = now() where id = ${open!.id} returning id`,
    );
    expect(withdraw.ok).toBe(true);
  });
});
