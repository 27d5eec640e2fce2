import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { createWorkflow, deleteTemplate, listTemplates, saveAsTemplate } from "@/lib/workflows/workflows";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** An organization's own templates: saved from a workflow, deleted by those allowed, never the shipped ones. */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Templates A");
  b = await createTenant(sql, "Templates B");
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

async function ownTemplate(): Promise<string> {
  const { id: workflowId } = await createWorkflow(a.members.owner, a.id, { name: "Source" });
  const { id } = await saveAsTemplate(a.members.owner, a.id, workflowId, {
    name: `Template ${Date.now()}`,
    category: "Sales",
    description: "Ours",
  });
  return id;
}

describe("deleteTemplate", () => {
  it("deletes the organization's own template for a member with workflows:delete", async () => {
    const id = await ownTemplate();
    await deleteTemplate(a.members.administrator, a.id, id);
    const left = await listTemplates(a.members.owner, a.id);
    expect(left.some((t) => t.id === id)).toBe(false);
  });

  it("refuses a role without workflows:delete and leaves the template", async () => {
    const id = await ownTemplate();
    await expect(deleteTemplate(a.members.viewer, a.id, id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await listTemplates(a.members.owner, a.id)).some((t) => t.id === id)).toBe(true);
  });

  it("refuses the shipped public templates and other organizations' templates", async () => {
    const shipped = (await listTemplates(a.members.owner, a.id)).find((t) => t.organization_id === null);
    expect(shipped).toBeDefined();
    await expect(deleteTemplate(a.members.owner, a.id, shipped!.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    const id = await ownTemplate();
    await expect(deleteTemplate(b.members.owner, b.id, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTemplate(b.members.owner, a.id, id)).rejects.toMatchObject({ code: "not_found" });
  });
});
