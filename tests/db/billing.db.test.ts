import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAs, type Sql, type Tx } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import {
  createTenant,
  deleteTenants,
  ROLES,
  tryAndRollback,
  tryAsAnon,
  tryAsUser,
  type TestTenant,
} from "@/tests/support/tenants";

/**
 * Billing in the database: the plan catalog, who reads the Stripe mirror, how the organization's
 * plan and limits follow its subscription (grace period included), and that the limits hold in
 * SQL whatever the app does.
 */

const FREE = { max_users: 3, max_workflows: 5, max_bots: 1, max_executions_per_month: 1000 };
const STARTER = { max_users: 10, max_workflows: 25, max_bots: 3, max_executions_per_month: 10000 };

const rand = () => randomBytes(6).toString("hex");

/** As the webhook does: on the service path, in a transaction. */
function asService<T>(sql: Sql, work: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await actAs(tx, "service_role", {});
    return work(tx);
  }) as Promise<T>;
}

async function addSubscription(
  sql: Sql,
  organizationId: string,
  row: { status: string; plan_id?: string; past_due_since?: Date | null },
): Promise<string> {
  const id = `sub_db_${rand()}`;
  await asService(sql, async (tx) => {
    await tx`insert into subscriptions (organization_id, plan_id, stripe_subscription_id, stripe_customer_id,
                                        status, billing_cycle, past_due_since, stripe_created_at)
             values (${organizationId}, ${row.plan_id ?? "starter"}, ${id}, ${`cus_db_${rand()}`}, ${row.status},
                     'monthly', ${row.past_due_since ?? null}, now())`;
    await tx`select private.apply_billing_state(${organizationId})`;
  });
  return id;
}

async function setSubscription(sql: Sql, organizationId: string, id: string, status: string) {
  await asService(sql, async (tx) => {
    await tx`update subscriptions set status = ${status} where stripe_subscription_id = ${id}`;
    await tx`select private.apply_billing_state(${organizationId})`;
  });
}

async function organization(sql: Sql, id: string) {
  const [row] = await sql`
    select subscription_plan, subscription_status, max_users, max_workflows, max_bots, max_executions_per_month,
           max_knowledge_base_mb
    from organizations where id = ${id}`;
  return row!;
}

async function endSubscriptions(sql: Sql, tenants: TestTenant[]) {
  await sql`update subscriptions set status = 'canceled' where organization_id = any(${tenants.map((t) => t.id)}::uuid[])`;
}

describe("billing", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let other: TestTenant;
  const made: TestTenant[] = [];

  async function freshTenant(label: string): Promise<TestTenant> {
    const t = await createTenant(sql, label);
    made.push(t);
    return t;
  }

  beforeAll(async () => {
    sql = testSql();
    tenant = await freshTenant("Billing");
    other = await freshTenant("Elsewhere");
  });
  afterAll(async () => {
    await endSubscriptions(sql, made);
    await deleteTenants(sql, made);
    await sql.end();
  });

  describe("the plan catalog", () => {
    it("has the four plans with their limits, prices in minor units and Stripe prices", async () => {
      const plans = await sql`
        select id, monthly_amount, yearly_amount, stripe_price_monthly, max_users, max_workflows, max_bots,
               max_executions_per_month, max_knowledge_base_mb, trial_days, active
        from subscription_plans order by position`;
      expect(plans.map((p) => p.id)).toEqual(["free", "starter", "professional", "enterprise"]);
      expect(plans[0]).toMatchObject({
        ...FREE,
        monthly_amount: 0,
        stripe_price_monthly: null,
        trial_days: 0,
      });
      expect(plans[1]).toMatchObject({
        ...STARTER,
        monthly_amount: 2900,
        yearly_amount: 29000,
        stripe_price_monthly: "price_test_starter_monthly",
        trial_days: 14,
      });
      for (const p of plans) expect(Number.isInteger(p.monthly_amount)).toBe(true);
    });

    it("matches what a new organization starts with", async () => {
      const t = await freshTenant("Defaults");
      await sql`select private.apply_billing_state(${t.id})`;
      expect(await organization(sql, t.id)).toEqual({
        subscription_plan: "free",
        subscription_status: "active",
        ...FREE,
        max_knowledge_base_mb: 50,
      });
    });

    it("is public through list_subscription_plans, but the table itself is not open to visitors", async () => {
      const listed = await tryAsAnon(sql, (tx) => tx`select id from public.list_subscription_plans()`);
      expect(listed.ok && listed.value.map((r) => r.id)).toEqual([
        "free",
        "starter",
        "professional",
        "enterprise",
      ]);
      const table = await tryAsAnon(sql, (tx) => tx`select id from subscription_plans`);
      expect(table.ok).toBe(false);
    });

    it("cannot be changed by any member", async () => {
      const outcome = await tryAsUser(
        sql,
        tenant.members.owner,
        (tx) => tx`update subscription_plans set max_workflows = 1000 returning id`,
      );
      expect(outcome.ok).toBe(false);
    });
  });

  describe("the Stripe mirror", () => {
    it("is read by members with billing:read and by nobody else", async () => {
      await addSubscription(sql, tenant.id, { status: "canceled" });
      for (const role of ROLES) {
        const allowed = role === "owner" || role === "administrator";
        for (const table of ["subscriptions", "payments", "billing_customers", "usage_records"]) {
          const seen = await tryAsUser(
            sql,
            tenant.members[role],
            (tx) => tx`select 1 from ${tx(table)} where organization_id = ${tenant.id}`,
          );
          expect(seen.ok, `${role} reading ${table}`).toBe(true);
          expect(seen.ok && seen.value.length > 0, `${role} reading ${table}`).toBe(allowed);
        }
      }
    });

    it("is written only on the service path, never by a member, not even the owner", async () => {
      const attempts = [
        (tx: Tx) =>
          tx`update subscriptions set status = 'active' where organization_id = ${tenant.id} returning 1`,
        (tx: Tx) =>
          tx`insert into subscriptions (organization_id, plan_id, stripe_subscription_id, stripe_customer_id, status, billing_cycle)
             values (${tenant.id}, 'enterprise', ${`sub_x_${rand()}`}, 'cus_x', 'active', 'monthly') returning 1`,
        (tx: Tx) => tx`delete from payments where organization_id = ${tenant.id} returning 1`,
        (tx: Tx) =>
          tx`insert into billing_customers (organization_id, stripe_customer_id) values (${tenant.id}, ${`cus_${rand()}`}) returning 1`,
        (tx: Tx) => tx`select private.apply_billing_state(${tenant.id})`,
        (tx: Tx) => tx`update organizations set max_workflows = 1000 where id = ${tenant.id} returning 1`,
      ];
      for (const attempt of attempts) {
        const outcome = await tryAsUser(sql, tenant.members.owner, attempt);
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.error.code).toBe("42501");
      }
    });

    it("keeps the webhook inbox to the service path", async () => {
      await sql`insert into stripe_events (stripe_event_id, type, payload, organization_id)
                values (${`evt_db_${rand()}`}, 'invoice.paid', '{}', ${tenant.id})`;
      const seen = await tryAsUser(sql, tenant.members.owner, (tx) => tx`select 1 from stripe_events`);
      expect(seen.ok).toBe(false);
      const [count] = await asService(sql, (tx) => tx`select count(*)::int as n from stripe_events`);
      expect(count!.n).toBeGreaterThan(0);
    });

    it("asks for billing:update before a checkout or a portal visit", async () => {
      for (const role of ROLES) {
        const outcome = await tryAsUser(
          sql,
          tenant.members[role],
          (tx) =>
            tx`select organization_slug, stripe_customer_id from public.begin_billing_change(${tenant.id})`,
        );
        if (role === "owner" || role === "administrator") {
          expect(outcome).toMatchObject({ ok: true, value: [{ organization_slug: tenant.slug }] });
        } else {
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) {
            expect(outcome.error.code).toBe("OFFRB");
            expect(outcome.error.message).toBe(
              "Only owners and administrators can change the plan or the payment details.",
            );
          }
        }
      }
      const outsider = await tryAsUser(
        sql,
        other.members.owner,
        (tx) => tx`select * from public.begin_billing_change(${tenant.id})`,
      );
      expect(outsider.ok).toBe(false);
    });
  });

  describe("the organization follows its subscription", () => {
    it("takes the plan's limits while active or trialing, and the free plan's when it ends", async () => {
      const t = await freshTenant("Follows");
      const sub = await addSubscription(sql, t.id, { status: "trialing" });
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "starter",
        subscription_status: "trialing",
        ...STARTER,
      });
      await setSubscription(sql, t.id, sub, "active");
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "starter",
        subscription_status: "active",
      });
      await setSubscription(sql, t.id, sub, "canceled");
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "free",
        subscription_status: "active",
        ...FREE,
      });
    });

    it("keeps the paid plan for 7 days after a failed payment, then applies the free plan's limits", async () => {
      const t = await freshTenant("Grace");
      await addSubscription(sql, t.id, {
        status: "past_due",
        past_due_since: new Date(Date.now() - 6 * 86_400_000),
      });
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "starter",
        subscription_status: "past_due",
        ...STARTER,
      });
      const [status] = await tryAsUser(
        sql,
        t.members.viewer,
        (tx) =>
          tx`select plan_id, status, subscription_plan_id, grace_ends_at from public.organization_plan_status(${t.id})`,
      ).then((o) => (o.ok ? o.value : []));
      expect(status).toMatchObject({
        plan_id: "starter",
        status: "past_due",
        subscription_plan_id: "starter",
      });
      expect((status!.grace_ends_at as Date).getTime()).toBeGreaterThan(Date.now());

      // Time passes: the grace period is over.
      await sql`update subscriptions set past_due_since = now() - interval '8 days' where organization_id = ${t.id}`;
      const [expired] = await asService(sql, (tx) => tx`select private.expire_billing_grace_periods() as n`);
      expect(expired!.n).toBeGreaterThanOrEqual(1);
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "free",
        subscription_status: "past_due",
        ...FREE,
      });
    });

    it("applies an expired grace period at the next page view, for any member", async () => {
      const t = await freshTenant("Lazy");
      await addSubscription(sql, t.id, { status: "past_due", past_due_since: new Date() });
      await sql`update subscriptions set past_due_since = now() - interval '10 days' where organization_id = ${t.id}`;
      expect((await organization(sql, t.id)).subscription_plan).toBe("starter");
      const outcome = await tryAsUser(sql, t.members.viewer, async (tx) => {
        await tx`select public.refresh_billing_state(${t.id})`;
        return tx`select subscription_plan, max_workflows from organizations where id = ${t.id}`;
      });
      expect(outcome).toMatchObject({ ok: true, value: [{ subscription_plan: "free", max_workflows: 5 }] });
      // An outsider's call changes nothing.
      await tryAsUser(sql, other.members.owner, (tx) => tx`select public.refresh_billing_state(${t.id})`);
      expect((await organization(sql, t.id)).subscription_plan).toBe("starter");
    });

    it("gives unpaid and incomplete subscriptions the free plan's limits", async () => {
      const t = await freshTenant("Unpaid");
      const sub = await addSubscription(sql, t.id, { status: "incomplete" });
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "free",
        subscription_status: "incomplete",
      });
      await setSubscription(sql, t.id, sub, "unpaid");
      expect(await organization(sql, t.id)).toMatchObject({
        subscription_plan: "free",
        subscription_status: "unpaid",
        ...FREE,
      });
    });

    it("will not delete an organization whose subscription is still billed", async () => {
      const t = await freshTenant("Billed");
      await addSubscription(sql, t.id, { status: "active" });
      const outcome = await tryAsUser(
        sql,
        t.members.owner,
        (tx) => tx`delete from organizations where id = ${t.id} returning id`,
      );
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.error.code).toBe("OFCNF");
        expect(outcome.error.message).toContain("Cancel it on the Billing page first");
      }
    });
  });

  describe("limits in SQL", () => {
    const createWorkflow = (tx: Tx, t: TestTenant) =>
      tx`insert into workflows (organization_id, name) values (${t.id}, ${`Flow ${rand()}`}) returning id`;

    it("stops the workflow one past the free plan's limit, and lets it in after an upgrade", async () => {
      const t = await freshTenant("Limits");
      await sql`select private.apply_billing_state(${t.id})`; // back to the free plan's limits
      const [existing] =
        await sql`select count(*)::int as n from workflows where organization_id = ${t.id} and status <> 'archived'`;
      for (let i = existing!.n; i < FREE.max_workflows; i++) {
        await sql.begin(async (tx) => {
          await actAs(tx, "authenticated", t.members.owner);
          await createWorkflow(tx, t);
        });
      }
      const refused = await tryAsUser(sql, t.members.owner, (tx) => createWorkflow(tx, t));
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe("OFLIM");
        expect(refused.error.message).toBe(
          "Your Free plan allows 5 workflows. Upgrade your plan to add more.",
        );
      }

      const usage = await tryAsUser(
        sql,
        t.members.viewer,
        (tx) => tx`select * from public.organization_usage(${t.id})`,
      );
      expect(usage.ok && usage.value).toEqual(
        expect.arrayContaining([
          { resource: "workflows", label: "workflows", used: "5", max_allowed: 5 },
          expect.objectContaining({ resource: "members", max_allowed: 3 }),
          { resource: "executions", label: "executions this month", used: "0", max_allowed: 1000 },
        ]),
      );
      expect(usage.ok && usage.value.filter((u) => u.resource === "workflows")).toHaveLength(1);

      await addSubscription(sql, t.id, { status: "active" });
      const allowed = await tryAsUser(sql, t.members.owner, (tx) => createWorkflow(tx, t));
      expect(allowed.ok).toBe(true);
    });

    it("keeps every row after a downgrade and blocks only adding more", async () => {
      const t = await freshTenant("Downgrade");
      const sub = await addSubscription(sql, t.id, { status: "active" });
      for (let i = 0; i < 7; i++) {
        await sql.begin(async (tx) => {
          await actAs(tx, "authenticated", t.members.owner);
          await createWorkflow(tx, t);
        });
      }
      await setSubscription(sql, t.id, sub, "canceled");
      const [count] = await sql`select count(*)::int as n from workflows where organization_id = ${t.id}`;
      expect(count!.n).toBe(8);
      const usage = await tryAsUser(
        sql,
        t.members.viewer,
        (tx) =>
          tx`select used::int, max_allowed from public.organization_usage(${t.id}) where resource = 'workflows'`,
      );
      expect(usage).toMatchObject({ ok: true, value: [{ used: 8, max_allowed: 5 }] });
      const refused = await tryAsUser(sql, t.members.owner, (tx) => createWorkflow(tx, t));
      expect(refused.ok).toBe(false);
      // Members over the limit stay; inviting another is refused.
      const invite = await tryAsUser(
        sql,
        t.members.owner,
        (tx) =>
          tx`insert into invitations (organization_id, email, role, token_hash)
           values (${t.id}, ${`x-${rand()}@example.test`}, 'viewer', ${randomBytes(32).toString("hex")}) returning id`,
      );
      expect(invite.ok).toBe(false);
      if (!invite.ok) expect(invite.error.code).toBe("OFLIM");
    });

    it("can make rows over the limit read-only, keeping the oldest editable and archiving possible", async () => {
      const outcome = await tryAndRollback(sql, async (tx) => {
        const t = tenant;
        await tx`create table public.billing_scratch (
                   id uuid primary key default gen_random_uuid(),
                   organization_id uuid not null,
                   name text not null,
                   status text not null default 'active',
                   created_at timestamptz not null default now())`;
        await tx`create trigger billing_scratch_read_only before update on public.billing_scratch for each row
                 execute function private.enforce_plan_read_only('max_bots', 'bots', 'status <> ''archived''')`;
        await tx`update organizations set max_bots = 2 where id = ${t.id}`;
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const [row] = await tx`insert into public.billing_scratch (organization_id, name, created_at)
                                 values (${t.id}, ${`Bot ${i}`}, now() + ${`${i} seconds`}::interval) returning id`;
          ids.push(row!.id as string);
        }
        // The service path (the engine's bookkeeping) is not held back.
        await tx`update public.billing_scratch set name = 'Newest, by the service' where id = ${ids[2]!}`;
        await actAs(tx, "authenticated", t.members.owner);
        await tx`update public.billing_scratch set name = 'Oldest, edited' where id = ${ids[0]!}`;
        const newest = await tx`savepoint s`.then(() =>
          tx`update public.billing_scratch set name = 'Newest, edited' where id = ${ids[2]!}`.then(
            () => null,
            async (e: { code?: string; message: string }) => {
              await tx`rollback to savepoint s`;
              return e;
            },
          ),
        );
        // Archiving the newest takes it out of the count, and is allowed.
        await tx`update public.billing_scratch set status = 'archived' where id = ${ids[2]!}`;
        return { newest };
      });
      expect(outcome.ok).toBe(true);
      if (outcome.ok) {
        expect(outcome.value.newest?.code).toBe("OFLIM");
        expect(outcome.value.newest?.message).toContain("over the limit and read-only");
      }
    });
  });

  describe("usage per day", () => {
    it("answers every day of the period, zeros included, and counts runs and tokens by day", async () => {
      const t = await freshTenant("Daily");
      const before = await tryAsUser(
        sql,
        t.members.viewer,
        (tx) => tx`select day::text, unit, quantity::int from public.organization_daily_usage(${t.id}, 30)`,
      );
      expect(before.ok, JSON.stringify(before)).toBe(true);
      if (!before.ok) return;
      // Two units, thirty days each (the fixture's old metered row is outside the period).
      expect(before.value).toHaveLength(60);
      expect(new Set(before.value.map((r) => r.unit))).toEqual(new Set(["workflow_runs", "agent_tokens"]));
      const days = before.value.filter((r) => r.unit === "workflow_runs").map((r) => r.day);
      expect(days[0]! < days[29]!).toBe(true);

      const [workflow] = await sql`select id from workflows where organization_id = ${t.id} limit 1`;
      await sql`insert into executions (organization_id, workflow_id, trigger_type, status, created_at)
                values (${t.id}, ${workflow!.id}, 'manual', 'completed', now() - interval '2 days'),
                       (${t.id}, ${workflow!.id}, 'manual', 'completed', now() - interval '2 days')`;
      await sql`insert into agent_executions (organization_id, model, status, tokens_in, tokens_out, created_at)
                values (${t.id}, 'gpt-4o-mini', 'completed', 120, 30, now() - interval '2 days')`;
      const after = await tryAsUser(
        sql,
        t.members.viewer,
        (tx) =>
          tx`select unit, quantity::int from public.organization_daily_usage(${t.id}, 30)
           where day = (now() at time zone 'utc')::date - 2`,
      );
      expect(after).toMatchObject({
        ok: true,
        value: expect.arrayContaining([
          { unit: "workflow_runs", quantity: 2 },
          { unit: "agent_tokens", quantity: 150 },
        ]),
      });

      const outsider = await tryAsUser(
        sql,
        other.members.owner,
        (tx) => tx`select * from public.organization_daily_usage(${t.id}, 30)`,
      );
      expect(outsider).toEqual({ ok: true, value: [] });
    });

    it("records metered usage per UTC day on the service path", async () => {
      const t = await freshTenant("Metered");
      await asService(sql, async (tx) => {
        await tx`select private.record_usage(${t.id}, 'bot_messages', 3)`;
        await tx`select private.record_usage(${t.id}, 'bot_messages', 4)`;
      });
      const [row] = await sql`select quantity::int, period_end - period_start as span from usage_records
                              where organization_id = ${t.id} and unit = 'bot_messages'
                                and period_start = date_trunc('day', now() at time zone 'utc') at time zone 'utc'`;
      expect(row).toMatchObject({ quantity: 7 });
      const refused = await tryAsUser(
        sql,
        t.members.owner,
        (tx) => tx`select private.record_usage(${t.id}, 'x', 1)`,
      );
      expect(refused.ok).toBe(false);
    });
  });
});
