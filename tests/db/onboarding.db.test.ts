import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { dismissOnboarding, readOnboardingProgress } from "@/lib/organizations/onboarding";
import { createTestUser, testSql } from "@/tests/support/db";
import {
  addMember,
  createTenant,
  deleteTenants,
  insertRow,
  tenantRowFactories,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/** The dashboard's getting-started checklist: each step ticks only when the thing exists. */

describe("onboarding checklist", () => {
  let sql: Sql;
  let other: TestTenant;
  const users: string[] = [];
  let org: { id: string };
  let owner: Awaited<ReturnType<typeof createTestUser>>;
  let admin: Awaited<ReturnType<typeof createTestUser>>;

  beforeAll(async () => {
    sql = testSql();
    other = await createTenant(sql, "Onboarding other");
    owner = await createTestUser(sql);
    admin = await createTestUser(sql);
    users.push(owner.sub, admin.sub);
    const suffix = randomBytes(4).toString("hex");
    [org] = (await sql`
      select id from private.create_organization_for(${owner.sub}, ${`Roofing ${suffix}`}, ${`roof-${suffix}`})`) as unknown as [
      { id: string },
    ];
  });
  afterAll(async () => {
    await deleteTenants(sql, [other]);
    await sql`delete from organizations where created_by = any(${users}::uuid[])`;
    await sql`delete from auth.users where id = any(${users}::uuid[])`;
    await sql.end();
  });

  const progress = (user = owner) =>
    withUser(user, (tx) => readOnboardingProgress(tx, org.id, user.sub), sql);

  it("starts with nothing done, and ticks each step when the thing really exists", async () => {
    expect(await progress()).toEqual({
      done: { invite: false, ghl: false, workflow: false, bot: false, commissions: false },
      dismissed: false,
      completed: 0,
      planWithoutRules: false,
    });
    const t = { id: org.id, members: { owner } } as unknown as TestTenant;
    const row = (table: string) => ({ organization_id: org.id, ...tenantRowFactories[table]!(t) });

    await addMember(sql, org.id, admin.sub, "administrator");
    await insertRow(sql, "commission_plans", row("commission_plans"));
    // A plan with no rule pays nobody: not done, and the step asks for a rule.
    expect(await progress()).toMatchObject({ planWithoutRules: true });
    expect((await progress()).done.commissions).toBe(false);
    await insertRow(sql, "commission_rules", row("commission_rules"));
    await insertRow(sql, "integrations", row("integrations"));
    await insertRow(sql, "workflows", row("workflows"));
    await insertRow(sql, "bots", row("bots"));
    // A draft workflow and a document still being read are not done yet.
    await insertRow(sql, "documents", { ...row("documents"), status: "processing", progress: 10 });
    expect((await progress()).done).toEqual({
      invite: true,
      ghl: true,
      workflow: false,
      bot: false,
      commissions: true,
    });

    const version = await insertRow(sql, "workflow_versions", row("workflow_versions"));
    await sql`update workflows set status = 'active', published_version_id = ${version.id}, published_at = now()
              where organization_id = ${org.id}`;
    await sql`update documents set status = 'ready', progress = 100 where organization_id = ${org.id}`;
    expect(await progress()).toMatchObject({ completed: 5, dismissed: false, planWithoutRules: false });
    // A workflow in the trash is not the organization's first workflow any more.
    await sql`update workflows set deleted_at = now() where organization_id = ${org.id}`;
    expect((await progress()).done.workflow).toBe(false);
    await sql`update workflows set deleted_at = null where organization_id = ${org.id}`;

    await sql`update integrations set status = 'disconnected' where organization_id = ${org.id}`;
    expect((await progress()).done.ghl).toBe(false);
  });

  it("is dismissed per member and per organization, and only for oneself", async () => {
    await withUser(owner, (tx) => dismissOnboarding(tx, org.id, owner.sub), sql);
    await withUser(owner, (tx) => dismissOnboarding(tx, org.id, owner.sub), sql); // twice is fine
    expect((await progress(owner)).dismissed).toBe(true);
    expect((await progress(admin)).dismissed).toBe(false);

    // Nobody can put it away for someone else, nor in an organization they are not in.
    const forOther = await tryAsUser(sql, owner, (tx) => dismissOnboarding(tx, org.id, admin.sub));
    expect(forOther.ok).toBe(false);
    const elsewhere = await tryAsUser(sql, owner, (tx) => dismissOnboarding(tx, other.id, owner.sub));
    expect(elsewhere.ok).toBe(false);
    // Nor read another organization's progress.
    const peek = await withUser(owner, (tx) => readOnboardingProgress(tx, other.id, owner.sub), sql);
    expect(peek.completed).toBe(0);
  });
});
