import * as auditLog from "@/app/api/v1/audit_log/route";
import * as approveLine from "@/app/api/v1/commission_calculations/[id]/approve/route";
import * as calculation from "@/app/api/v1/commission_calculations/[id]/route";
import * as calculations from "@/app/api/v1/commission_calculations/route";
import * as markRead from "@/app/api/v1/notifications/[id]/read/route";
import * as notifications from "@/app/api/v1/notifications/route";
import * as approvePayout from "@/app/api/v1/payouts/[id]/approve/route";
import * as markPaid from "@/app/api/v1/payouts/[id]/mark_paid/route";
import * as payout from "@/app/api/v1/payouts/[id]/route";
import * as payouts from "@/app/api/v1/payouts/route";
import * as transaction from "@/app/api/v1/sales_transactions/[id]/route";
import * as transactions from "@/app/api/v1/sales_transactions/route";
import { expect } from "vitest";
import { draftPayout, firstRow, pendingLine, seedSales } from "./api-resource-rows";
import type { ResourceCase } from "./api-resources";
import { fixtureId } from "./tenants";

/** The rows of the resource table for what the organization records: sales, commissions, the audit log, notifications. */
export function recordCases(): ResourceCase[] {
  return [
    {
      name: "sales_transactions",
      table: "sales_transactions",
      permission: "sales:read",
      list: transactions.GET,
      get: transaction.GET,
      fixture: (_, t) => fixtureId(t, "sale"),
      seed: (sql, t, n) => seedSales(sql, t, n, "walk"),
    },
    {
      name: "commission_calculations",
      table: "commission_calculations",
      permission: "commissions:read",
      alsoGrant: ["team_commissions:read"],
      list: calculations.GET,
      get: calculation.GET,
      fixture: pendingLine,
      actions: [
        {
          path: "approve",
          handler: approveLine.POST,
          permission: "commissions:approve",
          expect: { status: "approved" },
        },
      ],
      seed: async (sql, t, n) => {
        const sales = await seedSales(sql, t, n, "line");
        await sql`
          insert into commission_calculations (organization_id, transaction_id, team_member_id, kind, period_month,
                                               base_minor, gross_amount_minor, amount_minor, currency, explanation)
          select ${t.id}, s, ${fixtureId(t, "commission_rep")}, 'adjustment', '2020-01-01', 0, 100, 100, 'USD', 'Walk'
          from unnest(${sales.map((s) => s.id)}::uuid[]) s`;
      },
    },
    {
      name: "payouts",
      table: "commission_payouts",
      permission: "payouts:read",
      alsoGrant: ["team_commissions:read"],
      list: payouts.GET,
      get: payout.GET,
      fixture: draftPayout,
      actions: [
        {
          path: "approve",
          handler: approvePayout.POST,
          permission: "payouts:approve",
          expect: { status: "approved" },
        },
        {
          path: "mark_paid",
          handler: markPaid.POST,
          permission: "payouts:update",
          body: () => ({ reference: "TRF-MATRIX" }),
          expect: { status: "paid" },
        },
      ],
      seed: (sql, t, n) => sql`
        insert into commission_payouts (organization_id, team_member_id, period_month, currency)
        select ${t.id}, ${fixtureId(t, "commission_rep")}, date '1990-01-01' + make_interval(months => i), 'USD'
        from generate_series(1, ${n}) i`,
    },
    {
      name: "audit_log",
      table: "audit_logs",
      where: () => "resource_type = 'matrix_walk'",
      walkQuery: "resource_type=matrix_walk",
      permission: "audit_logs:read",
      list: auditLog.GET,
      fixture: async (sql, t) =>
        (
          await sql<{ id: string }[]>`
            select id::text as id from audit_logs where organization_id = ${t.id} order by id desc limit 1`
        )[0]!.id,
      seed: (sql, t, n) => sql`
        insert into audit_logs (organization_id, action, resource_type, resource_id, changes)
        select ${t.id}, 'update', 'matrix_walk', i::text, '{}'::jsonb from generate_series(1, ${n}) i`,
    },
    {
      name: "notifications",
      table: "notifications",
      where: (t) => `recipient_user_id = '${t.members.owner.sub}'`,
      permission: "organizations:read",
      list: notifications.GET,
      fixture: (sql, t) => firstRow(sql, "notifications", t),
      actions: [
        {
          path: "read",
          handler: markRead.POST,
          permission: "organizations:read",
          expect: { read_at: expect.any(String) },
        },
      ],
      seed: (sql, t, n) => sql`
        insert into notifications (organization_id, recipient_user_id, title)
        select ${t.id}, ${t.members.owner.sub}, 'Walk ' || i from generate_series(1, ${n}) i`,
    },
  ];
}
