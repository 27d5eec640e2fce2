import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql, Tx } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import {
  createTenant,
  deleteTenants,
  hasRowSource,
  tenantRowFactories,
  tryAsAnon,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/**
 * Tenant isolation, generated from the catalog: every table in `public` is found by asking
 * Postgres, so a table added by a later migration is tested without touching this file.
 *   - tenant tables (an organization_id column, or organizations itself): a member of A cannot
 *     see, insert, change or delete anything of B, nor move A's rows into B;
 *   - user tables (a user_id column, or an id that references auth.users): a user reaches only
 *     their own rows;
 *   - reference tables (neither): readable at most, never writable by users;
 *   - anon reaches nothing at all.
 */

type TableInfo = {
  name: string;
  rls: boolean;
  kind: "tenant" | "user" | "reference";
  tenantColumn: string | null;
  userColumn: string | null;
  insertableColumns: string[];
};

async function publicTables(sql: Sql): Promise<TableInfo[]> {
  const rows = await sql<
    { name: string; rls: boolean; required: string[]; insertable: string[]; user_fk: string | null }[]
  >`
    select c.relname as name, c.relrowsecurity as rls,
           array_agg(a.attname::text order by a.attnum) filter (where a.attnotnull) as required,
           array_agg(a.attname::text order by a.attnum)
             filter (where a.attgenerated = '' and a.attidentity <> 'a') as insertable,
           (select att.attname::text from pg_constraint fk
              join pg_attribute att on att.attrelid = fk.conrelid and att.attnum = fk.conkey[1]
            where fk.conrelid = c.oid and fk.contype = 'f' and fk.confrelid = 'auth.users'::regclass
              and att.attname in ('id', 'user_id') limit 1) as user_fk
    from pg_class c
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    group by c.oid, c.relname, c.relrowsecurity
    order by c.relname`;
  return rows.map((r) => {
    // A tenant table is one whose every row belongs to an organization.
    const tenantColumn = r.required.includes("organization_id")
      ? "organization_id"
      : r.name === "organizations"
        ? "id"
        : null;
    const userColumn = tenantColumn ? null : r.user_fk;
    return {
      name: r.name,
      rls: r.rls,
      kind: tenantColumn ? "tenant" : userColumn ? "user" : "reference",
      tenantColumn,
      userColumn,
      insertableColumns: r.insertable,
    };
  });
}

/** An attempt is refused when it errors out or touches no row. */
function refused(outcome: { ok: true; value: unknown } | { ok: false; error: { code?: string } }): boolean {
  if (!outcome.ok) return outcome.error.code === "42501";
  return Array.isArray(outcome.value) && outcome.value.length === 0;
}

describe("row-level security on every table in public", async () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  const tables = await (async () => {
    const s = testSql(1);
    try {
      return await publicTables(s);
    } finally {
      await s.end();
    }
  })();

  beforeAll(async () => {
    sql = testSql();
    a = await createTenant(sql, "Alpha");
    b = await createTenant(sql, "Bravo");
    // Something in user-owned tables for both owners, so there is a B row to try to reach.
    for (const t of [a, b]) {
      await sql`insert into user_settings (user_id, theme) values (${t.members.owner.sub}, 'dark')`;
      await sql`insert into profile_avatars (user_id, content_type, data)
                values (${t.members.owner.sub}, 'image/png', ${Buffer.from("\x89PNG\r\n\x1a\n")})`;
      await sql`insert into notification_preferences (user_id, kind, channel, mode)
                values (${t.members.owner.sub}, 'run_failed', 'email', 'digest')`;
      await sql`insert into notification_targets (user_id, channel, value_ciphertext, hint)
                values (${t.members.owner.sub}, 'sms', 'v1:fixture:fixture:fixture', '+14…23')`;
      await sql`insert into push_subscriptions (user_id, endpoint, p256dh, auth)
                values (${t.members.owner.sub}, ${`https://push.example.test/${t.id}`}, ${"B".repeat(87)}, ${"a".repeat(22)})`;
    }
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("finds the tables it must cover", () => {
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["organizations", "organization_members", "profiles", "audit_logs"]),
    );
  });

  describe.each(tables.map((t) => [t.name, t] as const))("%s", (_name, table) => {
    it("has RLS enabled", () => {
      expect(table.rls).toBe(true);
    });

    it("gives anon nothing to read or write", async () => {
      const read = await tryAsAnon(sql, (tx) => tx`select 1 from ${tx(table.name)} limit 1`);
      expect(refused(read)).toBe(true);
      const write = await tryAsAnon(sql, (tx) => tx`delete from ${tx(table.name)} returning 1`);
      expect(refused(write)).toBe(true);
      const insert = await tryAsAnon(
        sql,
        (tx) => tx`insert into ${tx(table.name)} default values returning 1`,
      );
      expect(insert.ok).toBe(false);
    });

    if (table.kind === "tenant") {
      const col = table.tenantColumn!;

      it("has a fixture row in organization B to try to reach", async () => {
        expect(
          hasRowSource(table.name),
          `add a row factory for "${table.name}" to tenantRowFactories in tests/support/tenants.ts`,
        ).toBe(true);
        const [row] =
          await sql`select count(*)::int as n from ${sql(table.name)} where ${sql(col)} = ${b.id}`;
        expect(row!.n).toBeGreaterThan(0);
      });

      it("shows a member of A nothing of B, even as owner", async () => {
        for (const claims of [a.members.owner, a.members.viewer]) {
          const seen = await tryAsUser(
            sql,
            claims,
            (tx) => tx`select 1 from ${tx(table.name)} where ${tx(col)} = ${b.id}`,
          );
          expect(seen).toEqual({ ok: true, value: [] });
        }
      });

      it("refuses A's owner inserting into B", async () => {
        const row = await copyOfRowFor(sql, table, b);
        const outcome = await tryAsUser(sql, a.members.owner, (tx) => insertJson(tx, table, row));
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(["42501", "OFFRB"]).toContain(outcome.error.code);
      });

      it("refuses A's owner changing or deleting B's rows", async () => {
        const update = await tryAsUser(
          sql,
          a.members.owner,
          (tx) =>
            tx`update ${tx(table.name)} set ${tx(col)} = ${tx(col)} where ${tx(col)} = ${b.id} returning 1`,
        );
        expect(refused(update)).toBe(true);
        const del = await tryAsUser(
          sql,
          a.members.owner,
          (tx) => tx`delete from ${tx(table.name)} where ${tx(col)} = ${b.id} returning 1`,
        );
        expect(refused(del)).toBe(true);
      });

      if (col === "organization_id") {
        it("refuses A's owner moving A's rows into B", async () => {
          const move = await tryAsUser(
            sql,
            a.members.owner,
            (tx) =>
              tx`update ${tx(table.name)} set organization_id = ${b.id} where organization_id = ${a.id} returning 1`,
          );
          expect(refused(move)).toBe(true);
        });
      }
    }

    if (table.kind === "user") {
      const col = table.userColumn!;
      it("lets a user reach only their own rows", async () => {
        const [row] =
          await sql`select count(*)::int as n from ${sql(table.name)} where ${sql(col)} = ${b.members.owner.sub}`;
        expect(row!.n, `no row of B's owner in ${table.name} to try to reach`).toBeGreaterThan(0);
        const seen = await tryAsUser(
          sql,
          a.members.owner,
          (tx) => tx`select 1 from ${tx(table.name)} where ${tx(col)} = ${b.members.owner.sub}`,
        );
        expect(seen).toEqual({ ok: true, value: [] });
        const update = await tryAsUser(
          sql,
          a.members.owner,
          (tx) =>
            tx`update ${tx(table.name)} set ${tx(col)} = ${tx(col)} where ${tx(col)} = ${b.members.owner.sub} returning 1`,
        );
        expect(refused(update)).toBe(true);
        const del = await tryAsUser(
          sql,
          a.members.owner,
          (tx) => tx`delete from ${tx(table.name)} where ${tx(col)} = ${b.members.owner.sub} returning 1`,
        );
        expect(refused(del)).toBe(true);
      });
    }

    if (table.kind === "reference") {
      it("cannot be written by a signed-in user", async () => {
        const update = await tryAsUser(
          sql,
          a.members.owner,
          (tx) =>
            tx`update ${tx(table.name)} set ${tx(table.insertableColumns[0]!)} = ${tx(table.insertableColumns[0]!)} returning 1`,
        );
        expect(refused(update)).toBe(true);
        const del = await tryAsUser(
          sql,
          a.members.owner,
          (tx) => tx`delete from ${tx(table.name)} returning 1`,
        );
        expect(refused(del)).toBe(true);
      });
    }
  });
});

/** One of B's rows as JSON with a new id: what an attacker in A would try to insert. */
async function copyOfRowFor(
  sql: Sql,
  table: TableInfo,
  tenant: TestTenant,
): Promise<Record<string, unknown>> {
  const factory = tenantRowFactories[table.name];
  if (factory) return { organization_id: tenant.id, ...factory(tenant) };
  const [row] = await sql<{ row: Record<string, unknown> }[]>`
    select to_jsonb(t) as row from ${sql(table.name)} t where ${sql(table.tenantColumn!)} = ${tenant.id} limit 1`;
  return {
    ...row!.row,
    ...(table.insertableColumns.includes("id") && table.name !== "audit_logs" ? { id: randomUUID() } : {}),
  };
}

async function insertJson(tx: Tx, table: TableInfo, row: Record<string, unknown>) {
  // Identifiers come from the catalog; the row travels as a parameter.
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const columns = table.insertableColumns
    .filter((c) => c in row)
    .map(quote)
    .join(", ");
  return tx.unsafe(
    `insert into ${quote(table.name)} (${columns})
     select ${columns} from jsonb_populate_record(null::${quote(table.name)}, $1::jsonb) returning 1`,
    [row as never],
  );
}
