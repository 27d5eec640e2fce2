import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { diffInstall, previewUninstall } from "@/lib/blueprints/update";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { getWorkflowTx, saveDraftTx } from "@/lib/workflows/workflows";
import { testSql } from "@/tests/support/db";
import { addMember, createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The server actions read the session: the signed-in member's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const { publishBlueprintAction, installBlueprintAction, updateInstallAction, uninstallBlueprintAction } =
  await import("@/lib/blueprints/actions");

/**
 * Issue #22, item 3, through the server actions: an agency publishes a project as a blueprint,
 * installs it into a client organization with its variables, the client edits an item, the agency
 * publishes v2, the update keeps the client's edit and reports the conflict while updating the rest,
 * and uninstalling removes exactly what the install made.
 */

let sql: Sql;
let agency: TestTenant;
let client: TestTenant;
let outsider: TestTenant;
let projectId: string;
const ids = { workflow: "", agent: "", bot: "" };

function form(fields: Record<string, string | string[]>, slug: string): FormData {
  const data = new FormData();
  data.set("organization", slug);
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) data.append(k, x);
    else data.set(k, v);
  }
  return data;
}

function flow(agentId: string, note: string) {
  return {
    nodes: [
      { id: "manual_1", type: "manual", position: { x: 0, y: 0 }, data: { config: {} } },
      {
        id: "ai_1",
        type: "ai",
        position: { x: 300, y: 0 },
        data: { label: note, config: { agent_id: agentId, location: "{{blueprint.location}}" } },
      },
    ],
    edges: [{ id: "e1", source: "manual_1", sourceHandle: "out", target: "ai_1", targetHandle: "in" }],
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

/** Every item of the organization (not in the trash), to compare before and after. */
async function itemsOf(t: TestTenant) {
  const rows = await sql<{ id: string }[]>`
    select id from workflows where organization_id = ${t.id} and deleted_at is null
    union all select id from bots where organization_id = ${t.id}
    union all select id from agents where organization_id = ${t.id}
    union all select id from commission_plans where organization_id = ${t.id}
    order by 1`;
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  sql = testSql(4);
  [agency, client, outsider] = await Promise.all([
    createTenant(sql, "Agency", { plan: "enterprise" }),
    createTenant(sql, "Client", { plan: "enterprise" }),
    createTenant(sql, "Outsider", { plan: "enterprise" }),
  ]);
  // The agency's owner manages the client organization too.
  await addMember(sql, client.id, agency.members.owner.sub, "administrator");
  const [p] = await sql<{ id: string }[]>`
    insert into projects (organization_id, name) values (${agency.id}, 'Roofing leads') returning id`;
  projectId = p!.id;
  const [ag] = await sql<{ id: string }[]>`
    insert into agents (organization_id, name, instructions, project_id)
    values (${agency.id}, 'Qualifier', 'Qualify the lead.', ${projectId}) returning id`;
  ids.agent = ag!.id;
  const [wf] = await sql<{ id: string }[]>`
    insert into workflows (organization_id, name, definition, project_id)
    values (${agency.id}, 'Follow up', ${sql.json(flow(ids.agent, "v1"))}, ${projectId}) returning id`;
  ids.workflow = wf!.id;
  // The agent starts the workflow: a reference made before the workflow exists at install.
  await sql`update agents set tools = ${sql.json([{ type: "start_workflow", workflow_id: ids.workflow }])}
            where id = ${ids.agent}`;
  const [bot] = await sql<{ id: string }[]>`
    insert into bots (organization_id, name, project_id) values (${agency.id}, 'Roof bot', ${projectId}) returning id`;
  ids.bot = bot!.id;
  await sql`insert into chatbot_workflows (organization_id, bot_id) values (${agency.id}, ${ids.bot})`;
  const [doc] = await sql<{ id: string }[]>`
    insert into documents (organization_id, bot_id, title, source, mime_type, status, progress)
    values (${agency.id}, ${ids.bot}, 'FAQ', 'text', 'text/plain', 'ready', 100) returning id`;
  for (let i = 0; i < 3; i++)
    await sql`insert into document_chunks (organization_id, bot_id, document_id, position, content, token_count)
              values (${agency.id}, ${ids.bot}, ${doc!.id}, ${i}, ${`We fix roofs, answer ${i}.`}, 6)`;
});
afterAll(async () => {
  await deleteTenants(sql, [agency, client, outsider]);
  await sql.end();
});

const variables = JSON.stringify([{ key: "location", label: "GHL location", type: "ghl_location_id" }]);

describe("blueprints: publish, install, edit, update, uninstall", () => {
  let v1 = "";
  let v2 = "";
  let blueprintId = "";
  let installId = "";
  let before: string[] = [];

  it("publishes a project as version 1.0.0, refusing bad versions", async () => {
    signedIn.claims = agency.members.owner;
    const bad = await publishBlueprintAction(
      null,
      form(
        { project_id: projectId, name: "Roofing", slug: "roofing", version: "1.0", variables },
        agency.slug,
      ),
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: { version: [expect.any(String)] } },
    });
    signedIn.claims = agency.members.viewer;
    const viewer = await publishBlueprintAction(
      null,
      form(
        { project_id: projectId, name: "Roofing", slug: "roofing", version: "1.0.0", variables },
        agency.slug,
      ),
    );
    expect(viewer).toMatchObject({ ok: false, error: { code: "forbidden" } });
    signedIn.claims = agency.members.owner;
    const made = await publishBlueprintAction(
      null,
      form(
        {
          project_id: projectId,
          name: "Roofing",
          slug: "roofing",
          version: "1.0.0",
          changelog: "First",
          variables,
        },
        agency.slug,
      ),
    );
    expect(made).toMatchObject({ ok: true, data: { version: "1.0.0" } });
    if (!made.ok) return;
    blueprintId = made.data.blueprintId;
    v1 = made.data.id;
    const [summary] = await sql`select summary from blueprint_versions where id = ${v1}`;
    expect(summary!.summary).toEqual({ workflows: 1, bots: 1, agents: 1, commission_plans: 0, chunks: 3 });
    const again = await publishBlueprintAction(
      null,
      form({ project_id: projectId, blueprint_id: blueprintId, version: "1.0.0", variables }, agency.slug),
    );
    expect(again).toMatchObject({
      ok: false,
      error: { fields: { version: ["Use a version above 1.0.0."] } },
    });
  });

  it("installs into the client with its variables, mapping references, as the installing member", async () => {
    before = await itemsOf(client);
    // An outsider does not see a private blueprint; a client viewer may not install.
    signedIn.claims = outsider.members.owner;
    expect(
      await installBlueprintAction(null, form({ version_id: v1, "var.location": "LOC1" }, outsider.slug)),
    ).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    signedIn.claims = client.members.viewer;
    expect(
      await installBlueprintAction(null, form({ version_id: v1, "var.location": "LOC1" }, client.slug)),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    signedIn.claims = agency.members.owner;
    const bad = await installBlueprintAction(
      null,
      form({ version_id: v1, "var.location": "loc 1; drop" }, client.slug),
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: { "var.location": [expect.any(String)] } },
    });
    expect(await itemsOf(client)).toEqual(before);

    const done = await installBlueprintAction(
      null,
      form({ version_id: v1, "var.location": "LOC1" }, client.slug),
    );
    expect(done).toMatchObject({ ok: true, data: { created: 3 } });
    if (!done.ok) return;
    installId = done.data.id;
    const [wf] = await sql`select id, definition from workflows where organization_id = ${client.id}
                           and id in (select item_id from installed_blueprint_items where installed_blueprint_id = ${installId})`;
    const [ag] =
      await sql`select id, tools from agents where organization_id = ${client.id} and name = 'Qualifier'`;
    const ai = (wf!.definition as ReturnType<typeof flow>).nodes[1]!.data.config;
    expect(ai).toEqual({ agent_id: ag!.id, location: "LOC1" });
    expect(ag!.tools).toEqual([{ type: "start_workflow", workflow_id: wf!.id }]);
    const [chunks] =
      await sql`select count(*)::int as n from document_chunks where organization_id = ${client.id}
                               and bot_id in (select id from bots where organization_id = ${client.id} and name = 'Roof bot')`;
    expect(chunks!.n).toBe(3);
    const [bp] = await sql`select downloads from blueprints where id = ${blueprintId}`;
    expect(bp!.downloads).toBe(1);
    expect(
      await installBlueprintAction(null, form({ version_id: v1, "var.location": "LOC1" }, client.slug)),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
  });

  it("updates to v2: untouched items updated, the client's edit kept and reported, new items added", async () => {
    // The client edits the installed workflow.
    const [item] = await sql<{ item_id: string }[]>`
      select item_id from installed_blueprint_items where installed_blueprint_id = ${installId} and kind = 'workflow'`;
    const clientFlowId = item!.item_id;
    await withUser(
      client.members.owner,
      async (tx) => {
        const w = (await getWorkflowTx(tx, client.id, clientFlowId))!;
        const edited = structuredClone(w.definition);
        edited.nodes[1]!.data.label = "Our own wording";
        await saveDraftTx(tx, client.id, clientFlowId, w.version, edited);
      },
      sql,
    );
    // The agency changes the workflow and the agent and adds an agent.
    await sql`update workflows set definition = ${sql.json(flow(ids.agent, "v2"))} where id = ${ids.workflow}`;
    await sql`update agents set instructions = 'Qualify, then book.' where id = ${ids.agent}`;
    await sql`insert into agents (organization_id, name, instructions, project_id)
              values (${agency.id}, 'Booker', 'Book a visit.', ${projectId})`;
    signedIn.claims = agency.members.owner;
    const published = await publishBlueprintAction(
      null,
      form(
        {
          project_id: projectId,
          blueprint_id: blueprintId,
          version: "1.1.0",
          changelog: "Booking",
          variables,
        },
        agency.slug,
      ),
    );
    expect(published).toMatchObject({ ok: true });
    if (published.ok) v2 = published.data.id;

    const diff = await withUser(
      agency.members.owner,
      (tx) => diffInstall(tx, client.id, { installId, versionId: v2 }),
      sql,
    );
    const actions = Object.fromEntries(diff.entries.map((e) => [e.name, e.action]));
    expect(actions).toEqual({
      "Follow up": "conflict",
      Qualifier: "update",
      "Roof bot": "unchanged",
      Booker: "add",
    });

    const updated = await updateInstallAction(
      null,
      form({ install_id: installId, version_id: v2 }, client.slug),
    );
    expect(updated).toMatchObject({ ok: true, data: { version: "1.1.0" } });
    if (!updated.ok) return;
    expect(updated.data.entries.find((e) => e.action === "conflict")).toMatchObject({
      name: "Follow up",
      reason: expect.stringContaining("your version is kept"),
    });
    expect(updated.message).toContain("1 item edited here kept");
    const [wf] = await sql`select definition from workflows where id = ${clientFlowId}`;
    expect((wf!.definition as ReturnType<typeof flow>).nodes[1]!.data.label).toBe("Our own wording");
    const agents =
      await sql`select name, instructions from agents where organization_id = ${client.id} order by name`;
    expect(agents.filter((a) => a.name !== "Fixture agent")).toEqual([
      { name: "Booker", instructions: "Book a visit." },
      { name: "Qualifier", instructions: "Qualify, then book." },
    ]);
    const [install] = await sql`select version from installed_blueprints where id = ${installId}`;
    expect(install!.version).toBe("1.1.0");
  });

  it("uninstalls exactly what the install made, keeping edited items unless told to remove them", async () => {
    const [mine] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name) values (${client.id}, 'The client''s own') returning id`;
    const preview = await withUser(
      agency.members.owner,
      (tx) => previewUninstall(tx, client.id, { installId }),
      sql,
    );
    expect(preview.items.map((i) => [i.name, i.edited]).sort()).toEqual([
      ["Booker", false],
      ["Follow up", true],
      ["Qualifier", false],
      ["Roof bot", false],
    ]);
    signedIn.claims = client.members.sales;
    expect(await uninstallBlueprintAction(null, form({ install_id: installId }, client.slug))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    signedIn.claims = agency.members.owner;
    const gone = await uninstallBlueprintAction(
      null,
      form({ install_id: installId, edited: "remove" }, client.slug),
    );
    expect(gone).toMatchObject({ ok: true, data: { removed: 4, kept: [] } });
    expect(await itemsOf(client)).toEqual([...before, mine!.id].sort());
    const [left] = await sql`
      select (select count(*) from installed_blueprints where id = ${installId})::int
           + (select count(*) from installed_blueprint_items where installed_blueprint_id = ${installId})::int as n`;
    expect(left!.n).toBe(0);
  });

  it("keeps an edited item on uninstall by default and says so", async () => {
    signedIn.claims = agency.members.owner;
    const done = await installBlueprintAction(
      null,
      form({ version_id: v2, "var.location": "LOC2" }, client.slug),
    );
    expect(done).toMatchObject({ ok: true, data: { created: 4 } });
    if (!done.ok) return;
    await sql`update agents set instructions = 'Edited by the client.'
              where id in (select item_id from installed_blueprint_items
                           where installed_blueprint_id = ${done.data.id} and kind = 'agent') and name = 'Booker'`;
    const gone = await uninstallBlueprintAction(null, form({ install_id: done.data.id }, client.slug));
    expect(gone).toMatchObject({ ok: true, data: { removed: 3, kept: [{ name: "Booker", kind: "agent" }] } });
    const [kept] =
      await sql`select instructions from agents where organization_id = ${client.id} and name = 'Booker'`;
    expect(kept!.instructions).toBe("Edited by the client.");
  });
});
