import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Live run history (20261122000500_engine_live.sql): step checkpoints announce their execution on
 * "orgflow_execution_steps", one notification per execution per statement, ids only.
 */

let sql: Sql;
let tenant: TestTenant;
let workflowId: string;

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "Live");
  const [w] = await sql<{ id: string }[]>`
    insert into workflows (organization_id, name) values (${tenant.id}, 'Live') returning id`;
  workflowId = w!.id;
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

async function newExecution(): Promise<string> {
  const [e] = await sql<{ id: string }[]>`
    insert into executions (organization_id, workflow_id, trigger_type) values (${tenant.id}, ${workflowId}, 'manual')
    returning id`;
  return e!.id;
}

/** Collects what arrives on the channel while `work` runs (and shortly after it commits). */
async function collect(work: () => Promise<unknown>): Promise<{ execution_id: string }[]> {
  const got: { execution_id: string }[] = [];
  const listener = await sql.listen("orgflow_execution_steps", (payload) => got.push(JSON.parse(payload)));
  try {
    await work();
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await listener.unlisten();
  }
  return got;
}

const step = (executionId: string, key: string, status = "completed") => ({
  organization_id: tenant.id,
  execution_id: executionId,
  step_key: key,
  node_id: key,
  node_type: "set",
  status,
});

describe("execution_steps notifications", () => {
  it("announces inserted checkpoints once per execution per statement, with the id only", async () => {
    const one = await newExecution();
    const two = await newExecution();
    const got = await collect(() =>
      withServiceRoleBypassingRls(
        (tx) =>
          tx`insert into execution_steps ${tx([step(one, "a"), step(one, "b"), step(two, "a")] as never)}`,
        sql,
      ),
    );
    expect(got.map((g) => g.execution_id).sort()).toEqual([one, two].sort());
    expect(Object.keys(got[0]!)).toEqual(["execution_id"]);
  });

  it("announces updates, including the engine's upsert of a running step", async () => {
    const id = await newExecution();
    await withServiceRoleBypassingRls(
      (tx) => tx`insert into execution_steps ${tx(step(id, "http", "running") as never)}`,
      sql,
    );
    const got = await collect(() =>
      withServiceRoleBypassingRls(
        (tx) => tx`
          insert into execution_steps ${tx(step(id, "http", "completed") as never)}
          on conflict (execution_id, step_key) do update set status = excluded.status`,
        sql,
      ),
    );
    expect(got).toEqual([{ execution_id: id }]);
    const [row] =
      await sql`select status from execution_steps where execution_id = ${id} and step_key = 'http'`;
    expect(row!.status).toBe("completed");
  });

  it("says nothing for a statement that changes no step", async () => {
    const id = await newExecution();
    const got = await collect(() =>
      withServiceRoleBypassingRls(
        (tx) => tx`update execution_steps set status = 'failed' where execution_id = ${id}`,
        sql,
      ),
    );
    expect(got).toEqual([]);
  });
});
