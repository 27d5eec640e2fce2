import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/action";
import type { UserClaims } from "@/lib/db/client";
import { errorStatus } from "@/lib/errors";
import { testSql } from "@/tests/support/db";
import { startStripeTestServer, type StripeTestServer } from "@/tests/support/stripe-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Checkout and the customer portal through the real server actions (the org-action wrapper, the
 * SQL permission check, the real `stripe` SDK against the local Stripe test server). The session
 * cookie is the one thing not in play here: the signed-in user's verified claims are given.
 */

const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const { openBillingPortalAction, startCheckoutAction } = await import("@/lib/billing/actions");

type Redirect = { url: string };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

describe("checkout and the customer portal", () => {
  const sql = testSql();
  let stripe: StripeTestServer;
  const tenants: TestTenant[] = [];
  const savedEnv = { ...process.env };

  /** A tenant that never had a subscription (the fixture's old one removed), with no customer yet. */
  async function newTenant(label: string): Promise<TestTenant> {
    const t = await createTenant(sql, label);
    tenants.push(t);
    await sql`delete from subscriptions where organization_id = ${t.id}`;
    await sql`delete from billing_customers where organization_id = ${t.id}`;
    return t;
  }

  function checkout(claims: UserClaims, t: TestTenant, plan: string, cycle = "monthly") {
    signedIn.claims = claims;
    return startCheckoutAction(null, form({ organization: t.slug, plan, cycle })) as Promise<
      ActionResult<Redirect>
    >;
  }

  function portal(claims: UserClaims, t: TestTenant) {
    signedIn.claims = claims;
    return openBillingPortalAction(null, form({ organization: t.slug })) as Promise<ActionResult<Redirect>>;
  }

  async function customerOf(t: TestTenant): Promise<string> {
    const [row] = await sql<{ stripe_customer_id: string }[]>`
      select stripe_customer_id from billing_customers where organization_id = ${t.id}`;
    return row!.stripe_customer_id;
  }

  const requestsTo = (path: string) => stripe.requests.filter((r) => r.path.startsWith(path));

  beforeAll(async () => {
    stripe = await startStripeTestServer();
  });
  beforeEach(() => {
    Object.assign(process.env, stripe.env);
    stripe.requests.length = 0;
  });
  afterEach(() => {
    signedIn.claims = null;
  });
  afterAll(async () => {
    await deleteTenants(sql, tenants);
    await sql.end();
    await stripe.close();
    process.env = savedEnv;
  });

  it("creates a Stripe customer for the organization and a subscription checkout with its price and metadata", async () => {
    const t = await newTenant("Checkout");
    const result = await checkout(t.members.owner, t, "starter");
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const [customerCall] = requestsTo("/v1/customers");
    expect(customerCall).toMatchObject({
      method: "POST",
      params: {
        name: expect.stringMatching(/^Checkout /),
        email: t.members.owner.email,
        metadata: { organization_id: t.id, organization_slug: t.slug },
      },
      idempotencyKey: expect.stringMatching(new RegExp(`^orgflow-customer-${t.id}-`)),
    });
    const customerId = await customerOf(t);
    expect(stripe.customers.has(customerId)).toBe(true);

    const sessions = requestsTo("/v1/checkout/sessions");
    expect(sessions).toHaveLength(1);
    const metadata = { organization_id: t.id, plan: "starter", billing_cycle: "monthly" };
    expect(sessions[0]!.params).toEqual({
      mode: "subscription",
      customer: customerId,
      client_reference_id: t.id,
      line_items: [{ price: "price_test_starter_monthly", quantity: "1" }],
      metadata,
      // The plan's 14 days: this organization never had a subscription.
      subscription_data: { metadata, trial_period_days: "14" },
      allow_promotion_codes: "true",
      success_url: `http://localhost:3000/o/${t.slug}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `http://localhost:3000/o/${t.slug}/billing/cancel`,
    });
    expect(sessions[0]!.stripeVersion).toBe("2026-10-28.endive");
    const [session] = [...stripe.checkoutSessions.values()].filter((s) => s.customer === customerId);
    expect(result.data.url).toBe(session!.url);
    expect(result.data.url).toMatch(new RegExp(`^${stripe.url}/c/pay/cs_test_`));
  });

  it("reuses the organization's customer for the next checkout, at the yearly price", async () => {
    const t = await newTenant("Reuse");
    expect((await checkout(t.members.owner, t, "starter")).ok).toBe(true);
    const [first] =
      await sql`select stripe_customer_id from billing_customers where organization_id = ${t.id}`;
    stripe.requests.length = 0;

    const again = await checkout(t.members.administrator, t, "professional", "yearly");
    expect(again.ok).toBe(true);
    expect(requestsTo("/v1/customers").map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/customers/${first!.stripe_customer_id}`,
    ]);
    expect(requestsTo("/v1/checkout/sessions")[0]!.params).toMatchObject({
      customer: first!.stripe_customer_id,
      line_items: [{ price: "price_test_professional_yearly", quantity: "1" }],
      subscription_data: { metadata: { plan: "professional", billing_cycle: "yearly" } },
    });
    const customers = await sql`select 1 from billing_customers where organization_id = ${t.id}`;
    expect(customers).toHaveLength(1);
  });

  it("replaces a customer Stripe no longer has", async () => {
    const t = await newTenant("Gone");
    await checkout(t.members.owner, t, "starter");
    const [before] =
      await sql`select stripe_customer_id from billing_customers where organization_id = ${t.id}`;
    await stripe.stripe.customers.del(before!.stripe_customer_id);
    expect((await checkout(t.members.owner, t, "starter")).ok).toBe(true);
    const [after] =
      await sql`select stripe_customer_id from billing_customers where organization_id = ${t.id}`;
    expect(after!.stripe_customer_id).not.toBe(before!.stripe_customer_id);
    expect(requestsTo("/v1/checkout/sessions").at(-1)!.params.customer).toBe(after!.stripe_customer_id);
  });

  it("offers no second trial to an organization that had a subscription", async () => {
    const t = await newTenant("No trial");
    await sql`insert into subscriptions (organization_id, plan_id, stripe_subscription_id, stripe_customer_id, status, billing_cycle)
              values (${t.id}, 'starter', ${`sub_old_${t.id.slice(0, 8)}`}, 'cus_old', 'canceled', 'monthly')`;
    expect((await checkout(t.members.owner, t, "starter")).ok).toBe(true);
    const params = requestsTo("/v1/checkout/sessions")[0]!.params as {
      subscription_data: Record<string, unknown>;
    };
    expect(params.subscription_data.trial_period_days).toBeUndefined();
  });

  it("refuses roles without billing:update with 403 before anything reaches Stripe", async () => {
    const t = await newTenant("Roles");
    for (const role of ["viewer", "sales", "bot_trainer"] as const) {
      for (const result of [
        await checkout(t.members[role], t, "starter"),
        await portal(t.members[role], t),
      ]) {
        expect(result.ok).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe("forbidden");
        expect(errorStatus[result.error.code]).toBe(403);
      }
    }
    expect(stripe.requests).toEqual([]);
    expect(await sql`select 1 from billing_customers where organization_id = ${t.id}`).toHaveLength(0);
  });

  it("refuses a checkout while a subscription is live, pointing to the portal", async () => {
    const t = await newTenant("Live");
    await sql`insert into subscriptions (organization_id, plan_id, stripe_subscription_id, stripe_customer_id, status, billing_cycle)
              values (${t.id}, 'starter', ${`sub_live_${t.id.slice(0, 8)}`}, 'cus_live', 'active', 'monthly')`;
    const result = await checkout(t.members.owner, t, "professional");
    expect(result).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message:
          "This organization already has a subscription. Change or cancel it in the billing portal instead.",
      },
    });
    expect(requestsTo("/v1/checkout/sessions")).toHaveLength(0);
    await sql`update subscriptions set status = 'canceled' where organization_id = ${t.id}`;
  });

  it("says what is wrong with the plan or the cycle", async () => {
    const t = await newTenant("Input");
    const cases = [
      [
        await checkout(t.members.owner, t, "free"),
        "The Free plan needs no checkout. To move to it, cancel your subscription in the billing portal.",
      ],
      [await checkout(t.members.owner, t, "platinum"), "Choose one of the plans on offer."],
      [await checkout(t.members.owner, t, "starter", "weekly"), "Choose monthly or yearly billing."],
    ] as const;
    for (const [result, message] of cases) {
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect([result.error.message, ...Object.values(result.error.fields ?? {}).flat()]).toContain(message);
    }
    expect(requestsTo("/v1/checkout/sessions")).toHaveLength(0);
  });

  it("opens the customer portal for the organization's customer, coming back to the billing page", async () => {
    const t = await newTenant("Portal");
    const none = await portal(t.members.owner, t);
    expect(none).toMatchObject({ ok: false, error: { code: "conflict" } });
    await checkout(t.members.owner, t, "starter");
    const customerId = await customerOf(t);
    const result = await portal(t.members.administrator, t);
    expect(result.ok && result.data.url).toMatch(new RegExp(`^${stripe.url}/p/session/bps_test_`));
    expect(requestsTo("/v1/billing_portal/sessions")[0]!.params).toEqual({
      customer: customerId,
      return_url: `http://localhost:3000/o/${t.slug}/billing`,
    });
  });

  it("says plainly that billing is not set up when there are no Stripe keys", async () => {
    const t = await newTenant("No keys");
    delete process.env.STRIPE_SECRET_KEY;
    for (const result of [await checkout(t.members.owner, t, "starter"), await portal(t.members.owner, t)]) {
      expect(result).toEqual({
        ok: false,
        error: {
          code: "unavailable",
          message:
            "Billing is not set up on this server yet, so plans cannot be bought here. The Free plan's limits apply.",
        },
      });
    }
    expect(stripe.requests).toEqual([]);
  });

  it("says so when Stripe cannot be reached", async () => {
    const t = await newTenant("Unreachable");
    process.env.STRIPE_API_BASE = "http://127.0.0.1:9";
    const result = await checkout(t.members.owner, t, "starter");
    expect(result).toEqual({
      ok: false,
      error: {
        code: "unavailable",
        message: "We couldn't reach Stripe just now. Please try again in a minute.",
      },
    });
  }, 60_000);
});
