import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { deleteFromTrash, listTrash, moveToTrash, restoreFromTrash } from "@/lib/trash/trash";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The trash (issue #23, item 6): a deleted workflow is hidden by RLS but keeps its versions and
 * runs, comes back as it was, is deleted for good on request or by the purge after 30 days, and
 * only members who may delete workflows manage it.
 */

describe("trash", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  const as = <T>(claims: UserClaims, work: Parameters<typeof withUser<T>>[1]) => withUser(claims, work, sql);

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Trash A"), createTenant(sql, "Trash B")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  /** An active workflow with a published version and two finished runs. */
  async function workflowWithRuns(t: TestTenant, name: string): Promise<string> {
    const id = randomUUID();
    const version = randomUUID();
    await sql`insert into workflows (id, organization_id, name) values (${id}, ${t.id}, ${name})`;
    await sql`insert into workflow_versions (id, organization_id, workflow_id, version, definition)
              values (${version}, ${t.id}, ${id}, 1, '{"nodes":[],"edges":[],"viewport":{"x":0,"y":0,"zoom":1}}')`;
    await sql`update workflows set published_version_id = ${version}, status = 'active' where id = ${id}`;
    for (let i = 0; i < 2; i++) {
      await sql`insert into executions (organization_id, workflow_id, workflow_version_id, trigger_type, status)
                values (${t.id}, ${id}, ${version}, 'manual', 'completed')`;
    }
    return id;
  }

  const visible = (claims: UserClaims, id: string) =>
    as(claims, (tx) => tx`select id, status from workflows where id = ${id}`);
  const runsOf = async (id: string) =>
    Number((await sql`select count(*)::int as n from executions where workflow_id = ${id}`)[0]!.n);

  it("hides a trashed workflow from every normal read and keeps its runs, then restores it as it was", async () => {
    const id = await workflowWithRuns(a, "Lead follow-up");
    await as(a.members.administrator, (tx) => moveToTrash(tx, a.id, { kind: "workflow", id }));

    expect(await visible(a.members.owner, id)).toEqual([]);
    const edit = await as(
      a.members.owner,
      (tx) => tx`update workflows set name = 'x' where id = ${id} returning id`,
    );
    expect(edit).toEqual([]);
    expect(await runsOf(id)).toBe(2);
    const [row] = await sql`select status, status_before_delete, deleted_by from workflows where id = ${id}`;
    expect(row).toMatchObject({
      status: "archived",
      status_before_delete: "active",
      deleted_by: a.members.administrator.sub,
    });

    const trash = await as(a.members.owner, (tx) => listTrash(tx, a.id));
    expect(trash).toEqual([
      expect.objectContaining({ kind: "workflow", id, name: "Lead follow-up", detail: "2 runs" }),
    ]);
    const purgeIn = (trash[0]!.purge_at.getTime() - trash[0]!.deleted_at.getTime()) / 86_400_000;
    expect(purgeIn).toBe(30);

    await as(a.members.owner, (tx) => restoreFromTrash(tx, a.id, { kind: "workflow", id }));
    expect(await visible(a.members.owner, id)).toEqual([{ id, status: "active" }]);
    expect(await runsOf(id)).toBe(2);
    expect(await as(a.members.owner, (tx) => listTrash(tx, a.id))).toEqual([]);
  });

  it("lets only members who may delete workflows trash, see, restore or erase them", async () => {
    const id = await workflowWithRuns(a, "Guarded");
    for (const claims of [a.members.viewer, a.members.sales, b.members.owner]) {
      await expect(as(claims, (tx) => moveToTrash(tx, a.id, { kind: "workflow", id }))).rejects.toMatchObject(
        {
          code: "not_found",
        },
      );
    }
    await as(a.members.owner, (tx) => moveToTrash(tx, a.id, { kind: "workflow", id }));
    expect(await as(a.members.viewer, (tx) => listTrash(tx, a.id))).toEqual([]);
    expect(await as(b.members.owner, (tx) => listTrash(tx, a.id))).toEqual([]);
    for (const claims of [a.members.viewer, b.members.owner]) {
      await expect(
        as(claims, (tx) => restoreFromTrash(tx, a.id, { kind: "workflow", id })),
      ).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(
        as(claims, (tx) => deleteFromTrash(tx, a.id, { kind: "workflow", id })),
      ).rejects.toMatchObject({
        code: "not_found",
      });
    }
    // B's owner naming A's item under B's own organization reaches nothing either.
    await expect(
      as(b.members.owner, (tx) => restoreFromTrash(tx, b.id, { kind: "workflow", id })),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await sql`select deleted_at from workflows where id = ${id}`)[0]!.deleted_at).not.toBeNull();
  });

  it("deletes for good on request, only what is in the trash", async () => {
    const id = await workflowWithRuns(a, "Erase me");
    await expect(
      as(a.members.owner, (tx) => deleteFromTrash(tx, a.id, { kind: "workflow", id })),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await as(a.members.owner, (tx) => moveToTrash(tx, a.id, { kind: "workflow", id }));
    await as(a.members.owner, (tx) => deleteFromTrash(tx, a.id, { kind: "workflow", id }));
    expect(await sql`select id from workflows where id = ${id}`).toEqual([]);
    expect(await runsOf(id)).toBe(0);
  });

  it("purges what has been in the trash for 30 days, and nothing else", async () => {
    const old = await workflowWithRuns(a, "Old");
    const recent = await workflowWithRuns(a, "Recent");
    const kept = await workflowWithRuns(a, "Kept");
    for (const id of [old, recent])
      await as(a.members.owner, (tx) => moveToTrash(tx, a.id, { kind: "workflow", id }));
    await sql`update workflows set deleted_at = now() - interval '30 days 1 minute' where id = ${old}`;
    const [purged] = await withServiceRoleBypassingRls(
      (tx) => tx`select private.purge_expired_trash(100) as n`,
      sql,
    );
    expect(purged!.n).toBeGreaterThanOrEqual(1);
    const left = await sql`select id from workflows where id in (${old}, ${recent}, ${kept}) order by name`;
    expect(left.map((r) => r.id).sort()).toEqual([recent, kept].sort());
    expect(await runsOf(old)).toBe(0);
    expect(await runsOf(recent)).toBe(2);
  });
});
