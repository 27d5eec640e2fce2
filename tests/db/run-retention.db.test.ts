import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql } from "@/lib/db/client";
import { pruneRunHistory, readRunRetention } from "@/lib/executions/retention";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Run history retention per plan: the plan's default, the organization's choice within the plan's
 * maximum, the hourly prune by the effective value, and who may change the choice.
 */

let sql: Sql;
let free: TestTenant;
let freeOverLimit: TestTenant;
let pro: TestTenant;
let proShort: TestTenant;
let enterprise: TestTenant;

beforeAll(async () => {
  sql = testSql();
  [free, freeOverLimit, pro, proShort, enterprise] = await Promise.all([
    createTenant(sql, "Retention free"),
    createTenant(sql, "Retention free downgraded"),
    createTenant(sql, "Retention pro", { plan: "professional" }),
    createTenant(sql, "Retention pro short", { plan: "professional" }),
    createTenant(sql, "Retention enterprise", { plan: "enterprise" }),
  ]);
});
afterAll(async () => {
  await deleteTenants(sql, [free, freeOverLimit, pro, proShort, enterprise]);
  await sql.end();
});

const insertRun = (t: TestTenant, status: string, daysAgo: number) =>
  sql<{ id: string }[]>`
    insert into executions (organization_id, workflow_id, workflow_version_id, trigger_type, status, created_at, completed_at)
    values (${t.id}, ${fixtureId(t, "workflow")}, ${fixtureId(t, "workflow_version")}, 'manual', ${status},
            now() - make_interval(days => ${daysAgo}),
            case when ${status} in ('completed', 'failed', 'cancelled') then now() - make_interval(days => ${daysAgo}) end)
    returning id`.then((r) => r[0]!.id);

const retentionOf = (id: string) => withServiceRoleBypassingRls((tx) => readRunRetention(tx, id), sql);

type Member = "owner" | "administrator" | "viewer";
const retentionInput = (choice: string) => ({
  section: "retention" as const,
  run_retention: choice as "plan",
});
/** Tried and rolled back: for refusals. */
const tryChoose = (t: TestTenant, role: Member, choice: string) =>
  tryAsUser(sql, t.members[role], (tx) => updateOrganizationSettings(tx, t.id, retentionInput(choice)));
/** Saved, as the settings page saves it. */
const choose = (t: TestTenant, role: Member, choice: string) =>
  withUser(t.members[role], (tx) => updateOrganizationSettings(tx, t.id, retentionInput(choice)), sql);

describe("retention per plan", () => {
  it("is declared by each plan beside its limits", async () => {
    const plans = await sql<
      { id: string; run_retention_days: number | null; max_run_retention_days: number | null }[]
    >`
      select id, run_retention_days, max_run_retention_days from subscription_plans
      where id in ('free', 'starter', 'professional', 'enterprise') order by position`;
    expect(plans).toEqual([
      { id: "free", run_retention_days: 7, max_run_retention_days: 7 },
      { id: "starter", run_retention_days: 30, max_run_retention_days: 90 },
      { id: "professional", run_retention_days: 90, max_run_retention_days: 365 },
      { id: "enterprise", run_retention_days: 365, max_run_retention_days: null },
    ]);
  });

  it("lets a member choose within the plan only, with organizations:update, and audits the change", async () => {
    // Free keeps 7 days at most: longer, or for good, is refused as an upgrade (feature_locked).
    expect(await tryChoose(free, "owner", "30")).toMatchObject({ ok: false, error: { code: "OFFEA" } });
    expect(await tryChoose(free, "owner", "forever")).toMatchObject({ ok: false, error: { code: "OFFEA" } });
    expect(await tryChoose(free, "owner", "7")).toMatchObject({ ok: true, value: { run_retention_days: 7 } });
    // A viewer may not change it at all, nor an owner of another organization.
    expect((await tryChoose(pro, "viewer", "30")).ok).toBe(false);
    const byOutsider = await tryAsUser(sql, free.members.owner, (tx) =>
      updateOrganizationSettings(tx, pro.id, { section: "retention", run_retention: "30" }),
    );
    expect(byOutsider.ok).toBe(false);
    expect(await retentionOf(pro.id)).toMatchObject({ choice: null, effective_days: 90 });

    expect(await choose(pro, "administrator", "365")).toMatchObject({ run_retention_days: 365 });
    expect(await tryChoose(pro, "administrator", "forever")).toMatchObject({
      ok: false,
      error: { code: "OFFEA" },
    });
    expect(await choose(enterprise, "owner", "forever")).toMatchObject({ run_retention_days: "forever" });

    const [entry] = await sql<
      { actor_id: string; changes: Record<string, { after: Record<string, unknown> }> }[]
    >`
      select actor_id, changes from audit_logs where organization_id = ${pro.id} and resource_type = 'organizations'
      order by id desc limit 1`;
    expect(entry!.actor_id).toBe(pro.members.administrator.sub);
    expect(entry!.changes.settings!.after).toMatchObject({ run_retention_days: 365 });

    // As the member reads it on the settings page.
    const seen = await withUser(pro.members.administrator, (tx) => readRunRetention(tx, pro.id), sql);
    expect(seen).toEqual({
      plan_name: "Professional",
      plan_default_days: 90,
      plan_max_days: 365,
      choice: 365,
      effective_days: 365,
    });
    // Back to the plan's default.
    expect(await choose(pro, "administrator", "plan")).toMatchObject({ run_retention_days: null });
    expect(await retentionOf(pro.id)).toMatchObject({ choice: null, effective_days: 90 });
  });

  it("prunes each organization by its effective retention, and never another organization's runs", async () => {
    // The Free organization keeps 7 days by default.
    const freeOld = await insertRun(free, "completed", 10);
    const freeOldFailed = await insertRun(free, "failed", 30);
    const freeRecent = await insertRun(free, "completed", 3);
    const freeWaiting = await insertRun(free, "waiting", 30); // never deleted while it waits
    // Started long ago, finished two days ago: retention counts from the end.
    const freeLongWait = await insertRun(free, "completed", 30);
    await sql`update executions set completed_at = now() - interval '2 days' where id = ${freeLongWait}`;
    // Chose a year while on a paid plan, then downgraded to Free: cut to Free's 7 days.
    await sql`update organizations set settings = settings || '{"run_retention_days": 365}' where id = ${freeOverLimit.id}`;
    const downgradedOld = await insertRun(freeOverLimit, "completed", 10);
    // Professional keeps 90 days by default.
    const proOld = await insertRun(pro, "completed", 60);
    const proOlder = await insertRun(pro, "completed", 100);
    // Professional that chose 30 days: its own choice counts.
    await sql`update organizations set settings = settings || '{"run_retention_days": 30}' where id = ${proShort.id}`;
    const proShortOld = await insertRun(proShort, "completed", 40);
    const proShortRecent = await insertRun(proShort, "cancelled", 20);
    // Enterprise chose to keep everything.
    const enterpriseAncient = await insertRun(enterprise, "completed", 1000);

    expect(await retentionOf(freeOverLimit.id)).toMatchObject({ choice: 365, effective_days: 7 });
    expect(await retentionOf(enterprise.id)).toMatchObject({ choice: "forever", effective_days: null });

    expect(await pruneRunHistory(sql)).toBeGreaterThanOrEqual(5);
    const all = [
      freeOld,
      freeOldFailed,
      freeRecent,
      freeWaiting,
      freeLongWait,
      downgradedOld,
      proOld,
      proOlder,
      proShortOld,
      proShortRecent,
      enterpriseAncient,
    ];
    const left = (await sql<{ id: string }[]>`select id from executions where id = any(${all}::uuid[])`).map(
      (r) => r.id,
    );
    expect(left.sort()).toEqual(
      [freeRecent, freeWaiting, freeLongWait, proOld, proShortRecent, enterpriseAncient].sort(),
    );
    // The tenants' own fixture runs (made now) are untouched.
    const [fixtures] = await sql<{ n: number }[]>`
      select count(*)::int as n from executions
      where id = any(${[free, pro, proShort, enterprise].map((t) => fixtureId(t, "execution"))}::uuid[])`;
    expect(fixtures!.n).toBe(4);
  });
});
