import type { Sql } from "@/lib/db/client";
import { fixtureId, type TestTenant } from "./tenants";

/** The rows the resource table (tests/support/api-resources.ts) aims at and seeds its walks with. */

/** The membership of the tenant's target (the viewer suites change), or another once it is removed. */
export const membershipOf = async (sql: Sql, t: TestTenant) =>
  (
    await sql<{ id: string }[]>`
      select id from organization_members where organization_id = ${t.id} and role <> 'owner'
      order by user_id = ${t.target.sub} desc limit 1`
  )[0]!.id;

/** A fresh SHA-256 in hex, per row (the token columns hold hashes). */
export const HASH = "encode(sha256(gen_random_uuid()::text::bytea), 'hex')";
export async function firstRow(sql: Sql, table: string, t: TestTenant): Promise<string> {
  const [row] = await sql.unsafe(
    `select id::text as id from public.${table} where organization_id = $1 order by created_at limit 1`,
    [t.id],
  );
  return String(row!.id);
}

/** A pending line in no payout (the fixture line sits in the draft payout, which freezes it). */
export async function pendingLine(sql: Sql, t: TestTenant): Promise<string> {
  const [line] = await sql<{ id: string }[]>`
    insert into commission_calculations (organization_id, transaction_id, team_member_id, kind, period_month,
                                         base_minor, gross_amount_minor, amount_minor, currency, explanation)
    values (${t.id}, ${fixtureId(t, "sale")}, ${fixtureId(t, "commission_rep")}, 'adjustment', '2020-01-01',
            0, 5000, 5000, 'USD', 'Matrix bonus') returning id`;
  return line!.id;
}

/** A draft payout of its own (a period of its own), for each check that approves one. */
export async function draftPayout(sql: Sql, t: TestTenant): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into commission_payouts (organization_id, team_member_id, period_month, currency)
    select ${t.id}, ${fixtureId(t, "commission_rep")}, coalesce(min(period_month), date '2020-01-01') - interval '1 month', 'USD'
    from commission_payouts where organization_id = ${t.id}
    returning id`;
  return row!.id;
}

export function seedSales(sql: Sql, t: TestTenant, n: number, prefix: string) {
  return sql<{ id: string }[]>`
    insert into sales_transactions (organization_id, source, external_id, team_member_id, amount_minor, currency, paid_at)
    select ${t.id}, 'manual', ${prefix} || '-' || i, ${fixtureId(t, "commission_rep")}, 1000, 'USD', now()
    from generate_series(1, ${n}) i returning id`;
}
