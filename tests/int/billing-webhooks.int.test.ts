import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { startCheckout } from "@/lib/billing/checkout";
import type { Sql } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { startStripeTestServer, type StripeTestServer } from "@/tests/support/stripe-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Stripe's webhooks through the real route handler: events made and signed as Stripe makes them
 * (the SDK's generateTestHeaderString), the subscription re-read through the real SDK from the
 * local Stripe test server, and the database checked afterwards.
 */

const PROFESSIONAL = { max_users: 25, max_workflows: 100, max_bots: 10, max_executions_per_month: 50000 };
const FREE = { max_users: 3, max_workflows: 5, max_bots: 1, max_executions_per_month: 1000 };

type Delivery = { status: number; body: Record<string, unknown> };

describe("POST /api/webhooks/stripe", () => {
  let sql: Sql;
  let stripe: StripeTestServer;
  const tenants: TestTenant[] = [];
  const savedEnv = { ...process.env };

  async function tenant(label: string): Promise<TestTenant> {
    const t = await createTenant(sql, label);
    tenants.push(t);
    return t;
  }

  async function send(body: string, headers: Record<string, string>): Promise<Delivery> {
    const res = await stripeWebhook(
      new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", body, headers }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const deliver = (event: Record<string, unknown> & { id: string; object: string }) => {
    const { body, headers } = stripe.signed(event);
    return send(body, headers);
  };

  /** An organization that went through checkout: its session completed on "Stripe's" side. */
  async function checkedOut(label: string, plan = "professional") {
    const t = await tenant(label);
    const { sessionId } = await startCheckout(t.members.owner, t.id, { plan, cycle: "monthly" });
    const { session, subscription } = stripe.completeCheckout(sessionId);
    return {
      t,
      subscriptionId: subscription.id,
      completed: stripe.event("checkout.session.completed", session),
      created: stripe.event("customer.subscription.created", subscription),
    };
  }

  async function organization(id: string) {
    const [row] = await sql`
      select subscription_plan, subscription_status, max_users, max_workflows, max_bots, max_executions_per_month
      from organizations where id = ${id}`;
    return row!;
  }

  async function subscriptionsOf(id: string) {
    // The tenant's fixture rows (an old, ended subscription) are not Stripe's: leave them out.
    return sql`select plan_id, status, billing_cycle, stripe_subscription_id, current_period_end, trial_end,
                      past_due_since
               from subscriptions where organization_id = ${id} and stripe_subscription_id like 'sub_test_%'`;
  }

  /** Everything billing writes, to show that something changed nothing. */
  async function snapshot(id: string) {
    return {
      organization: await sql`select * from organizations where id = ${id}`,
      subscriptions: await sql`select * from subscriptions where organization_id = ${id} order by id`,
      payments: await sql`select * from payments where organization_id = ${id} order by id`,
      customers: await sql`select * from billing_customers where organization_id = ${id} order by id`,
      events: await sql`select count(*)::int as n from stripe_events`,
    };
  }

  beforeAll(async () => {
    sql = testSql();
    stripe = await startStripeTestServer();
    Object.assign(process.env, stripe.env);
  });
  afterEach(() => {
    Object.assign(process.env, stripe.env);
  });
  afterAll(async () => {
    await sql`update subscriptions set status = 'canceled' where organization_id = any(${tenants.map((t) => t.id)}::uuid[])`;
    await deleteTenants(sql, tenants);
    await sql.end();
    await stripe.close();
    process.env = savedEnv;
  });

  it("puts the organization on the new plan after checkout.session.completed then customer.subscription.created, each twice", async () => {
    const { t, completed, created, subscriptionId } = await checkedOut("In order");

    const outcomes = [];
    for (const event of [completed, created, completed, created]) outcomes.push(await deliver(event));
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200, 200]);
    expect(outcomes.map((o) => o.body.outcome)).toEqual(["processed", "processed", "duplicate", "duplicate"]);

    const subs = await subscriptionsOf(t.id);
    expect(subs).toHaveLength(1);
    const [live] = await sql`select count(*)::int as n from subscriptions
                             where organization_id = ${t.id} and status in ('active', 'trialing')`;
    expect(live!.n).toBe(1);
    // No trial: the test organization has had a subscription before (its fixture).
    expect(subs[0]).toMatchObject({
      plan_id: "professional",
      status: "active",
      billing_cycle: "monthly",
      stripe_subscription_id: subscriptionId,
      trial_end: null,
    });
    expect((subs[0]!.current_period_end as Date).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await organization(t.id)).toEqual({
      subscription_plan: "professional",
      subscription_status: "active",
      ...PROFESSIONAL,
    });
    const [events] = await sql`
      select count(*)::int as n, bool_and(processed_at is not null) as all_processed,
             bool_and(organization_id = ${t.id}) as all_tied, max(deliveries) as most_deliveries
      from stripe_events where stripe_event_id in (${completed.id}, ${created.id})`;
    expect(events).toMatchObject({ n: 2, all_processed: true, all_tied: true, most_deliveries: 2 });
  });

  it("ends in the same state when the events arrive in reverse order, each twice", async () => {
    const { t, completed, created } = await checkedOut("Reversed");
    for (const event of [created, created, completed, completed]) {
      expect((await deliver(event)).status).toBe(200);
    }
    const subs = await subscriptionsOf(t.id);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ plan_id: "professional", status: "active" });
    expect(await organization(t.id)).toMatchObject({ subscription_plan: "professional", ...PROFESSIONAL });
  });

  it("stores what Stripe says now, not what a late event said", async () => {
    const { t, completed, created, subscriptionId } = await checkedOut("Late event");
    await deliver(completed);
    // The owner cancels in the portal and Stripe says so, before the (late) created event arrives.
    const updated = stripe.updateSubscription(subscriptionId, { cancelAtPeriodEnd: true });
    await deliver(stripe.event("customer.subscription.updated", updated));
    await deliver(created); // its copy still says cancel_at_period_end: false
    const [row] =
      await sql`select status, cancel_at_period_end from subscriptions where stripe_subscription_id = ${subscriptionId}`;
    expect(row).toEqual({ status: "active", cancel_at_period_end: true });
    expect(await organization(t.id)).toMatchObject({
      subscription_plan: "professional",
      subscription_status: "active",
    });
  });

  it("moves to past_due with a grace period on invoice.payment_failed, and back on invoice.paid", async () => {
    const { t, completed, subscriptionId } = await checkedOut("Past due");
    await deliver(completed);
    const failedInvoice = stripe.failPayment(subscriptionId);
    const failed = stripe.event("invoice.payment_failed", failedInvoice);
    expect((await deliver(failed)).body.outcome).toBe("processed");

    expect(await organization(t.id)).toMatchObject({
      subscription_plan: "professional",
      subscription_status: "past_due",
      ...PROFESSIONAL,
    });
    const paymentsOf = () =>
      sql`select amount, currency, status, stripe_invoice_id, paid_at from payments
          where organization_id = ${t.id} and stripe_invoice_id like 'in_test_%'`;
    const [payment] = await paymentsOf();
    expect(payment).toEqual({
      amount: "9900",
      currency: "usd",
      status: "failed",
      stripe_invoice_id: failedInvoice.id,
      paid_at: null,
    });
    // What the banner reads, as any member.
    const [banner] = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify(t.members.viewer)}, true)`;
      return tx`select status, subscription_plan_name, past_due_since, grace_ends_at
                from public.organization_plan_status(${t.id})`;
    });
    expect(banner).toMatchObject({ status: "past_due", subscription_plan_name: "Professional" });
    const since = (banner!.past_due_since as Date).getTime();
    expect(since).toBe(failed.created * 1000);
    expect((banner!.grace_ends_at as Date).getTime()).toBe(since + 7 * 86_400_000);

    const paidInvoice = stripe.payInvoice(subscriptionId, failedInvoice.id);
    await deliver(stripe.event("invoice.paid", paidInvoice));
    expect(await organization(t.id)).toMatchObject({
      subscription_status: "active",
      subscription_plan: "professional",
    });
    const payments = await paymentsOf();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: "succeeded", amount: "9900" });
    expect((await subscriptionsOf(t.id))[0]!.past_due_since).toBeNull();

    // A failure event from before the payment, delivered late, undoes nothing.
    const late = stripe.event("invoice.payment_failed", failedInvoice, {
      createdAt: new Date((failed.created - 60) * 1000),
    });
    expect((await deliver(late)).status).toBe(200);
    expect((await paymentsOf())[0]).toMatchObject({ status: "succeeded" });
    expect(await organization(t.id)).toMatchObject({ subscription_status: "active" });
  });

  it("drops to the free plan on customer.subscription.deleted", async () => {
    const { t, completed, subscriptionId } = await checkedOut("Canceled");
    await deliver(completed);
    const canceled = stripe.cancelSubscription(subscriptionId);
    expect((await deliver(stripe.event("customer.subscription.deleted", canceled))).body.outcome).toBe(
      "processed",
    );
    expect(await organization(t.id)).toEqual({
      subscription_plan: "free",
      subscription_status: "active",
      ...FREE,
    });
    expect((await subscriptionsOf(t.id))[0]).toMatchObject({ status: "canceled", plan_id: "professional" });
  });

  it("follows a plan change made in the customer portal", async () => {
    const { t, completed, subscriptionId } = await checkedOut("Portal change");
    await deliver(completed);
    const changed = stripe.updateSubscription(subscriptionId, {
      priceId: "price_test_starter_yearly",
      status: "active",
    });
    await deliver(stripe.event("customer.subscription.updated", changed));
    expect((await subscriptionsOf(t.id))[0]).toMatchObject({ plan_id: "starter", billing_cycle: "yearly" });
    expect(await organization(t.id)).toMatchObject({ subscription_plan: "starter", max_workflows: 25 });
  });

  describe("refuses or ignores bad deliveries, changing nothing", () => {
    let subject: Awaited<ReturnType<typeof checkedOut>>;
    let before: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      subject = await checkedOut("Bad input");
      await deliver(subject.completed);
    });

    async function expectUnchanged() {
      expect(await snapshot(subject.t.id)).toEqual(before);
    }

    it("refuses a wrong signature, a tampered body, a missing header and an old timestamp with 400", async () => {
      before = await snapshot(subject.t.id);
      const event = stripe.event(
        "customer.subscription.deleted",
        stripe.subscriptions.get(subject.subscriptionId)!,
      );
      const wrongSecret = stripe.signed(event, { secret: "whsec_someone_else" });
      const tampered = stripe.signed(event);
      const old = stripe.signed(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      const cases = [
        await send(wrongSecret.body, wrongSecret.headers),
        await send(
          tampered.body.replace("customer.subscription.deleted", "customer.subscription.updated"),
          tampered.headers,
        ),
        await send(tampered.body, { "content-type": "application/json" }),
        await send(old.body, old.headers),
      ];
      expect(cases.map((c) => c.status)).toEqual([400, 400, 400, 400]);
      expect(cases.map((c) => (c.body.error as { message: string }).message)).toEqual([
        "The Stripe signature does not match the body, or it is too old.",
        "The Stripe signature does not match the body, or it is too old.",
        "The Stripe-Signature header is missing.",
        "The Stripe signature does not match the body, or it is too old.",
      ]);
      await expectUnchanged();
    });

    it("refuses a malformed body with 400, even when it is signed", async () => {
      before = await snapshot(subject.t.id);
      const sign = (body: string) => ({
        "content-type": "application/json",
        "stripe-signature": stripe.stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: stripe.webhookSecret,
        }),
      });
      const notJson = await send("{not json", sign("{not json"));
      expect(notJson).toEqual({
        status: 400,
        body: { error: { code: "bad_request", message: "The body is not valid JSON." } },
      });
      const notEvent = await send('{"hello":"world"}', sign('{"hello":"world"}'));
      expect(notEvent.status).toBe(400);
      expect((notEvent.body.error as { message: string }).message).toBe("The body is not a Stripe event.");
      const empty = await send("", sign(""));
      expect(empty.status).toBe(400);
      await expectUnchanged();
    });

    it("refuses an event whose object is not what its type says, keeping the error with the event", async () => {
      const event = stripe.event("checkout.session.completed", { id: "cs_test_broken", object: "invoice" });
      before = await snapshot(subject.t.id);
      const res = await deliver(event);
      expect(res.status).toBe(400);
      expect((res.body.error as { message: string }).message).toBe(
        "The checkout.session.completed event does not carry the object it should.",
      );
      const [stored] =
        await sql`select processed_at, error from stripe_events where stripe_event_id = ${event.id}`;
      expect(stored).toEqual({
        processed_at: null,
        error: "The checkout.session.completed event does not carry the object it should.",
      });
      const after = await snapshot(subject.t.id);
      expect({ ...after, events: before.events }).toEqual(before);
    });

    it("stores and ignores event types it does not act on, with 200", async () => {
      before = await snapshot(subject.t.id);
      const event = stripe.event("customer.updated", { id: "cus_test_whoever", object: "customer" });
      const res = await deliver(event);
      expect(res).toEqual({
        status: 200,
        body: {
          received: true,
          id: event.id,
          type: "customer.updated",
          outcome: "ignored",
          detail: "Orgflow does not act on customer.updated events.",
        },
      });
      const [stored] =
        await sql`select outcome, processed_at is not null as processed from stripe_events where stripe_event_id = ${event.id}`;
      expect(stored).toEqual({ outcome: "ignored", processed: true });
      const after = await snapshot(subject.t.id);
      expect({ ...after, events: before.events }).toEqual(before);
    });

    it("ignores a subscription that belongs to no organization", async () => {
      before = await snapshot(subject.t.id);
      const stranger = {
        id: "sub_test_stranger",
        object: "subscription",
        customer: "cus_test_stranger",
        metadata: {},
      };
      const res = await deliver(stripe.event("customer.subscription.updated", stranger));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        outcome: "ignored",
        detail: "Subscription sub_test_stranger belongs to no Orgflow organization.",
      });
      const after = await snapshot(subject.t.id);
      expect({ ...after, events: before.events }).toEqual(before);
    });

    it("changes nothing when an event is replayed, even after Stripe's state moved on", async () => {
      const reactivated = stripe.event(
        "customer.subscription.updated",
        stripe.updateSubscription(subject.subscriptionId, { status: "active" }),
      );
      await deliver(reactivated);
      before = await snapshot(subject.t.id);
      stripe.updateSubscription(subject.subscriptionId, { status: "past_due" });
      const replay = await deliver(reactivated);
      expect(replay).toMatchObject({ status: 200, body: { outcome: "duplicate", id: reactivated.id } });
      await expectUnchanged();
      stripe.updateSubscription(subject.subscriptionId, { status: "active" });
    });

    it("answers 503, storing nothing, when webhooks are not set up on the server", async () => {
      before = await snapshot(subject.t.id);
      const { body, headers } = stripe.signed(
        stripe.event("invoice.paid", { id: "in_test_x", object: "invoice" }),
      );
      delete process.env.STRIPE_WEBHOOK_SECRET;
      const res = await send(body, headers);
      expect(res.status).toBe(503);
      expect((res.body.error as { message: string }).message).toBe(
        "Stripe webhooks are not set up on this server: STRIPE_WEBHOOK_SECRET is not set.",
      );
      await expectUnchanged();
    });
  });
});
