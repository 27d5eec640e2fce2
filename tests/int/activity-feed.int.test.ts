import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { auditSentence } from "@/lib/organizations/audit-format";
import { listAuditLog } from "@/lib/organizations/audit-log";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, sha256, type TestTenant } from "@/tests/support/tenants";

/** The dashboard's activity feed and the audit log read as sentences about people, not tables. */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql(2);
  tenant = await createTenant(sql, "Activity");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

describe("activity sentences", () => {
  it("names the member a change is about and the invited address with its role", async () => {
    const owner = tenant.members.owner;
    const email = `sam-${randomUUID().slice(0, 8)}@acme.test`;
    await withUser(owner, async (tx) => {
      await tx`update organization_members set role = 'sales'
               where organization_id = ${tenant.id} and user_id = ${tenant.target.sub}`;
      await tx`insert into invitations (organization_id, email, role, token_hash, invited_by)
               values (${tenant.id}, ${email}, 'sales', ${sha256(randomUUID())}, ${owner.sub})`;
    });
    const [profile] = await sql<{ name: string }[]>`
      select coalesce(display_name, email) as name from profiles where id = ${tenant.target.sub}`;

    const { entries } = await withUser(owner, (tx) => listAuditLog(tx, tenant.id, {}, 5));
    const [ownerName] = await sql<{ name: string }[]>`
      select coalesce(display_name, email) as name from profiles where id = ${owner.sub}`;
    const lines = entries.map((e) => `${e.actor_name} ${auditSentence(e)}`);
    expect(lines).toContain(`${ownerName!.name} invited ${email} as Sales`);
    expect(lines).toContain(`${ownerName!.name} changed ${profile!.name}'s role from Viewer to Sales`);
  });
});
