import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditLog from "@/app/api/v1/audit_log/route";
import * as bot from "@/app/api/v1/bots/[id]/route";
import * as bots from "@/app/api/v1/bots/route";
import * as calculation from "@/app/api/v1/commission_calculations/[id]/route";
import * as calculations from "@/app/api/v1/commission_calculations/route";
import * as conversation from "@/app/api/v1/conversations/[id]/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as executions from "@/app/api/v1/executions/route";
import * as execution from "@/app/api/v1/executions/[id]/route";
import * as invitations from "@/app/api/v1/invitations/route";
import * as documents from "@/app/api/v1/knowledge_documents/route";
import * as member from "@/app/api/v1/members/[id]/route";
import * as members from "@/app/api/v1/members/route";
import * as notifications from "@/app/api/v1/notifications/route";
import * as payout from "@/app/api/v1/payouts/[id]/route";
import * as payouts from "@/app/api/v1/payouts/route";
import * as transaction from "@/app/api/v1/sales_transactions/[id]/route";
import * as transactions from "@/app/api/v1/sales_transactions/route";
import * as teamMember from "@/app/api/v1/team_members/[id]/route";
import * as teamMembers from "@/app/api/v1/team_members/route";
import * as workflow from "@/app/api/v1/workflows/[id]/route";
import * as workflows from "@/app/api/v1/workflows/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Every readable resource of /api/v1, the same way: the list shows the organization's row, the
 * read answers it, another organization's id is a 404, and a key without the permission a 403.
 */

type Handler = Parameters<typeof callApi>[0];
type Resource = {
  name: string;
  table: string;
  permission: string;
  list: Handler;
  read?: Handler;
  listQuery?: string;
  /** Only the rows the list shows (notifications: the key creator's). */
  where?: string;
};

const resources: Resource[] = [
  {
    name: "members",
    table: "organization_members",
    permission: "members:read",
    list: members.GET,
    read: member.GET,
  },
  {
    name: "invitations",
    table: "invitations",
    permission: "members:read",
    list: invitations.GET,
    where: "accepted_at is null and revoked_at is null and declined_at is null",
  },
  {
    name: "team_members",
    table: "team_members",
    permission: "team_members:read",
    list: teamMembers.GET,
    read: teamMember.GET,
  },
  {
    name: "workflows",
    table: "workflows",
    permission: "workflows:read",
    list: workflows.GET,
    read: workflow.GET,
  },
  {
    name: "executions",
    table: "executions",
    permission: "executions:read",
    list: executions.GET,
    read: execution.GET,
  },
  { name: "bots", table: "bots", permission: "bots:read", list: bots.GET, read: bot.GET },
  { name: "knowledge_documents", table: "documents", permission: "bots:read", list: documents.GET },
  {
    name: "conversations",
    table: "conversation_sessions",
    permission: "conversations:read",
    list: conversations.GET,
    read: conversation.GET,
    where: "channel = 'web'",
  },
  {
    name: "sales_transactions",
    table: "sales_transactions",
    permission: "sales:read",
    list: transactions.GET,
    read: transaction.GET,
  },
  {
    name: "commission_calculations",
    table: "commission_calculations",
    permission: "commissions:read",
    list: calculations.GET,
    read: calculation.GET,
  },
  {
    name: "payouts",
    table: "commission_payouts",
    permission: "payouts:read",
    list: payouts.GET,
    read: payout.GET,
  },
  { name: "audit_log", table: "audit_logs", permission: "audit_logs:read", list: auditLog.GET },
  {
    name: "notifications",
    table: "notifications",
    permission: "organizations:read",
    list: notifications.GET,
  },
];

describe("API v1 resources", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let everything: string;
  let nothing: string;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = [await createTenant(sql, "Res A"), await createTenant(sql, "Res B")];
    everything = await apiKeyFor(a.members.owner, a.id, [
      ...new Set(resources.map((r) => r.permission)),
      // Without it, a key sees only its creator's own commissions and payouts (RLS).
      "team_commissions:read",
    ]);
    nothing = await apiKeyFor(a.members.owner, a.id, ["api_keys:read"]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  const firstId = async (table: string, org: string, where = "true") => {
    const [row] = await sql.unsafe(
      `select id::text as id from public.${table} where organization_id = $1 and ${where} order by created_at desc limit 1`,
      [org],
    );
    expect(row, `a ${table} row to find`).toBeDefined();
    return row!.id as string;
  };

  it.each(resources.map((r) => [r.name, r] as const))(
    "%s: list, read, 404 across organizations, 403",
    async (_, r) => {
      const path = `/api/v1/${r.name}`;
      const ours = await firstId(r.table, a.id, r.where);
      const list = await callApi(r.list, "GET", `${path}?limit=100`, { key: everything });
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.object).toBe("list");
      const ids = list.body.data.map((x: { id: string | number }) => String(x.id));
      expect(ids).toContain(ours);
      const theirs = await firstId(r.table, b.id, r.where);
      expect(ids).not.toContain(theirs);
      if (r.read) {
        const read = await callApi(r.read, "GET", `${path}/${ours}`, {
          key: everything,
          params: { id: ours },
        });
        expect(read.status, JSON.stringify(read.body)).toBe(200);
        expect(String(read.body.id ?? read.body.session?.id)).toBe(ours);
        const other = await callApi(r.read, "GET", `${path}/${theirs}`, {
          key: everything,
          params: { id: theirs },
        });
        expect(other.status).toBe(404);
        expect(other.body.error.code).toBe("not_found");
      }
      const refused = await callApi(r.list, "GET", path, { key: nothing });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: { code: "forbidden", message: `This API key does not have the ${r.permission} permission.` },
      });
    },
  );
});
