import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { edgeId, workflowDefinitionSchema, type WorkflowDefinition } from "@/lib/workflows/definition";
import { validateWorkflow } from "@/lib/workflows/validate";
import {
  CONFLICT_MESSAGE,
  createWorkflowTx,
  getWorkflowTx,
  PublishRefused,
  publishWorkflowTx,
  saveDraftTx,
} from "@/lib/workflows/workflows";
import { createTestUser, deleteTestUsers, testSql } from "@/tests/support/db";
import {
  createTenant,
  deleteTenants,
  tryAndRollback,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/**
 * Workflows in the database: who may do what (beyond the catalog and matrix suites), optimistic
 * concurrency of the draft, immutable versions, publishing, templates and the plan limit.
 */

const valid: WorkflowDefinition = {
  nodes: [
    {
      id: "webhook_1",
      type: "webhook",
      position: { x: 0, y: 0 },
      data: { config: { method: "POST", require_secret: true, sample_body: "" } },
    },
    {
      id: "notify_1",
      type: "notify",
      position: { x: 300, y: 0 },
      data: { config: { audience: "owners", title: "Hello", message: "{{ trigger.body }}", link: "" } },
    },
  ],
  edges: [{ source: "webhook_1", sourceHandle: "out", target: "notify_1", targetHandle: "in" }].map((e) => ({
    id: edgeId(e),
    ...e,
  })),
  viewport: { x: 0, y: 0, zoom: 1 },
};

async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

async function pgError(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected a database error");
}

describe("workflows", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let other: TestTenant;
  const extraUsers: string[] = [];

  beforeAll(async () => {
    sql = testSql();
    [tenant, other] = await Promise.all([createTenant(sql, "Flows"), createTenant(sql, "Other")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant, other]);
    await sql`delete from organizations where created_by = any(${extraUsers}::uuid[])`;
    await deleteTestUsers(sql, extraUsers);
    await sql.end();
  });

  const as = <T>(claims: UserClaims, work: Parameters<typeof withUser<T>>[1]) => withUser(claims, work, sql);
  const create = (claims: UserClaims, name = "Flow", definition = valid) =>
    as(claims, (tx) => createWorkflowTx(tx, tenant.id, { name, definition }));

  describe("drafts and their permissions", () => {
    it("starts a new workflow as its creator's draft, whatever the client sends", async () => {
      const { id } = await create(tenant.members.administrator, "Mine");
      const [row] =
        await sql`select status, version, created_by, published_version_id from workflows where id = ${id}`;
      expect(row).toEqual({
        status: "draft",
        version: 1,
        created_by: tenant.members.administrator.sub,
        published_version_id: null,
      });
      const forged = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) =>
          tx`insert into workflows (organization_id, name, status) values (${tenant.id}, 'x', 'active') returning id`,
      );
      expect(forged).toMatchObject({ ok: false, error: { code: "42501" } });
    });

    it("lets a viewer read but not write, even through publish_workflow", async () => {
      const { id } = await create(tenant.members.owner);
      const viewer = tenant.members.viewer;
      expect(await as(viewer, (tx) => getWorkflowTx(tx, tenant.id, id))).toMatchObject({ id, name: "Flow" });
      const save = await appError(as(viewer, (tx) => saveDraftTx(tx, tenant.id, id, 1, valid)));
      // RLS hides the row from the update, and the second look explains it as a conflict, not a success.
      expect(save.code).toBe("conflict");
      expect(await sql`select version from workflows where id = ${id}`).toEqual([{ version: 1 }]);
      const publish = await tryAsUser(sql, viewer, (tx) => tx`select publish_workflow(${id}, 1)`);
      expect(publish).toMatchObject({ ok: false, error: { code: "OFFRB" } });
      const del = await tryAsUser(
        sql,
        viewer,
        (tx) => tx`delete from workflows where id = ${id} returning id`,
      );
      expect(del).toEqual({ ok: true, value: [] });
    });

    it("hides another organization's workflows entirely", async () => {
      const { id } = await create(tenant.members.owner);
      const outsider = other.members.owner;
      expect(await as(outsider, (tx) => getWorkflowTx(tx, tenant.id, id))).toBeNull();
      expect(await appError(as(outsider, (tx) => saveDraftTx(tx, tenant.id, id, 1, valid)))).toMatchObject({
        code: "not_found",
      });
      const publish = await tryAsUser(sql, outsider, (tx) => tx`select publish_workflow(${id}, 1)`);
      expect(publish).toMatchObject({ ok: false, error: { code: "OFNFD" } });
    });
  });

  describe("optimistic concurrency", () => {
    it("refuses a save based on a stale version instead of overwriting", async () => {
      const { id } = await create(tenant.members.owner);
      const [alice, bob] = [tenant.members.owner, tenant.members.administrator];
      const renamed = { ...valid, viewport: { x: 5, y: 5, zoom: 1 } };
      // Both opened version 1; Alice saves first.
      expect(await as(alice, (tx) => saveDraftTx(tx, tenant.id, id, 1, renamed))).toMatchObject({
        version: 2,
      });
      const conflict = await appError(as(bob, (tx) => saveDraftTx(tx, tenant.id, id, 1, valid)));
      expect(conflict).toMatchObject({ code: "conflict", message: CONFLICT_MESSAGE });
      const [row] = await sql`select version, definition from workflows where id = ${id}`;
      expect(row!.version).toBe(2);
      expect(row!.definition).toEqual(renamed);
      // After reloading, Bob saves on top of version 2.
      expect(await as(bob, (tx) => saveDraftTx(tx, tenant.id, id, 2, valid))).toMatchObject({ version: 3 });
    });

    it("lets only one of two simultaneous saves of the same version win", async () => {
      const { id } = await create(tenant.members.owner);
      const results = await Promise.allSettled(
        [tenant.members.owner, tenant.members.administrator].map((who, i) =>
          as(who, (tx) => saveDraftTx(tx, tenant.id, id, 1, { ...valid, viewport: { x: i, y: 0, zoom: 1 } })),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: "conflict" });
      expect(await sql`select version from workflows where id = ${id}`).toEqual([{ version: 2 }]);
    });

    it("bumps the version in the database on every save of the draft, not on status changes", async () => {
      const { id } = await create(tenant.members.owner);
      await as(
        tenant.members.owner,
        (tx) => tx`update workflows set version = 99, name = 'Renamed' where id = ${id}`,
      ).catch(() => undefined);
      // `version` is not the client's to set (no update privilege on it)…
      expect(await sql`select version, name from workflows where id = ${id}`).toEqual([
        { version: 1, name: "Flow" },
      ]);
      await as(tenant.members.owner, (tx) => tx`update workflows set name = 'Renamed' where id = ${id}`);
      // A save that changes nothing is still a save: an editor still holding version 2 must reload.
      await as(
        tenant.members.owner,
        (tx) => tx`update workflows set description = description where id = ${id}`,
      );
      // …and a status change is not an edit of the draft.
      await as(tenant.members.owner, (tx) => tx`update workflows set status = 'archived' where id = ${id}`);
      expect(await sql`select version, name, status from workflows where id = ${id}`).toEqual([
        { version: 3, name: "Renamed", status: "archived" },
      ]);
    });

    it("does not let an archived draft be edited", async () => {
      const { id } = await create(tenant.members.owner);
      await sql`update workflows set status = 'archived' where id = ${id}`;
      const e = await appError(as(tenant.members.owner, (tx) => saveDraftTx(tx, tenant.id, id, 1, valid)));
      expect(e.message).toMatch(/archived/);
    });
  });

  describe("publishing and versions", () => {
    it("publishes a valid graph as an immutable, numbered version by its author", async () => {
      await sql`update profiles set display_name = 'Olga Owner' where id = ${tenant.members.owner.sub}`;
      const { id } = await create(tenant.members.owner, "Publish me", { ...valid, nodes: [], edges: [] });
      const published = await as(tenant.members.owner, (tx) =>
        publishWorkflowTx(tx, tenant.id, id, { expectedVersion: 1, definition: valid, note: "First go" }),
      );
      expect(published).toMatchObject({
        draftVersion: 2,
        version: { version: 1, note: "First go", author_name: "Olga Owner", node_count: 2 },
      });
      const [row] = await sql`
        select w.status, w.trigger_type, w.trigger_config, v.definition, v.created_by
        from workflows w join workflow_versions v on v.id = w.published_version_id where w.id = ${id}`;
      expect(row).toEqual({
        status: "active",
        trigger_type: "webhook",
        trigger_config: valid.nodes[0]!.data.config,
        definition: valid,
        created_by: tenant.members.owner.sub,
      });
      const again = await as(tenant.members.administrator, (tx) =>
        publishWorkflowTx(tx, tenant.id, id, { expectedVersion: 2 }),
      );
      expect(again.version.version).toBe(2);
      // Publishing does not touch the draft's version.
      expect(again.draftVersion).toBe(2);
    });

    it("refuses to publish an invalid graph, saying what to fix, and saves nothing", async () => {
      const { id } = await create(tenant.members.owner, "Broken", valid);
      const broken = { ...valid, edges: [] };
      const e = await appError(
        as(tenant.members.owner, (tx) =>
          publishWorkflowTx(tx, tenant.id, id, { expectedVersion: 1, definition: broken }),
        ),
      );
      expect(e).toBeInstanceOf(PublishRefused);
      expect(e.message).toBe("Fix 1 problem before publishing: Connect a step into Notify team.");
      expect(await sql`select version, status from workflows where id = ${id}`).toEqual([
        { version: 1, status: "draft" },
      ]);
      expect(await sql`select 1 from workflow_versions where workflow_id = ${id}`).toEqual([]);
    });

    it("refuses to publish over someone else's newer draft", async () => {
      const { id } = await create(tenant.members.owner);
      await as(tenant.members.administrator, (tx) => saveDraftTx(tx, tenant.id, id, 1, valid));
      const e = await appError(
        as(tenant.members.owner, (tx) =>
          publishWorkflowTx(tx, tenant.id, id, { expectedVersion: 1, definition: valid }),
        ),
      );
      expect(e.code).toBe("conflict");
      const direct = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`select publish_workflow(${id}, 1)`,
      );
      expect(direct).toMatchObject({ ok: false, error: { code: "OFCNF" } });
    });

    it("keeps versions immutable for everyone, yet deletes them with their workflow", async () => {
      const { id } = await create(tenant.members.owner);
      await as(tenant.members.owner, (tx) => publishWorkflowTx(tx, tenant.id, id, { expectedVersion: 1 }));
      const owner = tenant.members.owner;
      for (const attempt of [
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`update workflow_versions set note = 'rewritten' where workflow_id = ${id} returning id`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`delete from workflow_versions where workflow_id = ${id} returning id`,
        (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
          tx`insert into workflow_versions (organization_id, workflow_id, version, definition)
             values (${tenant.id}, ${id}, 9, '{}') returning id`,
      ]) {
        expect(await tryAsUser(sql, owner, attempt)).toMatchObject({ ok: false, error: { code: "42501" } });
      }
      // Not even the table owner may rewrite history.
      const asOwnerRole = await tryAndRollback(
        sql,
        (tx) => tx`update workflow_versions set note = 'x' where workflow_id = ${id}`,
      );
      expect(asOwnerRole).toMatchObject({
        ok: false,
        error: { code: "OFFRB", message: "Published versions cannot be changed or deleted." },
      });
      expect(await pgError(sql`delete from workflow_versions where workflow_id = ${id}`)).toMatchObject({
        code: "OFFRB",
      });
      // Deleting the workflow takes its versions along.
      await as(owner, (tx) => tx`delete from workflows where id = ${id}`);
      expect(await sql`select 1 from workflow_versions where workflow_id = ${id}`).toEqual([]);
    });

    it("only turns on a published workflow", async () => {
      const { id } = await create(tenant.members.owner);
      const outcome = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`update workflows set status = 'active' where id = ${id}`,
      );
      expect(outcome).toMatchObject({
        ok: false,
        error: { code: "OFVAL", message: "Publish the workflow before turning it on." },
      });
    });

    it("does not fill the audit log with autosaves", async () => {
      const { id } = await create(tenant.members.owner);
      for (let v = 1; v <= 3; v++)
        await as(tenant.members.owner, (tx) => saveDraftTx(tx, tenant.id, id, v, valid));
      await as(tenant.members.owner, (tx) => tx`update workflows set name = 'Audited' where id = ${id}`);
      const rows =
        await sql`select action from audit_logs where resource_type = 'workflows' and resource_id = ${id} order by id`;
      expect(rows.map((r) => r.action)).toEqual(["insert", "update"]);
    });
  });

  describe("templates", () => {
    it("ships public templates that pass the builder's own validation", async () => {
      const rows =
        await sql`select name, definition from workflow_templates where organization_id is null order by name`;
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows) {
        const definition = workflowDefinitionSchema.parse(row.definition);
        expect(validateWorkflow(definition), row.name as string).toEqual([]);
      }
      expect(rows.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          "Webhook → notify",
          "New GHL contact → tag + email",
          "Payment received → Slack-style HTTP notify",
        ]),
      );
    });

    it("shows public templates to every signed-in user and private ones to members who may read workflows", async () => {
      const outsider = await createTestUser(sql);
      extraUsers.push(outsider.sub);
      await as(
        tenant.members.administrator,
        (tx) =>
          tx`insert into workflow_templates (organization_id, name, category, definition)
           values (${tenant.id}, 'Our own', 'Internal', ${tx.json(valid as never)})`,
      );
      const names = (claims: UserClaims) =>
        as(
          claims,
          (tx) =>
            tx`select name from workflow_templates where organization_id is not distinct from ${tenant.id}`,
        ).then((r) => r.map((x) => x.name));
      const publicCount = async (claims: UserClaims) =>
        (
          await as(
            claims,
            (tx) => tx`select count(*)::int as n from workflow_templates where organization_id is null`,
          )
        )[0]!.n;
      expect(await publicCount(outsider)).toBeGreaterThanOrEqual(3);
      expect(await names(outsider)).toEqual([]);
      expect(await names(other.members.owner)).toEqual([]);
      expect(await names(tenant.members.viewer)).toEqual(["Our own"]);
      // Revoke workflows:read from viewers: the private template disappears for them.
      await sql`delete from role_permissions where organization_id = ${tenant.id} and role = 'viewer' and resource = 'workflows'`;
      try {
        expect(await names(tenant.members.viewer)).toEqual([]);
      } finally {
        await sql`insert into role_permissions (organization_id, role, resource, action) values (${tenant.id}, 'viewer', 'workflows', 'read')`;
      }
    });

    it("lets nobody change the public templates, and only writers add private ones", async () => {
      const owner = tenant.members.owner;
      const change = await tryAsUser(
        sql,
        owner,
        (tx) => tx`update workflow_templates set name = name where organization_id is null returning id`,
      );
      expect(change).toEqual({ ok: true, value: [] });
      const remove = await tryAsUser(
        sql,
        owner,
        (tx) => tx`delete from workflow_templates where organization_id is null returning id`,
      );
      expect(remove).toEqual({ ok: true, value: [] });
      const forgePublic = await tryAsUser(
        sql,
        owner,
        (tx) =>
          tx`insert into workflow_templates (name, definition) values ('Mine for all', ${tx.json(valid as never)})`,
      );
      expect(forgePublic).toMatchObject({ ok: false, error: { code: "42501" } });
      const byViewer = await tryAsUser(
        sql,
        tenant.members.viewer,
        (tx) =>
          tx`insert into workflow_templates (organization_id, name, definition) values (${tenant.id}, 'x', ${tx.json(valid as never)})`,
      );
      expect(byViewer).toMatchObject({ ok: false, error: { code: "42501" } });
    });
  });

  describe("plan limit", () => {
    it("stops the 6th workflow on the free plan in SQL, not counting archived ones", async () => {
      const user = await createTestUser(sql);
      extraUsers.push(user.sub);
      const [org] = await sql`select o.id, o.subscription_plan, o.max_workflows from organizations o
                              join organization_members m on m.organization_id = o.id where m.user_id = ${user.sub}`;
      expect(org).toMatchObject({ subscription_plan: "free", max_workflows: 5 });
      const insert = (name: string) =>
        withUser(
          user,
          (tx) => tx`insert into workflows (organization_id, name) values (${org!.id}, ${name}) returning id`,
          sql,
        );
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) ids.push((await insert(`Flow ${i}`))[0]!.id as string);
      const sixth = await pgError(insert("Flow 6"));
      expect(sixth).toMatchObject({
        code: "OFLIM",
        message: "Your Free plan allows 5 workflows. Upgrade your plan to add more.",
      });

      // Archiving one frees a place; taking it out of the archive again needs one.
      await withUser(user, (tx) => tx`update workflows set status = 'archived' where id = ${ids[0]!}`, sql);
      await insert("Flow 6");
      const restore = await pgError(
        withUser(user, (tx) => tx`update workflows set status = 'draft' where id = ${ids[0]!}`, sql),
      );
      expect(restore).toMatchObject({ code: "OFLIM" });
      expect(await sql`select count(*)::int as n from workflows where organization_id = ${org!.id}`).toEqual([
        { n: 6 },
      ]);
    });

    it("makes workflows over a lowered limit read-only, keeping the oldest editable and archiving possible", async () => {
      const user = await createTestUser(sql);
      extraUsers.push(user.sub);
      const [org] = await sql`select o.id from organizations o
                              join organization_members m on m.organization_id = o.id where m.user_id = ${user.sub}`;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [row] = await withUser(
          user,
          (tx) =>
            tx`insert into workflows (organization_id, name) values (${org!.id}, ${`Flow ${i}`}) returning id`,
          sql,
        );
        ids.push(row!.id as string);
      }
      // Creation order decides which stay editable; make it unambiguous.
      await sql`update workflows set created_at = now() - interval '5 minutes' where id = ${ids[2]!}`;
      await sql`update workflows set created_at = now() - interval '20 minutes' where id = ${ids[0]!}`;
      await sql`update workflows set created_at = now() - interval '15 minutes' where id = ${ids[1]!}`;
      // A downgrade to a plan that allows two.
      await sql`update organizations set max_workflows = 2 where id = ${org!.id}`;
      const rename = (id: string) =>
        withUser(user, (tx) => tx`update workflows set name = 'Renamed' where id = ${id} returning id`, sql);
      expect(await rename(ids[0]!)).toHaveLength(1);
      expect(await pgError(rename(ids[2]!))).toMatchObject({ code: "OFLIM" });
      await withUser(user, (tx) => tx`update workflows set status = 'archived' where id = ${ids[2]!}`, sql);
      expect(await sql`select name, status from workflows where id = ${ids[2]!}`).toEqual([
        { name: "Flow 2", status: "archived" },
      ]);
    });

    it("checks permission before the limit, so outsiders learn nothing", async () => {
      const outcome = await tryAsUser(
        sql,
        other.members.owner,
        (tx) => tx`insert into workflows (organization_id, name) values (${tenant.id}, 'Sneaky')`,
      );
      expect(outcome).toMatchObject({ ok: false, error: { code: "42501" } });
    });
  });
});
