import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { createProject, setItemProject, setProjectArchived } from "@/lib/projects/projects";
import { listProjectItems, listProjects } from "@/lib/projects/queries";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Projects (issue #22, item 2): items of one organization grouped by a nullable project_id, never
 * across organizations; the organization's permission matrix decides (administrators manage,
 * others read); archiving a project archives its workflows and bots and pauses its agents, and
 * restoring gives each its status back; what the member may not change refuses the whole archive.
 */

describe("projects", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Projects A"), createTenant(sql, "Projects B")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  async function items(t: TestTenant, suffix: string) {
    const [w] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name, status) values (${t.id}, ${"Flow " + suffix}, 'draft') returning id`;
    const [bot] = await sql<{ id: string }[]>`
      insert into bots (organization_id, name, status) values (${t.id}, ${"Bot " + suffix}, 'paused') returning id`;
    const [agent] = await sql<{ id: string }[]>`
      insert into agents (organization_id, name) values (${t.id}, ${"Agent " + suffix}) returning id`;
    return { workflow: w!.id, bot: bot!.id, agent: agent!.id };
  }

  it("groups an organization's items and lists them by project", async () => {
    const owner = a.members.owner;
    const { id } = await withUser(
      owner,
      (tx) => createProject(tx, a.id, { name: "Spring", description: "" }, owner.sub),
      sql,
    );
    const made = await items(a, "spring");
    await withUser(
      owner,
      async (tx) => {
        await setItemProject(tx, a.id, { kind: "workflows", itemId: made.workflow, projectId: id });
        await setItemProject(tx, a.id, { kind: "bots", itemId: made.bot, projectId: id });
        await setItemProject(tx, a.id, { kind: "agents", itemId: made.agent, projectId: id });
      },
      sql,
    );
    const listed = await withUser(a.members.viewer, (tx) => listProjects(tx, a.id), sql);
    expect(listed.find((p) => p.id === id)).toMatchObject({ workflows: 1, bots: 1, agents: 1 });
    const inIt = await withUser(a.members.viewer, (tx) => listProjectItems(tx, a.id, id), sql);
    expect(inIt.map((i) => i.id).sort()).toEqual([made.workflow, made.bot, made.agent].sort());
    expect(await withUser(b.members.owner, (tx) => listProjects(tx, a.id), sql)).toEqual([]);
  });

  it("never puts an item in another organization's project", async () => {
    const [theirs] = await sql<
      { id: string }[]
    >`insert into projects (organization_id, name) values (${b.id}, 'Theirs') returning id`;
    const mine = await items(a, "cross");
    const moved = await tryAsUser(sql, a.members.owner, (tx) =>
      setItemProject(tx, a.id, { kind: "workflows", itemId: mine.workflow, projectId: theirs!.id }),
    );
    expect(moved.ok).toBe(false);
    const direct = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update workflows set project_id = ${theirs!.id} where id = ${mine.workflow}`,
    );
    expect(direct.ok ? "moved" : direct.error.code).toBe("23503");
  });

  it("lets administrators manage projects and everyone else only read them", async () => {
    const create = (t: TestTenant["members"]["owner"]) =>
      tryAsUser(
        sql,
        t,
        (tx) => tx`insert into projects (organization_id, name) values (${a.id}, 'By role') returning id`,
      );
    expect((await create(a.members.administrator)).ok).toBe(true);
    for (const role of ["sales", "viewer", "bot_trainer"] as const) {
      const outcome = await create(a.members[role]);
      expect(outcome.ok ? "created" : outcome.error.code, role).toBe("42501");
    }
  });

  it("archives a project with everything in it and restores each item's status", async () => {
    const owner = a.members.owner;
    const { id } = await withUser(
      owner,
      (tx) => createProject(tx, a.id, { name: "Campaign", description: "" }, owner.sub),
      sql,
    );
    const made = await items(a, "campaign");
    await sql`update workflows set project_id = ${id}, status = 'draft' where id = ${made.workflow}`;
    await sql`update bots set project_id = ${id} where id = ${made.bot}`;
    await sql`update agents set project_id = ${id} where id = ${made.agent}`;
    const statuses = async () => {
      const [row] = await sql`
        select (select status from workflows where id = ${made.workflow}) as workflow,
               (select status from bots where id = ${made.bot}) as bot,
               (select status from agents where id = ${made.agent}) as agent,
               (select status from projects where id = ${id}) as project`;
      return row;
    };
    // A bot trainer may not change workflows: nothing of the project changes.
    await sql`insert into role_permissions (organization_id, role, resource, action)
              values (${a.id}, 'bot_trainer', 'projects', 'update') on conflict do nothing`;
    const refused = await tryAsUser(sql, a.members.bot_trainer, (tx) =>
      setProjectArchived(tx, a.id, { id, archived: true }),
    );
    expect(refused.ok ? "archived" : (refused.error as { code?: string }).code).toBe("forbidden");
    expect(await statuses()).toEqual({
      workflow: "draft",
      bot: "paused",
      agent: "active",
      project: "active",
    });

    expect(await withUser(owner, (tx) => setProjectArchived(tx, a.id, { id, archived: true }), sql)).toEqual({
      changed: 3,
    });
    expect(await statuses()).toEqual({
      workflow: "archived",
      bot: "archived",
      agent: "paused",
      project: "archived",
    });
    await expect(
      withUser(
        owner,
        (tx) => setItemProject(tx, a.id, { kind: "agents", itemId: made.agent, projectId: id }),
        sql,
      ),
    ).rejects.toMatchObject({ code: "conflict" });

    expect(await withUser(owner, (tx) => setProjectArchived(tx, a.id, { id, archived: false }), sql)).toEqual(
      { changed: 3 },
    );
    expect(await statuses()).toEqual({
      workflow: "draft",
      bot: "paused",
      agent: "active",
      project: "active",
    });
  });

  it("deleting a project leaves its items in the organization", async () => {
    const [p] = await sql<
      { id: string }[]
    >`insert into projects (organization_id, name) values (${a.id}, 'Short') returning id`;
    const made = await items(a, "short");
    await sql`update agents set project_id = ${p!.id} where id = ${made.agent}`;
    await sql`delete from projects where id = ${p!.id}`;
    const [agent] = await sql`select project_id, organization_id from agents where id = ${made.agent}`;
    expect(agent).toEqual({ project_id: null, organization_id: a.id });
  });
});
