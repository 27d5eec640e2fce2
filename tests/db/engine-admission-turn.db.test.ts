import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Admission's turn (20261207031000_engine_sharded_slots.sql): the running runs are counted in 32
 * rows per organization and summed; admissions of one organization take turns (an exclusive
 * advisory lock) near its limit, and share the lock when the room left is more than the server's
 * connections (no more admissions can be in flight at once, so none can take the last slot).
 */

let sql: Sql;
let tenant: TestTenant;
let maxConnections: number;

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "AdmissionTurn");
  const [row] = await sql<{ n: number }[]>`select current_setting('max_connections')::int as n`;
  maxConnections = row!.n;
});
afterAll(async () => {
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

/** Runs private.engine_admission_turn in a transaction; says what it returned and how it locked. */
async function turn(limit: number, during?: () => Promise<void>) {
  return sql.begin(async (tx) => {
    const [{ running }] = (await tx`
      select private.engine_admission_turn(${tenant.id}::uuid, ${limit}::int) as running`) as unknown as [
      { running: number },
    ];
    const locks = await tx<{ mode: string }[]>`
      select mode from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`;
    await during?.();
    return { running, modes: locks.map((l) => l.mode) };
  });
}

const setRunning = (shard: number, running: number) =>
  sql`insert into private.engine_org_slots (organization_id, shard, running) values (${tenant.id}, ${shard}, ${running})
      on conflict (organization_id, shard) do update set running = excluded.running`;

describe("an organization's admission turn", () => {
  it("sums the shards, and takes turns exclusively near the limit", async () => {
    await setRunning(3, 2);
    await setRunning(17, 1);
    expect(await turn(10)).toEqual({ running: 3, modes: ["ExclusiveLock"] });
    const [view] =
      await sql`select running from private.engine_org_running where organization_id = ${tenant.id}`;
    expect(view!.running).toBe(3);
  });

  it("shares the lock far from the limit: admissions then run side by side", async () => {
    const far = maxConnections + 10;
    // Two far-from-the-limit turns at once: the second does not wait for the first to commit.
    let second: Awaited<ReturnType<typeof turn>> | undefined;
    const first = await turn(far, async () => {
      second = await turn(far);
    });
    expect(first).toEqual({ running: 3, modes: ["ShareLock"] });
    expect(second).toEqual({ running: 3, modes: ["ShareLock"] });
  });

  it("makes a turn near the limit wait for the shared ones in flight", async () => {
    const far = maxConnections + 10;
    const order: string[] = [];
    let near: Promise<unknown> | undefined;
    await turn(far, async () => {
      near = turn(10).then(() => order.push("near"));
      await new Promise((r) => setTimeout(r, 300));
      order.push("shared committing");
    });
    await near;
    expect(order).toEqual(["shared committing", "near"]);
  });

  it("counts exactly, taking turns, when the room left is within the server's connections", async () => {
    // Within max_connections of the limit: the exclusive path, counting exactly.
    await setRunning(5, 20);
    const limit = maxConnections + 10;
    expect(await turn(limit)).toEqual({ running: 23, modes: ["ExclusiveLock"] });
    await setRunning(5, 0);
  });
});
