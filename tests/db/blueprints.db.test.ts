import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUser, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Blueprints (issue #22, item 3) beyond the catalog suite's isolation: the marketplace shows every
 * member the approved public blueprints and their versions and nothing else of another
 * organization; no member approves their own blueprint or counts downloads by hand; making one
 * public again sends it back to moderation; versions are immutable; installs and their items are
 * the installing organization's; the item hashes answer only for the caller's own items.
 */

const manifest = { format: 1, variables: [], workflows: [], bots: [], agents: [], commission_plans: [] };

describe("blueprints", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Blueprints A"), createTenant(sql, "Blueprints B")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  async function blueprintOf(t: TestTenant, slug: string, visibility: string, moderation: string) {
    const [bp] = await sql<{ id: string }[]>`
      insert into blueprints (organization_id, slug, name, visibility, moderation_status)
      values (${t.id}, ${slug}, ${slug}, ${visibility}, ${moderation}) returning id`;
    const [v] = await sql<{ id: string }[]>`
      insert into blueprint_versions (organization_id, blueprint_id, version, manifest)
      values (${t.id}, ${bp!.id}, '1.0.0', ${sql.json(manifest)}) returning id`;
    return { id: bp!.id, versionId: v!.id };
  }

  it("shows other organizations' approved public blueprints and versions, nothing else of theirs", async () => {
    const listed = await blueprintOf(b, "listed", "public", "approved");
    const pending = await blueprintOf(b, "pending", "public", "pending");
    const rejected = await blueprintOf(b, "rejected", "public", "rejected");
    const hidden = await blueprintOf(b, "hidden", "private", "approved");
    const seen = await tryAsUser(sql, a.members.viewer, async (tx) => ({
      blueprints: (await tx`select id from blueprints where organization_id = ${b.id}`).map((r) => r.id),
      versions: (await tx`select blueprint_id from blueprint_versions where organization_id = ${b.id}`).map(
        (r) => r.blueprint_id,
      ),
    }));
    expect(seen).toEqual({ ok: true, value: { blueprints: [listed.id], versions: [listed.id] } });
    // Their own, whatever the status, to members with blueprints:read.
    const own = await tryAsUser(
      sql,
      b.members.viewer,
      (tx) => tx`select id from blueprints where organization_id = ${b.id} and slug <> 'fixture-blueprint'`,
    );
    expect(own.ok && own.value.map((r) => r.id).sort()).toEqual(
      [listed.id, pending.id, rejected.id, hidden.id].sort(),
    );
    // Listed is not writable by others.
    const write = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update blueprints set name = 'Mine now' where id = ${listed.id} returning id`,
    );
    expect(write).toEqual({ ok: true, value: [] });
  });

  it("lets no member approve their own blueprint or count downloads", async () => {
    const [made] = await withUser(
      a.members.owner,
      (tx) => tx`insert into blueprints (organization_id, slug, name, visibility)
                 values (${a.id}, 'self', 'Self', 'public') returning id, moderation_status`,
      sql,
    );
    expect(made!.moderation_status).toBe("pending");
    const id = made!.id as string;
    for (const attempt of [
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`update blueprints set moderation_status = 'approved' where id = ${id}`,
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`update blueprints set downloads = 1000 where id = ${id}`,
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`insert into blueprints (organization_id, slug, name, moderation_status)
           values (${a.id}, 'sneaky', 'Sneaky', 'approved')`,
    ]) {
      const outcome = await tryAsUser(sql, a.members.owner, attempt);
      expect(outcome.ok ? "allowed" : outcome.error.code).toBe("42501");
    }
    // The platform approves (service role); going private and public again needs approval again.
    await sql`update blueprints set moderation_status = 'approved' where id = ${id}`;
    await withUser(
      a.members.owner,
      (tx) => tx`update blueprints set visibility = 'private' where id = ${id}`,
      sql,
    );
    const [still] = await sql`select moderation_status from blueprints where id = ${id}`;
    expect(still!.moderation_status).toBe("approved");
    await withUser(
      a.members.owner,
      (tx) => tx`update blueprints set visibility = 'public' where id = ${id}`,
      sql,
    );
    const [again] = await sql`select moderation_status from blueprints where id = ${id}`;
    expect(again!.moderation_status).toBe("pending");
  });

  it("keeps versions immutable and lets only members with blueprints:create publish", async () => {
    const mine = await blueprintOf(a, "frozen", "private", "pending");
    const change = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update blueprint_versions set changelog = 'rewritten' where id = ${mine.versionId}`,
    );
    expect(change.ok ? "changed" : change.error.code).toBe("42501");
    const publish = (role: "administrator" | "sales" | "viewer" | "bot_trainer") =>
      tryAsUser(
        sql,
        a.members[role],
        (tx) => tx`insert into blueprint_versions (organization_id, blueprint_id, version, manifest)
                   values (${a.id}, ${mine.id}, ${`2.0.${role.length}`}, ${tx.json(manifest)}) returning id`,
      );
    expect((await publish("administrator")).ok).toBe(true);
    for (const role of ["sales", "viewer", "bot_trainer"] as const) {
      const outcome = await publish(role);
      expect(outcome.ok ? "published" : outcome.error.code, role).toBe("42501");
    }
    const badVersion = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`insert into blueprint_versions (organization_id, blueprint_id, version, manifest)
                 values (${a.id}, ${mine.id}, '01.0.0', ${tx.json(manifest)})`,
    );
    expect(badVersion.ok ? "stored" : badVersion.error.code).toBe("23514");
  });

  it("counts a download per install on the publisher's row, which the installer cannot write", async () => {
    const listed = await blueprintOf(b, "counted", "public", "approved");
    await withUser(
      a.members.administrator,
      (
        tx,
      ) => tx`insert into installed_blueprints (organization_id, blueprint_id, blueprint_version_id, blueprint_name, version)
                 values (${a.id}, ${listed.id}, ${listed.versionId}, 'counted', '1.0.0') returning id`,
      sql,
    );
    const [row] = await sql`select downloads from blueprints where id = ${listed.id}`;
    expect(row!.downloads).toBe(1);
    const twice = await tryAsUser(
      sql,
      a.members.administrator,
      (tx) => tx`insert into installed_blueprints (organization_id, blueprint_id, blueprint_name, version)
                 values (${a.id}, ${listed.id}, 'counted', '1.0.0')`,
    );
    expect(twice.ok ? "installed twice" : twice.error.code).toBe("23505");
    const viewer = await tryAsUser(
      sql,
      a.members.viewer,
      (tx) => tx`insert into installed_blueprints (organization_id, blueprint_name, version)
                 values (${a.id}, 'by a viewer', '1.0.0')`,
    );
    expect(viewer.ok ? "installed" : viewer.error.code).toBe("42501");
  });

  it("hashes only the caller's own items", async () => {
    const [w] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name) values (${a.id}, 'Hashed') returning id`;
    const own = await tryAsUser(
      sql,
      a.members.viewer,
      (tx) =>
        tx`select content_hash from public.blueprint_item_hashes(${a.id}, 'workflow', ${[w!.id]}::uuid[])`,
    );
    expect(own.ok && own.value[0]?.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const other = await tryAsUser(
      sql,
      b.members.owner,
      (tx) =>
        tx`select content_hash from public.blueprint_item_hashes(${a.id}, 'workflow', ${[w!.id]}::uuid[])`,
    );
    expect(other).toEqual({ ok: true, value: [] });
    await sql`update workflows set name = 'Renamed' where id = ${w!.id}`;
    const after = await tryAsUser(
      sql,
      a.members.viewer,
      (tx) =>
        tx`select content_hash from public.blueprint_item_hashes(${a.id}, 'workflow', ${[w!.id]}::uuid[])`,
    );
    expect(after.ok && after.value[0]?.content_hash).not.toBe(own.ok && own.value[0]?.content_hash);
  });
});
