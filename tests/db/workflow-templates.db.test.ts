import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { canonicalDefinition, workflowDefinitionSchema } from "@/lib/workflows/definition";
import { TEMPLATE_CATEGORIES, workflowTemplateCatalog } from "@/lib/workflows/templates";
import { validateWorkflow } from "@/lib/workflows/validate";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/** The shipped workflow templates as the migrations leave them: keyed, valid, equal to the catalog. */

let sql: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "Template keys");
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

type Row = { key: string | null; name: string; category: string; description: string; definition: unknown };
const publicTemplates = () =>
  sql<Row[]>`select key, name, category, description, definition from workflow_templates
             where organization_id is null order by key`;

describe("shipped workflow templates", () => {
  it("are at least 20, each with a key, a picker category and a definition that passes validation", async () => {
    const rows = await publicTemplates();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    for (const row of rows) {
      expect(row.key, row.name).toMatch(/^[a-z0-9-]+$/);
      expect(TEMPLATE_CATEGORIES as readonly string[], row.name).toContain(row.category);
      expect(validateWorkflow(workflowDefinitionSchema.parse(row.definition)), row.name).toEqual([]);
    }
  });

  it("hold exactly the catalog's templates (lib/workflows/templates)", async () => {
    const rows = new Map((await publicTemplates()).map((r) => [r.key, r]));
    for (const template of workflowTemplateCatalog) {
      const row = rows.get(template.key);
      expect(row, template.key).toBeDefined();
      expect({
        ...row!,
        definition: canonicalDefinition(workflowDefinitionSchema.parse(row!.definition)),
      }).toEqual({
        key: template.key,
        name: template.name,
        category: template.category,
        description: template.description,
        definition: template.definition,
      });
    }
  });

  it("give GoHighLevel steps the contact's GoHighLevel id, never Orgflow's", async () => {
    const rows = await sql<{ key: string; definition: unknown }[]>`
      select key, definition from workflow_templates
      where organization_id is null and definition::text like '%"type": "ghl"%'`;
    expect(rows.map((r) => r.key)).toEqual(
      expect.arrayContaining(["ghl-contact-tag-email", "ai-qualify-leads"]),
    );
    for (const row of rows)
      expect(JSON.stringify(row.definition), row.key).not.toContain("trigger.contact.id }}");
  });

  it("keep keys to themselves: an organization cannot key its own template or change a shipped one", async () => {
    const definition = workflowTemplateCatalog[0]!.definition;
    const keyed = await tryAsUser(
      sql,
      tenant.members.owner,
      (tx) =>
        tx`insert into workflow_templates (organization_id, name, definition, key)
           values (${tenant.id}, 'Mine', ${tx.json(definition as never)}, 'missed-call-text-back')`,
    );
    expect(keyed).toMatchObject({ ok: false, error: { code: "42501" } });
    const rekey = await tryAsUser(
      sql,
      tenant.members.owner,
      (tx) => tx`update workflow_templates set key = 'x' where organization_id = ${tenant.id}`,
    );
    expect(rekey).toMatchObject({ ok: false, error: { code: "42501" } });
    // Even the service path cannot key an organization's template, or reuse a shipped key.
    const [own] = await sql<{ id: string }[]>`
      insert into workflow_templates (organization_id, name, definition)
      values (${tenant.id}, 'Own', ${sql.json(definition as never)}) returning id`;
    await expect(
      sql`update workflow_templates set key = 'own-key' where id = ${own!.id}`,
    ).rejects.toMatchObject({
      code: "23514",
    });
    await expect(
      sql`insert into workflow_templates (name, definition, key) values ('Copy', ${sql.json(definition as never)}, 'missed-call-text-back')`,
    ).rejects.toMatchObject({ code: "23505" });
  });
});
