import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql, type Tx } from "@/lib/db/client";
import { approveCalculations, rejectCalculation } from "@/lib/commissions/calculations";
import { recordSale } from "@/lib/commissions/ingest";
import {
  approvePayout,
  createDraftPayouts,
  listPayouts,
  markPayoutPaid,
  payoutsCsv,
} from "@/lib/commissions/payouts";
import { parseCsv } from "@/lib/utils/csv";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Separation of duties (issue #15, item 10) performed as attacks against Postgres: an
 * administrator who is also a rep unlinks their team member, tries to approve (or reject) their
 * own commission, approve or mark paid their own payout, and links themselves back; and the
 * payroll CSV carries formula-looking names as text (item 15).
 */

let sql: Sql;
let a: TestTenant;
const service = <T>(work: (tx: Tx) => Promise<T>) => withServiceRoleBypassingRls(work, sql);
const as = <T>(claims: TestTenant["members"]["owner"], work: (tx: Tx) => Promise<T>) =>
  withUser(claims, work, sql);

async function teamMember(name: string, userId: string | null = null): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into team_members ${sql({ organization_id: a.id, full_name: name, external_id: `ghl-${randomUUID()}`, commission_rate: "10", user_id: userId })}
    returning id`;
  return row!.id;
}

async function commissionFor(teamMemberId: string, paidAt: string): Promise<string> {
  const result = await service((tx) =>
    recordSale(tx, {
      organizationId: a.id,
      source: "ghl_invoice",
      externalId: `inv-${randomUUID()}`,
      amountMinor: 1_000_000,
      currency: "usd",
      paidAt: new Date(paidAt),
      teamMemberId,
    }),
  );
  return result.calculationIds[0]!;
}

const setLink = (teamMemberId: string, userId: string | null) =>
  as(
    a.members.administrator,
    (tx) => tx`update team_members set user_id = ${userId} where id = ${teamMemberId}`,
  );

beforeAll(async () => {
  sql = testSql(4);
  a = await createTenant(sql, "Separation", { plan: "enterprise" });
});
afterAll(async () => {
  await deleteTenants(sql, [a]);
  await sql.end();
});

describe("nobody approves their own commission, whatever the link says now", () => {
  it("refuses the unlink → approve → relink attack, through the app and directly", async () => {
    const admin = a.members.administrator;
    const self = await teamMember("Admin Rep", admin.sub);
    const line = await commissionFor(self, "2026-02-03T12:00:00Z");

    // The attack: unlink oneself (allowed: administrators manage team members) …
    await setLink(self, null);
    // … approve one's own commission …
    await expect(as(admin, (tx) => approveCalculations(tx, a.id, [line]))).rejects.toMatchObject({
      code: "forbidden",
    });
    const direct = await tryAsUser(
      sql,
      admin,
      (tx) => tx`update commission_calculations set status = 'approved' where id = ${line} returning id`,
    );
    expect(direct).toMatchObject({ ok: false, error: { code: "OFFRB" } });
    // … nor reject it (a decision on one's own line either way).
    await expect(as(admin, (tx) => rejectCalculation(tx, a.id, line, "Mine"))).rejects.toMatchObject({
      code: "OFFRB",
    });
    // … and relink: the line is still waiting for someone else.
    await setLink(self, admin.sub);
    const [row] = await sql`select status, approved_by from commission_calculations where id = ${line}`;
    expect(row).toEqual({ status: "pending", approved_by: null });

    // Another approver records who the rep was at approval.
    await as(a.members.owner, (tx) => approveCalculations(tx, a.id, [line]));
    const [approved] = await sql`
      select status, approved_by, approved_rep_user_id, approved_rep_team_member_id
      from commission_calculations where id = ${line}`;
    expect(approved).toEqual({
      status: "approved",
      approved_by: a.members.owner.sub,
      approved_rep_user_id: admin.sub,
      approved_rep_team_member_id: self,
    });
  });

  it("refuses linking a login to a team member whose open approvals that login made", async () => {
    const admin = a.members.administrator;
    const ghost = await teamMember("Not Yet Linked");
    const line = await commissionFor(ghost, "2026-02-10T12:00:00Z");
    expect(await as(admin, (tx) => approveCalculations(tx, a.id, [line]))).toMatchObject({ approved: 1 });
    const link = await tryAsUser(
      sql,
      admin,
      (tx) => tx`update team_members set user_id = ${admin.sub} where id = ${ghost} returning id`,
    );
    expect(link).toMatchObject({ ok: false, error: { code: "OFCNF" } });
    // Linking someone else is fine.
    await setLink(ghost, a.members.sales.sub);
    const [tm] = await sql`select user_id from team_members where id = ${ghost}`;
    expect(tm!.user_id).toBe(a.members.sales.sub);
  });

  it("refuses a row recording its own rep as approver, whatever path writes it", async () => {
    const rep = await teamMember("Constraint Rep", a.members.viewer.sub);
    const line = await commissionFor(rep, "2026-02-12T12:00:00Z");
    // The service path skips the user rules, not the recorded rep: a self-approval still fails.
    const forged = service(
      (tx) => tx`
        update commission_calculations set status = 'approved' where id = ${line}
        returning approved_rep_user_id`,
    );
    // The service role has no uid, so the approval goes through with nobody as approver …
    expect((await forged)[0]!.approved_rep_user_id).toBe(a.members.viewer.sub);
    // … and a forged approver equal to the recorded rep is refused by the check constraint.
    await expect(
      service(
        (tx) => tx`update commission_calculations set approved_by = approved_rep_user_id where id = ${line}`,
      ),
    ).rejects.toMatchObject({ code: "23514" });
  });
});

describe("nobody approves or marks paid their own payout", () => {
  it("refuses approving and paying one's own payout, unlinked or not", async () => {
    const admin = a.members.administrator;
    // A login links to one team member at a time: free the administrator from the earlier test's.
    await sql`update team_members set user_id = null where organization_id = ${a.id} and user_id = ${admin.sub}`;
    const self = await teamMember("Admin Payee", admin.sub);
    const line = await commissionFor(self, "2026-03-03T12:00:00Z");
    await as(a.members.owner, (tx) => approveCalculations(tx, a.id, [line]));
    await as(a.members.owner, (tx) => createDraftPayouts(tx, a.id, "2026-03-01"));
    const payout = (await as(admin, (tx) => listPayouts(tx, a.id, { month: "2026-03-01" }))).rows.find(
      (p) => p.team_member_id === self,
    )!;

    await setLink(self, null);
    await expect(as(admin, (tx) => approvePayout(tx, a.id, payout.id))).rejects.toMatchObject({
      code: "OFFRB",
    });
    await as(a.members.owner, (tx) => approvePayout(tx, a.id, payout.id));
    // Marking it paid: refused unlinked, and linked again.
    await expect(as(admin, (tx) => markPayoutPaid(tx, a.id, payout.id, "PAY-SELF"))).rejects.toMatchObject({
      code: "OFFRB",
    });
    await setLink(self, admin.sub);
    await expect(as(admin, (tx) => markPayoutPaid(tx, a.id, payout.id, "PAY-SELF"))).rejects.toMatchObject({
      code: "OFFRB",
    });
    const [open] = await sql`select status, paid_by from commission_payouts where id = ${payout.id}`;
    expect(open).toEqual({ status: "approved", paid_by: null });

    await as(a.members.owner, (tx) => markPayoutPaid(tx, a.id, payout.id, "PAY-OK"));
    const [paid] = await sql`
      select status, approved_by, approved_rep_user_id, paid_by, paid_rep_user_id
      from commission_payouts where id = ${payout.id}`;
    expect(paid).toEqual({
      status: "paid",
      approved_by: a.members.owner.sub,
      approved_rep_user_id: admin.sub,
      paid_by: a.members.owner.sub,
      paid_rep_user_id: admin.sub,
    });
  });
});

describe("the payroll CSV", () => {
  it("carries formula-looking names and references as text", async () => {
    const rep = await teamMember('=HYPERLINK("https://evil.example","Click")');
    await sql`update team_members set email = 'payee@example.test', external_id = ${"-2+3+cmd|' /C calc'!A0"} where id = ${rep}`;
    const line = await commissionFor(rep, "2026-05-03T12:00:00Z");
    await as(a.members.owner, (tx) => approveCalculations(tx, a.id, [line]));
    await as(a.members.owner, (tx) => createDraftPayouts(tx, a.id, "2026-05-01"));
    const csv = await as(a.members.owner, (tx) => payoutsCsv(tx, a.id, "2026-05-01"));
    const rows = parseCsv(csv);
    const row = rows.find((r) => r[2]?.includes("HYPERLINK"))!;
    expect(row[2]).toBe(`'=HYPERLINK("https://evil.example","Click")`);
    expect(row[4]).toBe("'-2+3+cmd|' /C calc'!A0");
    // No cell of the file starts like a formula.
    for (const cells of rows) for (const cell of cells) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  });
});
