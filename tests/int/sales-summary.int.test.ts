import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import type { EngineWorker } from "@/lib/engine/worker";
import { testSql } from "@/tests/support/db";
import { awaitExecution, createWorkflow, definition, startTestWorkers } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/** The sales_summary step: the run's own organization's sales of the last days, net of refunds, by rep. */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let workers: EngineWorker[] = [];

beforeAll(async () => {
  sql = testSql(4);
  a = await createTenant(sql, "Summary A");
  b = await createTenant(sql, "Summary B");
  workers = await startTestWorkers(1);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function rep(t: TestTenant, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into team_members (organization_id, full_name, email, member_type)
    values (${t.id}, ${name}, ${`${randomUUID().slice(0, 8)}@example.test`}, 'sales') returning id`;
  return row!.id;
}

async function sale(
  t: TestTenant,
  sale: { rep?: string; minor: number; currency?: string; paid: Date; refunded?: number },
) {
  await sql`
    insert into sales_transactions (organization_id, source, external_id, team_member_id, amount_minor, currency,
                                    paid_at, refunded_amount_minor, refunded_at)
    values (${t.id}, 'manual', ${randomUUID()}, ${sale.rep ?? null}, ${sale.minor}, ${sale.currency ?? "USD"},
            ${sale.paid}, ${sale.refunded ?? 0}, ${sale.refunded ? new Date() : null})`;
}

describe("the sales_summary workflow step", () => {
  it("adds up the last days' sales of its own organization, net of refunds, biggest rep first", async () => {
    const maria = await rep(a, "Maria Closer");
    const joe = await rep(a, "Joe Setter");
    await sale(a, { rep: maria, minor: 100_000, paid: daysAgo(1) });
    await sale(a, { rep: maria, minor: 50_000, paid: daysAgo(6) });
    await sale(a, { rep: joe, minor: 40_000, paid: daysAgo(2), refunded: 20_000 }); // net 200.00
    await sale(a, { rep: joe, minor: 90_000, paid: daysAgo(3), refunded: 90_000 }); // fully refunded: out
    await sale(a, { rep: joe, minor: 999_900, paid: daysAgo(10) }); // before the period: out
    await sale(a, { minor: 30_000, currency: "EUR", paid: daysAgo(1) }); // unassigned
    await sale(b, { minor: 777_700, paid: daysAgo(1) }); // another organization: out

    const workflowId = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "sales_summary_1", type: "sales_summary", config: { days: 7 } },
        ],
        [["manual_1", "sales_summary_1"]],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: a.id,
      workflowId,
      triggerType: "manual",
      input: { input: {} },
    });
    const { execution, steps } = await awaitExecution(sql, executionId);
    expect(execution.status, JSON.stringify(steps.map((s) => s.error))).toBe("completed");
    const output = steps.find((s) => s.node_id === "sales_summary_1")!.output as Record<string, unknown>;
    expect(output).toMatchObject({
      count: 4,
      total: "EUR 300.00 + USD 1,700.00",
      by_rep: [
        { name: "Maria Closer", count: 2, total: "USD 1,500.00" },
        { name: "Unassigned", count: 1, total: "EUR 300.00" },
        { name: "Joe Setter", count: 1, total: "USD 200.00" },
      ],
    });
    expect(output.text).toBe(
      [
        "4 sales in the last 7 days: EUR 300.00 + USD 1,700.00.",
        "",
        "- Maria Closer: 2 sales, USD 1,500.00",
        "- Unassigned: 1 sale, EUR 300.00",
        "- Joe Setter: 1 sale, USD 200.00",
      ].join("\n"),
    );
    expect(Date.parse(output.to as string) - Date.parse(output.from as string)).toBe(7 * 86_400_000);
  });
});
