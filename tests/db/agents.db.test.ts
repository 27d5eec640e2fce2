import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Agents (issue #22, item 1) in SQL: the `agents` resource of the permission matrix decides who
 * reads and writes them; a change of what an agent does is a new version (renaming is not);
 * versions and runs are history nobody edits; runs are read with agents:read or executions:read.
 */

describe("agents", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([createTenant(sql, "Agents SQL A"), createTenant(sql, "Agents SQL B")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  async function agent(t: TestTenant, name = "Qualifier"): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into agents (organization_id, name, instructions) values (${t.id}, ${name}, 'Rate leads.') returning id`;
    return row!.id;
  }

  it("gives each role its default agents permissions", async () => {
    const rows = await sql<{ role: string; actions: string[] }[]>`
      select role::text, array_agg(action::text order by action::text) as actions from role_permissions
      where organization_id = ${a.id} and resource = 'agents' group by role order by role`;
    expect(Object.fromEntries(rows.map((r) => [r.role, r.actions]))).toEqual({
      administrator: ["approve", "create", "delete", "read", "update"],
      bot_trainer: ["create", "delete", "read", "update"],
      sales: ["read"],
      viewer: ["read"],
    });
  });

  it("lets bot trainers write agents and viewers and sales only read them", async () => {
    const id = await agent(a);
    const insert = (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
      tx`insert into agents (organization_id, name) values (${a.id}, 'New') returning id`;
    expect((await tryAsUser(sql, a.members.bot_trainer, insert)).ok).toBe(true);
    const refused = await tryAsUser(sql, a.members.viewer, insert);
    expect(refused.ok ? "inserted" : refused.error.code).toBe("42501");
    const seen = await tryAsUser(sql, a.members.sales, (tx) => tx`select id from agents where id = ${id}`);
    expect(seen).toEqual({ ok: true, value: [{ id }] });
    const edit = await tryAsUser(
      sql,
      a.members.sales,
      (tx) => tx`update agents set instructions = 'x' where id = ${id} returning id`,
    );
    expect(edit).toEqual({ ok: true, value: [] });
    const other = await tryAsUser(sql, b.members.owner, (tx) => tx`select id from agents where id = ${id}`);
    expect(other).toEqual({ ok: true, value: [] });
  });

  it("makes a new version when what the agent does changes, not when it is renamed", async () => {
    const id = await agent(a, "Versioned");
    const bump = (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
      tx<{ version: number }[]>`update agents set instructions = 'Rate leads strictly.', temperature = 0.5
                                where id = ${id} returning version`;
    await sql.begin(async (tx) => {
      await tx`update agents set name = 'Renamed' where id = ${id}`;
      await tx`update agents set tools = '[{"type":"http_request"}]' where id = ${id}`;
    });
    const changed = await tryAsUser(sql, a.members.bot_trainer, bump);
    expect(changed).toEqual({ ok: true, value: [{ version: 3 }] });
    const versions = await sql`select version from agent_versions where agent_id = ${id} order by version`;
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
    // The trainer's own version 3 was rolled back with the attempt; it was written by the trigger.
    const trainerVersion = await tryAsUser(sql, a.members.bot_trainer, async (tx) => {
      await bump(tx);
      return tx`select version, created_by from agent_versions where agent_id = ${id} and version = 3`;
    });
    expect(trainerVersion).toEqual({
      ok: true,
      value: [{ version: 3, created_by: a.members.bot_trainer.sub }],
    });
  });

  it("keeps versions and runs as history: nobody edits them, readers of agents see them", async () => {
    const id = await agent(a, "History");
    await sql`insert into agent_executions (organization_id, agent_id, agent_version, source, model, status, tokens_in, cost_usd)
              values (${a.id}, ${id}, 1, 'playground', 'gpt-4o-mini', 'completed', 10, 0.01)`;
    for (const statement of [
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`update agent_versions set instructions = 'x' where agent_id = ${id}`,
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`delete from agent_versions where agent_id = ${id}`,
      (tx: Parameters<Parameters<typeof tryAsUser>[2]>[0]) =>
        tx`update agent_executions set cost_usd = 0 where agent_id = ${id}`,
    ]) {
      const outcome = await tryAsUser(sql, a.members.owner, statement);
      expect(outcome.ok ? "changed" : outcome.error.code).toBe("42501");
    }
    // A custom role without executions:read still sees the agent's runs through agents:read.
    await sql`delete from role_permissions where organization_id = ${a.id} and role = 'sales' and resource = 'executions'`;
    try {
      const runs = await tryAsUser(
        sql,
        a.members.sales,
        (tx) => tx`select tokens_in from agent_executions where agent_id = ${id}`,
      );
      expect(runs).toEqual({ ok: true, value: [{ tokens_in: 10 }] });
    } finally {
      await sql`insert into role_permissions (organization_id, role, resource, action)
                values (${a.id}, 'sales', 'executions', 'read') on conflict do nothing`;
    }
    const outsider = await tryAsUser(
      sql,
      b.members.owner,
      (tx) => tx`select 1 from agent_executions where agent_id = ${id}`,
    );
    expect(outsider).toEqual({ ok: true, value: [] });
  });
});
