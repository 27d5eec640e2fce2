import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { createTenant, deleteTenants, fixtureId, sha256, type TestTenant } from "@/tests/support/tenants";

/**
 * The features that inform people, routed through private.notify() (issue #23, item 1): each is a
 * trigger on the row that makes it true, so whatever path changes it, the right people are told
 * once, with a bell entry and the deliveries their preferences allow.
 */

let sql: Sql;
let a: TestTenant;

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Routes");
});
afterAll(async () => {
  await deleteTenants(sql, [a]);
  await sql.end();
});

async function told(kind: string) {
  return sql<
    { recipient_user_id: string; title: string; message: string; link: string | null; channel: string }[]
  >`
    select recipient_user_id, title, message, link, channel from notifications
    where organization_id = ${a.id} and kind = ${kind} order by created_at, recipient_user_id`;
}

const asSystem = (
  work: (tx: Parameters<Parameters<typeof withServiceRoleBypassingRls>[0]>[0]) => Promise<unknown>,
) => withServiceRoleBypassingRls(work, sql);

describe("features that tell people", () => {
  it("tells whoever invited someone that they joined", async () => {
    const [inv] = await sql<{ id: string }[]>`
      insert into invitations (organization_id, email, role, token_hash, invited_by)
      values (${a.id}, 'newcomer@example.test', 'sales', ${sha256(randomUUID())}, ${a.members.administrator.sub})
      returning id`;
    await sql`update invitations set accepted_at = now(), accepted_by = ${a.target.sub} where id = ${inv!.id}`;
    const rows = await told("invitation_accepted");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipient_user_id: a.members.administrator.sub,
      channel: "in_app",
      link: `/o/${a.slug}/members`,
    });
    expect(rows[0]!.message).toContain("sales");
  });

  it("tells a rep with a login that a commission was approved and a payout paid, with the amount", async () => {
    await sql`update team_members set user_id = ${a.members.sales.sub} where id = ${fixtureId(a, "commission_rep")}`;
    await asSystem(
      (tx) =>
        tx`update commission_calculations set status = 'approved' where id = ${fixtureId(a, "commission_calculation")}`,
    );
    const approved = await told("commission_approved");
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({
      recipient_user_id: a.members.sales.sub,
      title: "Commission approved: 1,200.00 USD",
    });
    const [payout] = await sql<
      { id: string }[]
    >`select id from commission_payouts where organization_id = ${a.id} limit 1`;
    await sql`update commission_payouts set status = 'approved' where id = ${payout!.id}`;
    await sql`update commission_payouts set status = 'paid', reference = 'WIRE-42' where id = ${payout!.id}`;
    const paid = await told("payout_paid");
    expect(paid).toHaveLength(1);
    expect(paid[0]!.recipient_user_id).toBe(a.members.sales.sub);
    expect(paid[0]!.message).toContain("WIRE-42");
  });

  it("tells the author and owners when a run fails, once a workflow an hour", async () => {
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [run] = await sql<{ id: string }[]>`
        insert into executions (organization_id, workflow_id, workflow_version_id, trigger_type, status)
        values (${a.id}, ${fixtureId(a, "workflow")}, ${fixtureId(a, "workflow_version")}, 'manual', 'running')
        returning id`;
      runs.push(run!.id);
    }
    for (const id of runs)
      await sql`update executions set status = 'failed', error = 'Step 2: HTTP 500' where id = ${id}`;
    const rows = await told("run_failed");
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(new Set(rows.map((r) => r.link))).toEqual(new Set([`/o/${a.slug}/runs/${runs[0]}`]));
    expect(rows.map((r) => r.recipient_user_id)).toContain(a.members.owner.sub);
    expect(rows[0]!.message).toBe("Step 2: HTTP 500");
  });

  it("tells the owners once when 80% of the month's runs are used", async () => {
    await sql`update organizations set max_executions_per_month = 100, executions_this_month = 78,
                                   usage_period_start = date_trunc('month', now())::date where id = ${a.id}`;
    await sql`update organizations set executions_this_month = 79 where id = ${a.id}`;
    expect(await told("plan_limit_near")).toHaveLength(0);
    await sql`update organizations set executions_this_month = 80 where id = ${a.id}`;
    await sql`update organizations set executions_this_month = 81 where id = ${a.id}`;
    const rows = await told("plan_limit_near");
    expect(rows.map((r) => r.recipient_user_id)).toEqual([a.members.owner.sub]);
    expect(rows[0]!.message).toContain("80 of 100 runs");
  });

  it("sends what the person chose: with email turned off for a kind, no email delivery is queued", async () => {
    await sql`insert into notification_preferences (user_id, kind, channel, mode)
              values (${a.members.owner.sub}, 'quota', 'email', 'off')`;
    await asSystem(
      (
        tx,
      ) => tx`select private.notify(${a.id}, array[${a.members.owner.sub}, ${a.members.administrator.sub}]::uuid[],
                                                    'quota', 'Runs paused', '', 'high', null)`,
    );
    const channels = await sql<{ recipient_user_id: string; channel: string }[]>`
      select d.recipient_user_id, d.channel from notification_deliveries d join notifications n on n.id = d.notification_id
      where n.organization_id = ${a.id} and n.title = 'Runs paused' and d.recipient_user_id is not null order by d.channel`;
    expect(channels.filter((c) => c.recipient_user_id === a.members.owner.sub).map((c) => c.channel)).toEqual(
      ["in_app"],
    );
    expect(
      channels.filter((c) => c.recipient_user_id === a.members.administrator.sub).map((c) => c.channel),
    ).toEqual(["email", "in_app"]);
  });
});
