import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { listPlanFeatures } from "@/lib/billing/features";
import { testSql } from "@/tests/support/db";
import { permissionPaths } from "@/tests/support/permission-paths";
import { createTenant, deleteTenants, tryAsAnon, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Issue 20, item 7: plan features are declared once (public.plan_features and
 * public.subscription_plan_features) and enforced in SQL, with the same answer for the app's pages
 * (organization_plan_features) and the pricing page (list_subscription_plans).
 */

let sql: Sql;
let free: TestTenant;
let starter: TestTenant;
let professional: TestTenant;

beforeAll(async () => {
  sql = testSql();
  [free, starter, professional] = await Promise.all([
    createTenant(sql, "Features free"),
    createTenant(sql, "Features starter", { plan: "starter" }),
    createTenant(sql, "Features pro", { plan: "professional" }),
  ]);
});
afterAll(async () => {
  await deleteTenants(sql, [free, starter, professional]);
  await sql.end();
});

type Outcome = { ok: boolean; value?: unknown; error?: { code?: string; message?: string } };
const attempt = (t: TestTenant, resource: string, action: string): Promise<Outcome> =>
  tryAsUser(sql, t.members.administrator, (tx) => permissionPaths[resource]![action]!(tx, t));

describe("SQL refuses what the plan does not include", () => {
  it("connecting GoHighLevel needs Starter", async () => {
    const refused = await attempt(free, "integrations", "create");
    expect(refused).toMatchObject({ ok: false, error: { code: "OFFEA" } });
    expect(refused.error?.message).toBe(
      "GoHighLevel integration is part of the Starter plan and above. Upgrade your plan to use it.",
    );
    expect(await attempt(starter, "integrations", "create")).toMatchObject({ ok: true });
  });

  it("approving commissions and payouts needs Professional", async () => {
    for (const [resource, action] of [
      ["commissions", "approve"],
      ["payouts", "create"],
      ["payouts", "approve"],
    ] as const) {
      for (const t of [free, starter]) {
        const outcome = await attempt(t, resource, action);
        expect(outcome, `${t.slug} ${resource}:${action}`).toMatchObject({
          ok: false,
          error: { code: "OFFEA", message: expect.stringContaining("Professional plan") },
        });
      }
      expect(await attempt(professional, resource, action)).toMatchObject({ ok: true });
    }
  });

  it("tells someone outside the organization nothing about its plan (RLS refuses first)", async () => {
    const outcome = await tryAsUser(sql, professional.members.owner, (tx) =>
      permissionPaths.integrations!.create!(tx, free),
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: "42501" } });
  });

  it("keeps what the service path does (webhooks on an integration made while the plan allowed it)", async () => {
    const [row] = await sql`
      insert into integrations (organization_id, name, location_id) values (${free.id}, 'Before downgrade', 'locdown')
      returning id`;
    expect(row).toBeDefined();
  });

  it("does not let a user ask about another organization's plan through the helpers", async () => {
    const outcome = await tryAsUser(
      sql,
      free.members.owner,
      (tx) => tx`select private.plan_has_feature(${professional.id}, 'ghl_integration')`,
    );
    expect(outcome).toMatchObject({ ok: false, error: { code: "42501" } });
    const rows = await tryAsUser(sql, free.members.owner, (tx) => listPlanFeatures(tx, professional.id));
    expect(rows).toMatchObject({ ok: true, value: [] });
  });
});

describe("one declaration read by the app and the pricing page", () => {
  it("tells every member which features their plan has and the cheapest plan that does", async () => {
    const outcome = await tryAsUser(sql, free.members.viewer, (tx) => listPlanFeatures(tx, free.id));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const byKey = Object.fromEntries(outcome.value.map((f) => [f.feature, f]));
    expect(byKey.ghl_integration).toMatchObject({
      included: false,
      plan_id: "starter",
      plan_name: "Starter",
    });
    expect(byKey.commission_approvals).toMatchObject({ included: false, plan_name: "Professional" });
    expect(byKey.ghl_integration!.description).toMatch(/GoHighLevel location/);
    const own = await tryAsUser(
      sql,
      professional.members.sales,
      (tx) => tx`select public.organization_feature_keys(${professional.id}) as keys`,
    );
    expect(own).toMatchObject({ ok: true, value: [{ keys: ["commission_approvals", "ghl_integration"] }] });
  });

  it("lists each plan's features on the pricing page from the same tables", async () => {
    const outcome = await tryAsAnon(
      sql,
      (tx) => tx`select id, features from public.list_subscription_plans()`,
    );
    if (!outcome.ok) throw new Error(outcome.error.message);
    const features = Object.fromEntries(
      (outcome.value as unknown as { id: string; features: string[] }[]).map((p) => [p.id, p.features]),
    );
    expect(features.starter).toEqual(["Everything in Free", "GoHighLevel integration", "Email support"]);
    expect(features.professional).toEqual([
      "Everything in Starter",
      "Commission approvals and payouts",
      "Priority support",
    ]);
    expect(features.enterprise).toEqual([
      "Everything in Professional",
      "Audit log export",
      "Dedicated success manager",
    ]);
    expect(features.free).not.toContain("GoHighLevel integration");
  });

  it("follows the catalog: a feature added to a plan shows on its pricing card and unlocks it", async () => {
    const outcome = await tryAsUser(sql, free.members.administrator, async (tx) => {
      await tx`set local role postgres`;
      await tx`insert into subscription_plan_features (plan_id, feature) values ('free', 'ghl_integration')`;
      const [plan] = await tx`select features from public.list_subscription_plans() where id = 'free'`;
      await tx`set local role authenticated`;
      await permissionPaths.integrations!.create!(tx, free);
      return plan!.features as string[];
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value).toContain("GoHighLevel integration");
  });
});
