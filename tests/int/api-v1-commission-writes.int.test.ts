import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as approveLine from "@/app/api/v1/commission_calculations/[id]/approve/route";
import * as rejectLine from "@/app/api/v1/commission_calculations/[id]/reject/route";
import * as approvePayout from "@/app/api/v1/payouts/[id]/approve/route";
import * as markPaid from "@/app/api/v1/payouts/[id]/mark_paid/route";
import type { Sql } from "@/lib/db/client";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, type TestTenant } from "@/tests/support/tenants";

/** Commission decisions through /api/v1: approve or reject a line, approve a payout, mark it paid. */

describe("API v1 commission writes", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let key: string;
  let readOnly: string;

  beforeAll(async () => {
    sql = testSql();
    [a, b] = await Promise.all([
      createTenant(sql, "Comm A", { plan: "enterprise" }),
      createTenant(sql, "Comm B", { plan: "enterprise" }),
    ]);
    key = await apiKeyFor(a.members.owner, a.id, [
      "commissions:read",
      "commissions:approve",
      "payouts:read",
      "payouts:approve",
      "payouts:update",
      // Without it, a key sees only its creator's own commissions and payouts (RLS).
      "team_commissions:read",
    ]);
    readOnly = await apiKeyFor(a.members.owner, a.id, [
      "commissions:read",
      "payouts:read",
      "team_commissions:read",
    ]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("approves a line, and refuses a key without commissions:approve with 403", async () => {
    // A pending line in no payout (the fixture line is in the draft payout, which freezes it).
    const [line] = await sql<{ id: string }[]>`
      insert into commission_calculations (organization_id, transaction_id, team_member_id, kind, period_month,
                                           base_minor, gross_amount_minor, amount_minor, currency, explanation)
      values (${a.id}, ${fixtureId(a, "sale")}, ${fixtureId(a, "commission_rep")}, 'adjustment', '2020-01-01',
              0, 5000, 5000, 'USD', 'Bonus') returning id`;
    const id = line!.id;
    const refused = await callApi(approveLine.POST, "POST", `/api/v1/commission_calculations/${id}/approve`, {
      key: readOnly,
      params: { id },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const res = await callApi(approveLine.POST, "POST", `/api/v1/commission_calculations/${id}/approve`, {
      key,
      params: { id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, status: "approved" });
  });

  it("approves the payout and marks it paid with a reference; a retried POST replays", async () => {
    const id = fixtureId(a, "commission_payout");
    const approved = await callApi(approvePayout.POST, "POST", `/api/v1/payouts/${id}/approve`, {
      key,
      params: { id },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id, status: "approved" });
    const headers = { "Idempotency-Key": `paid-${Date.now()}` };
    const body = { reference: "TRANSFER-42" };
    const paid = await callApi(markPaid.POST, "POST", `/api/v1/payouts/${id}/mark_paid`, {
      key,
      params: { id },
      body,
      headers,
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id, status: "paid", reference: "TRANSFER-42" });
    const again = await callApi(markPaid.POST, "POST", `/api/v1/payouts/${id}/mark_paid`, {
      key,
      params: { id },
      body,
      headers,
    });
    expect(again.body).toEqual(paid.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("answers 404 for another organization's lines and payouts, and rejects need a reason", async () => {
    const line = fixtureId(b, "commission_calculation");
    const theirs = await callApi(rejectLine.POST, "POST", `/api/v1/commission_calculations/${line}/reject`, {
      key,
      params: { id: line },
      body: { reason: "Not ours" },
    });
    expect(theirs.status).toBe(404);
    const payout = fixtureId(b, "commission_payout");
    const theirPayout = await callApi(approvePayout.POST, "POST", `/api/v1/payouts/${payout}/approve`, {
      key,
      params: { id: payout },
    });
    expect(theirPayout.status).toBe(404);
    const [row] = await sql`select status from commission_calculations where id = ${line}`;
    expect(row!.status).toBe("pending");
    const own = fixtureId(a, "commission_calculation");
    const noReason = await callApi(rejectLine.POST, "POST", `/api/v1/commission_calculations/${own}/reject`, {
      key,
      params: { id: own },
      body: { reason: "" },
    });
    expect(noReason.status).toBe(400);
  });
});
