import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Red team: a member sees the commissions and payouts of the team member linked to their login
 * (private.visible_team_members), and everyone's only with team_commissions:read. Linking a login
 * to a team member took team_members:update alone, so a member allowed to edit the team (a custom
 * role) linked themselves to a colleague's team member and read that colleague's commissions and
 * payouts. Linking a login now asks for team_commissions:read (what the link reveals).
 */

let sql: Sql;
let t: TestTenant;
let colleague: string;

beforeAll(async () => {
  sql = testSql();
  t = await createTenant(sql, "Team link");
  const [lead] = await sql<{ id: string }[]>`
    insert into custom_roles (organization_id, name, permissions)
    values (${t.id}, 'Team editor',
            '{team_members:read,team_members:create,team_members:update,commissions:read,payouts:read}')
    returning id`;
  await sql`update organization_members set custom_role_id = ${lead!.id}
            where organization_id = ${t.id} and user_id = ${t.members.sales.sub}`;
  const [row] = await sql<{ id: string }[]>`
    insert into team_members (organization_id, full_name, external_id, commission_rate)
    values (${t.id}, 'Colleague Rep', ${`ghl-${randomUUID()}`}, 10) returning id`;
  colleague = row!.id;
});
afterAll(async () => {
  await deleteTenants(sql, [t]);
  await sql.end();
});

describe("linking a login to a team member", () => {
  it("a team editor cannot link themselves to a colleague to read their commissions", async () => {
    const outcome = await tryAsUser(sql, t.members.sales, async (tx) => {
      await tx`update team_members set user_id = ${t.members.sales.sub} where id = ${colleague}`;
      return tx<{ id: string }[]>`select id from private.visible_team_members('commissions') id`;
    });
    expect(outcome.ok).toBe(false);
  });

  it("nor add a team member linked to a login", async () => {
    const outcome = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`insert into team_members (organization_id, full_name, user_id)
                 values (${t.id}, 'Me again', ${t.members.sales.sub}) returning id`,
    );
    expect(outcome.ok).toBe(false);
  });

  it("still edits the team otherwise, and an administrator links logins", async () => {
    const rename = await tryAsUser(
      sql,
      t.members.sales,
      (tx) => tx`update team_members set full_name = 'Colleague R.' where id = ${colleague} returning id`,
    );
    expect(rename.ok).toBe(true);
    const link = await tryAsUser(
      sql,
      t.members.administrator,
      (tx) =>
        tx`update team_members set user_id = ${t.members.viewer.sub} where id = ${colleague} returning id`,
    );
    expect(link.ok).toBe(true);
  });
});
