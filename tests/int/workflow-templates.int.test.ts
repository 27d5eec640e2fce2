import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql, type Tx, type UserClaims } from "@/lib/db/client";
import * as library from "@/lib/workflows/template-library";
import { validateWorkflow } from "@/lib/workflows/validate";
import { createWorkflowTx, getWorkflowTx, publishWorkflowWithToken } from "@/lib/workflows/workflows";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// Each call in one transaction as the member, as the action or page that makes it opens.
function asMember<A extends unknown[], R>(fn: (tx: Tx, ...args: A) => Promise<R>) {
  return (claims: UserClaims, ...args: A) => withUser(claims, (tx) => fn(tx, ...args));
}
const createWorkflow = asMember(createWorkflowTx);
const getWorkflow = asMember(getWorkflowTx);
const publishWorkflow = asMember(publishWorkflowWithToken);
const listTemplates = asMember(library.listTemplates);
const createFromTemplate = asMember(library.createFromTemplate);
const deleteTemplate = asMember(library.deleteTemplate);
const saveAsTemplate = asMember(library.saveAsTemplate);

/**
 * Templates through the app's functions: every shipped one makes a valid, publishable draft;
 * an organization's own are saved from a workflow, deleted by those allowed, never the shipped ones.
 */

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

describe("createFromTemplate", () => {
  it("makes a valid draft, ready to publish, from every shipped template", async () => {
    const shipped = (await listTemplates(a.members.owner, a.id)).filter((t) => t.organization_id === null);
    expect(shipped.length).toBeGreaterThanOrEqual(20);
    for (const template of shipped) {
      const { id } = await createFromTemplate(a.members.administrator, a.id, { templateId: template.id });
      const draft = await getWorkflow(a.members.administrator, a.id, id);
      expect(draft, template.name).toMatchObject({
        name: template.name,
        description: template.description,
        status: "draft",
      });
      expect(new Set(draft!.definition.nodes.map((n) => n.type)), template.name).toEqual(
        new Set(template.node_types),
      );
      expect(validateWorkflow(draft!.definition), template.name).toEqual([]);
      const published = await publishWorkflow(a.members.administrator, a.id, id, {
        expectedVersion: draft!.version,
      });
      expect(published.version.version, template.name).toBe(1);
    }
  });

  it("lists each shipped template with its key and preview graph", async () => {
    const templates = await listTemplates(a.members.owner, a.id);
    const missedCall = templates.find((t) => t.key === "missed-call-text-back");
    expect(missedCall).toMatchObject({ category: "Leads", organization_id: null });
    expect(missedCall!.preview.nodes.map((n) => n.type)).toEqual(["webhook", "ghl", "ghl", "notify"]);
    expect(missedCall!.preview.edges).toHaveLength(3);
  });

  it("refuses a template of another organization and a viewer without workflows:create", async () => {
    const id = await ownTemplate();
    await expect(createFromTemplate(b.members.owner, b.id, { templateId: id })).rejects.toMatchObject({
      code: "not_found",
    });
    const shipped = (await listTemplates(a.members.owner, a.id)).find((t) => t.organization_id === null)!;
    await expect(createFromTemplate(a.members.viewer, a.id, { templateId: shipped.id })).rejects.toThrow();
  });
});
