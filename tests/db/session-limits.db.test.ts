import { setTimeout as sleep } from "node:timers/promises";
import { makeWorkerUtils } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  APP_SESSION_TIMEOUTS,
  createPool,
  sessionTimeouts,
  urlWithSessionTimeouts,
  withServiceRoleBypassingRls,
  withUser,
  WORKER_SESSION_TIMEOUTS,
  type Sql,
} from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Every connection of the app and the worker carries statement_timeout and
 * idle_in_transaction_session_timeout, and a transaction that fails, however it fails, gives its
 * pooled connection back: none is left "idle in transaction".
 */

const url = () => inject("databaseUrl");
let owner: Sql;
let tenant: TestTenant;

beforeAll(async () => {
  owner = testSql(2);
  tenant = await createTenant(owner, "SessionLimits");
});
afterAll(async () => {
  await deleteTenants(owner, [tenant]);
  await owner.end();
});

/** Sessions of `application` that sit inside a transaction without running anything. */
async function idleInTransaction(application: string): Promise<number> {
  const [row] = await owner<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
    where application_name = ${application} and state like 'idle in transaction%'`;
  return row!.n;
}

const settings = (db: Sql) =>
  db<{ statement: string; idle: string }[]>`
    select current_setting('statement_timeout') as statement,
           current_setting('idle_in_transaction_session_timeout') as idle`;

describe("session timeouts", () => {
  it("are set on the app's pool by default, and can be overridden or turned off", async () => {
    const app = createPool(url(), { max: 1 });
    try {
      expect((await settings(app))[0]).toEqual({ statement: "30s", idle: "30s" });
    } finally {
      await app.end();
    }
    expect(sessionTimeouts("app", {})).toEqual(APP_SESSION_TIMEOUTS);
    expect(sessionTimeouts("worker", {})).toEqual(WORKER_SESSION_TIMEOUTS);
    const custom = sessionTimeouts("app", {
      DATABASE_STATEMENT_TIMEOUT_MS: "5000",
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: "0",
    });
    expect(custom).toEqual({ statementMs: 5000, idleInTransactionMs: 0 });
    const tuned = createPool(url(), { max: 1 }, custom);
    try {
      expect((await settings(tuned))[0]).toEqual({ statement: "5s", idle: "0" });
    } finally {
      await tuned.end();
    }
  });

  it("reach graphile-worker's pg pool through its connection string", async () => {
    const utils = await makeWorkerUtils({
      connectionString: urlWithSessionTimeouts(url(), sessionTimeouts("worker", {})),
    });
    try {
      const { rows } = await utils.withPgClient((client) =>
        client.query<{ statement: string; idle: string }>(
          `select current_setting('statement_timeout') as statement,
                  current_setting('idle_in_transaction_session_timeout') as idle`,
        ),
      );
      expect(rows[0]).toEqual({ statement: "2min", idle: "1min" });
    } finally {
      await utils.release();
    }
  });

  it("end a statement that runs too long with a 503-class error, and the pool goes on", async () => {
    const db = createPool(url(), { max: 1 }, { statementMs: 200, idleInTransactionMs: 0 });
    try {
      await expect(withServiceRoleBypassingRls((tx) => tx`select pg_sleep(2)`, db)).rejects.toMatchObject({
        code: "57014",
      });
      expect((await db<{ one: number }[]>`select 1 as one`)[0]!.one).toBe(1);
    } finally {
      await db.end();
    }
  });
});

describe("a failed transaction releases its connection", () => {
  it("when a value cannot be serialized (a 20,000-deep array once hung here for good)", async () => {
    const application = `deep-${Date.now()}`;
    const db = createPool(url(), { max: 1, connection: { application_name: application } });
    let deep: unknown[] = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const save = (value: unknown) =>
      withUser(tenant.members.owner, (tx) => tx`select ${tx.json(value as never)}::jsonb as saved`, db);
    try {
      await save([1]); // the statement is prepared: the next one is pipelined behind the role switch
      const started = Date.now();
      await expect(save(deep)).rejects.toThrow(/call stack/i);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await idleInTransaction(application)).toBe(0);
      expect((await save({ ok: true }))[0]!.saved).toEqual({ ok: true });
    } finally {
      await db.end();
    }
  });

  it("when the server ends a transaction left idle, and its work is refused afterwards", async () => {
    const application = `idle-${Date.now()}`;
    const db = createPool(
      url(),
      { max: 1, connection: { application_name: application } },
      { statementMs: 0, idleInTransactionMs: 300 },
    );
    try {
      let refused: unknown = null;
      const started = Date.now();
      const stalled = withUser(
        tenant.members.owner,
        async (tx) => {
          await tx`select 1`;
          await sleep(900); // longer than the server allows a transaction to sit idle
          try {
            await tx`select 2`;
          } catch (e) {
            refused = e;
            throw e;
          }
        },
        db,
      );
      await expect(stalled).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      expect(Date.now() - started).toBeLessThan(900);
      await sleep(800);
      expect(String(refused)).toMatch(/transaction has already ended/);
      // The pool reconnects; the stalled work's statement ran nowhere.
      const [row] = await db<{ open: boolean }[]>`select txid_current_if_assigned() is not null as open`;
      expect(row!.open).toBe(false);
      expect(await idleInTransaction(application)).toBe(0);
    } finally {
      await db.end();
    }
  });
});
