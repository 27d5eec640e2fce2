import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, withUser, type Sql, type Tx } from "@/lib/db/client";
import {
  approveCalculations,
  listCalculations,
  rejectCalculation,
  statementFor,
} from "@/lib/commissions/calculations";
import {
  assignUnmappedSales,
  listUnmappedGhlUsers,
  recordRefund,
  recordSale,
} from "@/lib/commissions/ingest";
import {
  approvePayout,
  closePeriod,
  createDraftPayouts,
  listPayouts,
  markPayoutPaid,
  payoutsCsv,
} from "@/lib/commissions/payouts";
import { addReceipt, typeInReceipt } from "@/lib/commissions/receipts";
import { recomputeMonth } from "@/lib/commissions/recompute";
import { enterManualSale, importTransactionsCsv, manualSaleSchema } from "@/lib/commissions/transactions";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, tryAsUser, type TestTenant } from "@/tests/support/tenants";

/**
 * Sales and commissions against Postgres as each role: ingestion is idempotent, a sales member
 * reads only their own calculations, payouts and statement, organization B sees nothing of A's,
 * nobody approves their own commission, a closed period locks approved numbers, every change is
 * audited, and refunds net out over approve → pay → refund → next payout.
 */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let ana: string; // a rep linked to A's sales member
let ben: string; // a rep with no login
let boss: string; // a rep linked to A's administrator
let cara: string; // a rep of B

const service = <T>(work: (tx: Tx) => Promise<T>) => withServiceRoleBypassingRls(work, sql);
const as = <T>(claims: TestTenant["members"]["owner"], work: (tx: Tx) => Promise<T>) =>
  withUser(claims, work, sql);

async function teamMember(t: TestTenant, name: string, extra: Record<string, string | null> = {}) {
  const [row] = await sql<{ id: string }[]>`
    insert into team_members ${sql({ organization_id: t.id, full_name: name, external_id: `ghl-${randomUUID()}`, commission_rate: "10", ...extra })}
    returning id`;
  return row!.id;
}

function sale(t: TestTenant, overrides: Partial<Parameters<typeof recordSale>[1]> = {}) {
  return {
    organizationId: t.id,
    source: "ghl_invoice" as const,
    externalId: `inv-${randomUUID()}`,
    amountMinor: 1_200_000,
    currency: "usd",
    paidAt: new Date("2026-03-15T10:00:00Z"),
    ...overrides,
  };
}

beforeAll(async () => {
  sql = testSql(8);
  a = await createTenant(sql, "Commissions A", { plan: "enterprise" });
  b = await createTenant(sql, "Commissions B", { plan: "enterprise" });
  ana = await teamMember(a, "Ana Sales", { user_id: a.members.sales.sub });
  ben = await teamMember(a, "Ben Nologin");
  boss = await teamMember(a, "Boss Admin", { user_id: a.members.administrator.sub });
  cara = await teamMember(b, "Cara B");
});
afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

describe("recordSale", () => {
  it("records a sale once, however often it arrives, with one set of commissions", async () => {
    const input = sale(a, { teamMemberId: ana });
    const results = await Promise.all([1, 2, 3].map(() => service((tx) => recordSale(tx, input))));
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [n] =
      await sql`select count(*)::int as n from commission_calculations where transaction_id = ${results[0]!.transactionId}`;
    expect(n!.n).toBe(1);
    const created = results.find((r) => r.created)!;
    expect(results.every((r) => r.calculationIds.join() === created.calculationIds.join())).toBe(true);
    const [line] =
      await sql`select amount_minor::int as amount, status, currency, explanation from commission_calculations where id = ${created.calculationIds[0]!}`;
    expect(line).toMatchObject({ amount: 120_000, status: "pending", currency: "USD" });
    expect(line!.explanation).toContain("10% of USD 12,000.00");
  });

  it("validates its input", async () => {
    for (const bad of [
      { amountMinor: 0 },
      { amountMinor: 1.5 },
      { amountMinor: 2 ** 60 },
      { currency: "dollars" },
      { externalId: "" },
    ]) {
      await expect(service((tx) => recordSale(tx, sale(a, bad)))).rejects.toMatchObject({
        code: "validation_failed",
      });
    }
    await expect(service((tx) => recordSale(tx, sale(a, { teamMemberId: cara })))).rejects.toMatchObject({
      code: "validation_failed",
    });
  });

  it("keeps an unknown GHL user for mapping, then assigns their sales and computes", async () => {
    const ghlUser = `ghl-unknown-${randomUUID()}`;
    const first = await service((tx) => recordSale(tx, sale(a, { ghlUserId: ghlUser })));
    await service((tx) => recordSale(tx, sale(a, { ghlUserId: ghlUser, amountMinor: 300_000 })));
    expect(first).toMatchObject({ created: true, calculationIds: [], unmappedGhlUserId: ghlUser });
    const unmapped = await service((tx) => listUnmappedGhlUsers(tx, a.id));
    expect(unmapped).toContainEqual({
      ghlUserId: ghlUser,
      transactions: 2,
      totalMinor: 1_500_000,
      currency: "USD",
    });
    expect(await service((tx) => listUnmappedGhlUsers(tx, b.id))).toEqual([]);
    // B cannot claim A's unmapped sales.
    const fromB = await service((tx) => assignUnmappedSales(tx, b.id, ghlUser, cara));
    expect(fromB.assigned).toBe(0);
    const assigned = await as(a.members.owner, (tx) => assignUnmappedSales(tx, a.id, ghlUser, ben));
    expect(assigned.assigned).toBe(2);
    expect(assigned.calculationIds).toHaveLength(2);
    expect(
      (await service((tx) => listUnmappedGhlUsers(tx, a.id))).find((u) => u.ghlUserId === ghlUser),
    ).toBeUndefined();
  });

  it("lets a sales member enter their own sale; the commission is computed and audited under their name", async () => {
    const input = manualSaleSchema.parse({
      team_member_id: ana,
      amount: "1,000.50",
      currency: "usd",
      paid_at: "2026-03-20",
    });
    const result = await as(a.members.sales, (tx) => enterManualSale(tx, a.id, input));
    expect(result.created).toBe(true);
    expect(result.calculationIds).toHaveLength(1);
    const [log] = await sql`select actor_id from audit_logs where resource_type = 'commission_calculations'
                            and resource_id = ${result.calculationIds[0]!} and action = 'insert'`;
    expect(log!.actor_id).toBe(a.members.sales.sub);
    // But they cannot write a commission line themselves.
    const direct = await tryAsUser(
      sql,
      a.members.sales,
      (tx) =>
        tx`insert into commission_calculations (organization_id, transaction_id, team_member_id, period_month, gross_amount_minor, amount_minor, currency)
         values (${a.id}, ${result.transactionId}, ${ana}, '2026-03-01', 999999, 999999, 'USD') returning id`,
    );
    expect(direct.ok).toBe(false);
  });

  it("imports a CSV with per-row errors", async () => {
    const csv = [
      "external_id,amount,currency,paid_at,rep,description",
      `csv-${randomUUID()},2500.00,USD,2026-03-02,Ana Sales,Good`,
      `,100,USD,2026-03-02,,no id`,
      `csv-${randomUUID()},abc,USD,2026-03-02,,bad amount`,
      `csv-${randomUUID()},100,USD,2026-13-45,,bad date`,
      `csv-${randomUUID()},100,USD,2026-03-03,nobody@example.test,unknown rep`,
    ].join("\n");
    const result = await as(a.members.sales, (tx) => importTransactionsCsv(tx, a.id, csv));
    expect(result.imported).toBe(1);
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(result.errors[1]!.messages[0]).toContain("amount");
  });
});

describe("opportunity receipts", () => {
  it("stores a receipt and the data typed in from it, for the organization only", async () => {
    const r = await as(a.members.sales, (tx) =>
      addReceipt(tx, a.id, {
        opportunityId: "opp-1",
        filePath: "receipts/a.pdf",
        contentType: "application/pdf",
      }),
    );
    await as(a.members.sales, (tx) =>
      typeInReceipt(tx, a.id, r.id, {
        amountMinor: 4_550,
        currency: "usd",
        date: "2026-03-01",
        vendor: "Office Mart",
      }),
    );
    const [row] =
      await sql`select extracted_amount_minor::int as amount, extracted_currency, extraction_status
                            from opportunity_receipts where id = ${r.id}`;
    expect(row).toEqual({ amount: 4_550, extracted_currency: "USD", extraction_status: "typed" });
    await expect(
      as(b.members.owner, (tx) =>
        typeInReceipt(tx, a.id, r.id, { amountMinor: 1, currency: "USD", date: "2026-03-01", vendor: "X" }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("who sees what", () => {
  let anaLine: string;
  let benLine: string;

  beforeAll(async () => {
    anaLine = (await service((tx) => recordSale(tx, sale(a, { teamMemberId: ana })))).calculationIds[0]!;
    benLine = (await service((tx) => recordSale(tx, sale(a, { teamMemberId: ben })))).calculationIds[0]!;
    await service((tx) => recordSale(tx, sale(b, { teamMemberId: cara })));
  });

  it("shows a sales member only their own calculations, payouts and statement", async () => {
    const mine = await as(a.members.sales, (tx) => listCalculations(tx, a.id, { limit: 500 }));
    expect(mine.rows.map((r) => r.id)).toContain(anaLine);
    expect(mine.rows.every((r) => r.team_member_id === ana)).toBe(true);
    const admin = await as(a.members.administrator, (tx) => listCalculations(tx, a.id, { limit: 500 }));
    expect(admin.rows.map((r) => r.id)).toEqual(expect.arrayContaining([anaLine, benLine]));
    const viewer = await as(a.members.viewer, (tx) => listCalculations(tx, a.id, { limit: 500 }));
    expect(viewer.rows.map((r) => r.id)).toContain(benLine);

    expect(
      await as(a.members.sales, (tx) => statementFor(tx, a.id, ben, "2026-01-01", "2026-12-01")),
    ).toBeNull();
    const own = await as(a.members.sales, (tx) => statementFor(tx, a.id, ana, "2026-01-01", "2026-12-01"));
    expect(own!.lines.map((l) => l.id)).toContain(anaLine);

    const [payout] = await sql<{ id: string }[]>`
      insert into commission_payouts (organization_id, team_member_id, period_month, currency)
      values (${a.id}, ${ben}, '2026-01-01', 'USD') returning id`;
    const salesPayouts = await as(a.members.sales, (tx) => listPayouts(tx, a.id));
    expect(salesPayouts.rows.map((p) => p.id)).not.toContain(payout!.id);
    const adminPayouts = await as(a.members.administrator, (tx) => listPayouts(tx, a.id));
    expect(adminPayouts.rows.map((p) => p.id)).toContain(payout!.id);
    await sql`delete from commission_payouts where id = ${payout!.id}`;
  });

  it("shows organization B nothing of A's", async () => {
    for (const claims of Object.values(b.members)) {
      const seen = await as(claims, (tx) => listCalculations(tx, a.id, { limit: 500 }));
      expect(seen.rows).toEqual([]);
      expect(await as(claims, (tx) => statementFor(tx, a.id, ana, "2026-01-01", "2026-12-01"))).toBeNull();
      expect((await as(claims, (tx) => listPayouts(tx, a.id))).rows).toEqual([]);
    }
  });

  it("refuses approving one's own commission, in SQL whatever the path", async () => {
    const own = (await service((tx) => recordSale(tx, sale(a, { teamMemberId: boss })))).calculationIds[0]!;
    await expect(
      as(a.members.administrator, (tx) => approveCalculations(tx, a.id, [own])),
    ).rejects.toMatchObject({ code: "forbidden" });
    const direct = await tryAsUser(
      sql,
      a.members.administrator,
      (tx) => tx`update commission_calculations set status = 'approved' where id = ${own} returning id`,
    );
    expect(direct).toMatchObject({ ok: false, error: { code: "OFFRB" } });
    // The owner may approve it; a sales member may not approve anything.
    expect(await as(a.members.owner, (tx) => approveCalculations(tx, a.id, [own]))).toMatchObject({
      approved: 1,
    });
    const salesTry = await tryAsUser(
      sql,
      a.members.sales,
      (tx) => tx`update commission_calculations set status = 'approved' where id = ${anaLine} returning id`,
    );
    expect(salesTry.ok && salesTry.value.length === 0).toBe(true);
    // Nor mark it paid by hand.
    const paidByHand = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update commission_calculations set status = 'paid' where id = ${own} returning id`,
    );
    expect(paidByHand).toMatchObject({ ok: false, error: { code: "OFFRB" } });
  });

  it("needs a reason to reject, and records who decided, in the audit log", async () => {
    const line = (await service((tx) => recordSale(tx, sale(a, { teamMemberId: ben })))).calculationIds[0]!;
    await expect(
      as(a.members.administrator, (tx) => rejectCalculation(tx, a.id, line, "  ")),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await as(a.members.administrator, (tx) => rejectCalculation(tx, a.id, line, "Duplicate deal"));
    const [row] =
      await sql`select status, rejected_by, rejection_reason from commission_calculations where id = ${line}`;
    expect(row).toMatchObject({
      status: "rejected",
      rejected_by: a.members.administrator.sub,
      rejection_reason: "Duplicate deal",
    });
    const [log] =
      await sql`select actor_id, changes from audit_logs where resource_type = 'commission_calculations'
                            and resource_id = ${line} and action = 'update'`;
    expect(log!.actor_id).toBe(a.members.administrator.sub);
    expect(log!.changes.status).toEqual({ before: "pending", after: "rejected" });
  });
});

describe("periods, payouts and refunds", () => {
  it("locks approved numbers of a closed period; a refund then becomes a clawback line", async () => {
    const t = await service((tx) =>
      recordSale(tx, sale(a, { teamMemberId: ben, paidAt: new Date("2025-06-10T12:00:00Z") })),
    );
    const line = t.calculationIds[0]!;
    await as(a.members.administrator, (tx) => approveCalculations(tx, a.id, [line]));
    await as(a.members.owner, (tx) => closePeriod(tx, a.id, "2025-06-01"));
    const edit = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update commission_calculations set amount_minor = 1 where id = ${line} returning id`,
    );
    expect(edit).toMatchObject({ ok: false, error: { code: "OFCNF" } });
    const unapprove = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update commission_calculations set status = 'pending' where id = ${line} returning id`,
    );
    expect(unapprove).toMatchObject({ ok: false, error: { code: "OFCNF" } });
    const source =
      await sql`select source, external_id from sales_transactions where id = ${t.transactionId}`;
    const refund = await service((tx) =>
      recordRefund(tx, {
        organizationId: a.id,
        source: source[0]!.source,
        externalId: source[0]!.external_id,
        refundedAmountMinor: 1_200_000,
        refundedAt: new Date("2025-07-02T00:00:00Z"),
      }),
    );
    expect(refund!.clawbackIds).toHaveLength(1);
    const [claw] =
      await sql`select kind, amount_minor::int as amount, status, period_month::text as month from commission_calculations where id = ${refund!.clawbackIds[0]!}`;
    expect(claw).toMatchObject({
      kind: "clawback",
      amount: -120_000,
      status: "approved",
      month: "2025-07-01",
    });
    const [orig] =
      await sql`select amount_minor::int as amount, status from commission_calculations where id = ${line}`;
    expect(orig).toMatchObject({ amount: 120_000, status: "approved" });
    // Unknown transactions and repeated refunds change nothing.
    expect(
      await service((tx) =>
        recordRefund(tx, {
          organizationId: a.id,
          source: "ghl_invoice",
          externalId: "nope",
          refundedAmountMinor: 1,
          refundedAt: new Date(),
        }),
      ),
    ).toBeNull();
    const again = await service((tx) =>
      recordRefund(tx, {
        organizationId: a.id,
        source: source[0]!.source,
        externalId: source[0]!.external_id,
        refundedAmountMinor: 1_200_000,
        refundedAt: new Date(),
      }),
    );
    expect(again!.clawbackIds).toEqual([]);
  });

  it("cancels a pending commission on a full refund and shrinks it on a partial one", async () => {
    const t = await service((tx) => recordSale(tx, sale(a, { teamMemberId: ben })));
    const ext = (await sql`select external_id from sales_transactions where id = ${t.transactionId}`)[0]!
      .external_id;
    const refund = (n: number) =>
      service((tx) =>
        recordRefund(tx, {
          organizationId: a.id,
          source: "ghl_invoice",
          externalId: ext,
          refundedAmountMinor: n,
          refundedAt: new Date(),
        }),
      );
    await refund(300_000);
    let [line] =
      await sql`select amount_minor::int as amount, status from commission_calculations where id = ${t.calculationIds[0]!}`;
    expect(line).toMatchObject({ amount: 90_000, status: "pending" });
    await refund(1_200_000);
    [line] =
      await sql`select amount_minor::int as amount, status from commission_calculations where id = ${t.calculationIds[0]!}`;
    expect(line).toMatchObject({ amount: 0, status: "clawed_back" });
    const [tr] =
      await sql`select status, refunded_amount_minor::int as refunded from sales_transactions where id = ${t.transactionId}`;
    expect(tr).toMatchObject({ status: "refunded", refunded: 1_200_000 });
    await expect(refund(1_300_000)).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("nets to zero over approve → pay → refund → next payout, with CSV and audit", async () => {
    const c = await teamMember(a, `Payee ${randomUUID().slice(0, 6)}`);
    const t = await service((tx) =>
      recordSale(tx, sale(a, { teamMemberId: c, paidAt: new Date("2026-04-03T12:00:00Z") })),
    );
    await as(a.members.administrator, (tx) => approveCalculations(tx, a.id, t.calculationIds));
    const draft = await as(a.members.administrator, (tx) => createDraftPayouts(tx, a.id, "2026-04-01"));
    expect(draft.payouts).toBeGreaterThanOrEqual(1);
    const mine = (
      await as(a.members.administrator, (tx) => listPayouts(tx, a.id, { month: "2026-04-01" }))
    ).rows.find((p) => p.team_member_id === c)!;
    expect(mine).toMatchObject({ status: "draft", total_minor: "120000", lines: 1 });
    // A paid reference is needed, and a payout is approved before it is paid.
    await expect(
      as(a.members.administrator, (tx) => markPayoutPaid(tx, a.id, mine.id, "PAY-1")),
    ).rejects.toMatchObject({ code: "not_found" });
    await as(a.members.administrator, (tx) => approvePayout(tx, a.id, mine.id));
    await expect(
      as(a.members.administrator, (tx) => markPayoutPaid(tx, a.id, mine.id, " ")),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await as(a.members.administrator, (tx) => markPayoutPaid(tx, a.id, mine.id, "PAY-1"));
    const [line] = await sql`select status from commission_calculations where id = ${t.calculationIds[0]!}`;
    expect(line!.status).toBe("paid");
    const csv = await as(a.members.administrator, (tx) => payoutsCsv(tx, a.id, "2026-04-01"));
    expect(csv).toContain(`${mine.id},2026-04,${mine.team_member_name},,`);
    expect(csv).toContain(",USD,1200.00,120000,1,paid,PAY-1,");

    const ext = (await sql`select external_id from sales_transactions where id = ${t.transactionId}`)[0]!
      .external_id;
    const refund = await service((tx) =>
      recordRefund(tx, {
        organizationId: a.id,
        source: "ghl_invoice",
        externalId: ext,
        refundedAmountMinor: 1_200_000,
        refundedAt: new Date("2026-05-02T00:00:00Z"),
      }),
    );
    expect(refund!.clawbackIds).toHaveLength(1);
    await as(a.members.administrator, (tx) => createDraftPayouts(tx, a.id, "2026-05-01"));
    const next = (
      await as(a.members.administrator, (tx) => listPayouts(tx, a.id, { month: "2026-05-01" }))
    ).rows.find((p) => p.team_member_id === c)!;
    expect(BigInt(mine.total_minor) + BigInt(next.total_minor)).toBe(0n);

    const logs = await sql`select action, resource_type from audit_logs where organization_id = ${a.id}
                           and resource_type in ('commission_payouts', 'commission_calculations')
                           and resource_id in (${mine.id}, ${t.calculationIds[0]!})`;
    expect(logs.filter((l) => l.resource_type === "commission_payouts").length).toBeGreaterThanOrEqual(3);
    expect(logs.filter((l) => l.resource_type === "commission_calculations").length).toBeGreaterThanOrEqual(
      3,
    );
    // A paid payout cannot change any more.
    const change = await tryAsUser(
      sql,
      a.members.owner,
      (tx) => tx`update commission_payouts set reference = 'OTHER' where id = ${mine.id} returning id`,
    );
    expect(change).toMatchObject({ ok: false, error: { code: "OFCNF" } });
  });

  it("refuses approving one's own payout", async () => {
    const t = await service((tx) =>
      recordSale(tx, sale(a, { teamMemberId: boss, paidAt: new Date("2026-06-03T12:00:00Z") })),
    );
    await as(a.members.owner, (tx) => approveCalculations(tx, a.id, t.calculationIds));
    await as(a.members.owner, (tx) => createDraftPayouts(tx, a.id, "2026-06-01"));
    const p = (await as(a.members.owner, (tx) => listPayouts(tx, a.id, { month: "2026-06-01" }))).rows.find(
      (r) => r.team_member_id === boss,
    )!;
    await expect(as(a.members.administrator, (tx) => approvePayout(tx, a.id, p.id))).rejects.toMatchObject({
      code: "OFFRB",
    });
  });

  it("recomputes a month from the rules, with tiers by attainment", async () => {
    const rep = await teamMember(a, `Tiered ${randomUUID().slice(0, 6)}`);
    const [plan] = await sql<{ id: string }[]>`
      insert into commission_plans (organization_id, name) values (${a.id}, 'Tiered plan') returning id`;
    await sql`insert into commission_rules (organization_id, plan_id, name, team_member_id, kind, quota_minor, tiers, currency, accelerator_multiplier)
              values (${a.id}, ${plan!.id}, 'Quota', ${rep}, 'tiered', 1000000,
                      ${sql.json([
                        { fromPercent: 0, ratePercent: 5 },
                        { fromPercent: 100, ratePercent: 10 },
                      ])}, 'USD', 2)`;
    const d1 = await service((tx) =>
      recordSale(
        tx,
        sale(a, { teamMemberId: rep, amountMinor: 800_000, paidAt: new Date("2026-08-01T00:00:00Z") }),
      ),
    );
    const d2 = await service((tx) =>
      recordSale(
        tx,
        sale(a, { teamMemberId: rep, amountMinor: 400_000, paidAt: new Date("2026-08-20T00:00:00Z") }),
      ),
    );
    const amounts = async () =>
      (
        await sql`select c.amount_minor::int as amount from commission_calculations c join sales_transactions s on s.id = c.transaction_id
                 join commission_rules r on r.id = c.rule_id
                 where c.team_member_id = ${rep} and r.plan_id = ${plan!.id} order by s.paid_at`
      ).map((r) => r.amount);
    // 800,000 at 5% = 40,000; then 200,000 at 5% + 200,000 at 10% × 2 = 10,000 + 40,000.
    expect(await amounts()).toEqual([40_000, 50_000]);
    expect(d1.created && d2.created).toBe(true);
    await sql`update commission_rules set tiers = ${sql.json([{ fromPercent: 0, ratePercent: 6 }])} where plan_id = ${plan!.id}`;
    const r = await service((tx) => recomputeMonth(tx, a.id, "2026-08-01"));
    expect(r.lines).toBeGreaterThanOrEqual(2);
    expect(await amounts()).toEqual([48_000, 24_000]);
  });
  it("recomputes the month at once when a deal arrives out of date order, approved lines kept", async () => {
    const rep = await teamMember(a, `Late ${randomUUID().slice(0, 6)}`);
    const [plan] = await sql<{ id: string }[]>`
      insert into commission_plans (organization_id, name) values (${a.id}, 'Late deals plan') returning id`;
    await sql`insert into commission_rules (organization_id, plan_id, name, team_member_id, kind, quota_minor, tiers, currency)
              values (${a.id}, ${plan!.id}, 'Quota', ${rep}, 'tiered', 1000000,
                      ${sql.json([
                        { fromPercent: 0, ratePercent: 5 },
                        { fromPercent: 100, ratePercent: 10 },
                      ])}, 'USD')`;
    const deal = (amountMinor: number, day: string) =>
      service((tx) =>
        recordSale(
          tx,
          sale(a, { teamMemberId: rep, amountMinor, paidAt: new Date(`2026-09-${day}T12:00:00Z`) }),
        ),
      );
    const lines = async () =>
      (
        await sql`select c.amount_minor::int as amount, c.status from commission_calculations c
                 join sales_transactions s on s.id = c.transaction_id join commission_rules r on r.id = c.rule_id
                 where c.team_member_id = ${rep} and r.plan_id = ${plan!.id} order by s.paid_at`
      ).map((r) => [r.amount, r.status]);
    // The 20th first: 600,000 at 5%. The 25th: 600,000, the quota crossed at 400,000.
    await deal(600_000, "20");
    const late = await deal(600_000, "25");
    expect(await lines()).toEqual([
      [30_000, "pending"],
      [20_000 + 20_000, "pending"],
    ]);
    // The 25th's line is approved; then a deal of the 5th is entered, before both.
    const lateLine =
      await sql`select c.id from commission_calculations c join commission_rules r on r.id = c.rule_id
                               where c.transaction_id = ${late.transactionId} and r.plan_id = ${plan!.id}`;
    await sql`update commission_calculations set status = 'approved', approved_at = now(), approved_by = ${a.members.owner.sub}
              where id = ${lateLine[0]!.id}`;
    const before =
      await sql`select c.id from commission_calculations c join sales_transactions s on s.id = c.transaction_id
                             where s.paid_at = '2026-09-20T12:00:00Z' and c.team_member_id = ${rep}`;
    const early = await deal(500_000, "05");
    // The 5th: 500,000 at 5%. The 20th, recomputed at once: 500,000 → 1,100,000 crosses at 1,000,000:
    // 500,000 at 5% + 100,000 at 10%. The approved 25th stays as it was approved.
    expect(await lines()).toEqual([
      [25_000, "pending"],
      [25_000 + 10_000, "pending"],
      [40_000, "approved"],
    ]);
    expect(early.created).toBe(true);
    expect(early.calculationIds.length).toBeGreaterThanOrEqual(1);
    // The recomputed line is the same line (links to it stay good), with its new amount.
    const after =
      await sql`select c.id from commission_calculations c join sales_transactions s on s.id = c.transaction_id
                            where s.paid_at = '2026-09-20T12:00:00Z' and c.team_member_id = ${rep}`;
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    // The sale's page lists its own lines, and only those (its commission breakdown).
    const breakdown = await as(a.members.owner, (tx) =>
      listCalculations(tx, a.id, { transactionId: early.transactionId }),
    );
    expect(breakdown.rows.map((r) => r.id).sort()).toEqual([...early.calculationIds].sort());
    expect(breakdown.rows.every((r) => r.transaction_id === early.transactionId)).toBe(true);
    // A sales member who is not the rep sees none of them.
    const other = await as(a.members.sales, (tx) =>
      listCalculations(tx, a.id, { transactionId: early.transactionId }),
    );
    expect(other.rows).toEqual([]);
    // In a closed month nothing moves: the late deal gets its own line only.
    await sql`insert into commission_periods (organization_id, period_month, closed_at) values (${a.id}, '2026-09-01', now())
              on conflict (organization_id, period_month) do update set closed_at = now()`;
    await deal(100_000, "01");
    expect((await lines()).slice(1)).toEqual([
      [25_000, "pending"],
      [25_000 + 10_000, "pending"],
      [40_000, "approved"],
    ]);
  });
});
