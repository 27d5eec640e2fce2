import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { updateOrganizationSettings } from "@/lib/organizations/settings";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/** The settings page's sections: who may change what, values checked in SQL (retention: run-retention.db.test.ts). */

let sql: Sql;
let tenant: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "Settings");
  other = await createTenant(sql, "Settings other");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant, other]);
  await sql.end();
});

const settingsOf = async (t: TestTenant) =>
  (
    (await sql`select settings from organizations where id = ${t.id}`)[0] as {
      settings: Record<string, unknown>;
    }
  ).settings;

describe("organization settings", () => {
  it("saves a section as an administrator, leaving the operator's keys alone, and audits it", async () => {
    await sql`update organizations set settings = settings || '{"max_concurrent_executions": 3}' where id = ${tenant.id}`;
    const admin = tenant.members.administrator;
    const saved = await withUser(
      admin,
      (tx) =>
        updateOrganizationSettings(tx, tenant.id, {
          section: "regional",
          timezone: "Europe/Lisbon",
          currency: "EUR",
        }),
      sql,
    );
    expect(saved).toMatchObject({ timezone: "Europe/Lisbon", currency: "EUR", allow_private_network: false });
    await withUser(
      admin,
      (tx) => updateOrganizationSettings(tx, tenant.id, { section: "retention", run_retention: "7" }),
      sql,
    );
    expect(await settingsOf(tenant)).toMatchObject({ max_concurrent_executions: 3, run_retention_days: 7 });
    await withUser(
      admin,
      (tx) => updateOrganizationSettings(tx, tenant.id, { section: "retention", run_retention: "plan" }),
      sql,
    );
    expect(await settingsOf(tenant)).not.toHaveProperty("run_retention_days");

    const [entry] = await sql<
      { actor_id: string; changes: Record<string, { after: Record<string, unknown> }> }[]
    >`
      select actor_id, changes from audit_logs where organization_id = ${tenant.id} and resource_type = 'organizations'
      order by id desc limit 1`;
    expect(entry!.actor_id).toBe(admin.sub);
    expect(entry!.changes.settings!.after).not.toHaveProperty("run_retention_days");
  });

  it("lets only an owner open private network access", async () => {
    const open = { section: "network", allow_private_network: true } as const;
    const byAdmin = await tryAsUser(sql, tenant.members.administrator, (tx) =>
      updateOrganizationSettings(tx, tenant.id, open),
    );
    expect(byAdmin).toMatchObject({ ok: false, error: { code: "OFFRB" } });
    const byOwner = await tryAsUser(sql, tenant.members.owner, (tx) =>
      updateOrganizationSettings(tx, tenant.id, open),
    );
    expect(byOwner).toMatchObject({ ok: true, value: { allow_private_network: true } });
    // A viewer cannot save any section, nor anyone in another organization.
    const byViewer = await tryAsUser(sql, tenant.members.viewer, (tx) =>
      updateOrganizationSettings(tx, tenant.id, { section: "branding", brand_color: "#112233" }),
    );
    expect(byViewer.ok).toBe(false);
    const byOutsider = await tryAsUser(sql, other.members.owner, (tx) =>
      updateOrganizationSettings(tx, tenant.id, { section: "branding", brand_color: "#112233" }),
    );
    expect(byOutsider.ok).toBe(false);
  });

  it("refuses bad values and operator keys even when written in SQL directly", async () => {
    const owner = tenant.members.owner;
    const tries = [
      `{"timezone": "Mars/Olympus"}`,
      `{"currency": "dollars"}`,
      `{"brand_color": "red; background: url(x)"}`,
      `{"run_retention_days": 1}`,
      `{"allow_private_network": "yes"}`,
      `{"max_concurrent_executions": 1000}`,
    ];
    for (const patch of tries) {
      const outcome = await tryAsUser(
        sql,
        owner,
        (tx) => tx`update organizations set settings = settings || ${patch}::jsonb where id = ${tenant.id}`,
      );
      expect(outcome.ok, patch).toBe(false);
    }
  });
});
