import { describe, expect, it } from "vitest";
import { parseStripeForm } from "@/tests/support/stripe-server";
import { yearlySavingsPercent } from "./catalog";
import { readBillingConfig } from "./config";
import { formatDay, formatMegabytes, formatMoney, minorUnitDigits } from "./format";
import { planNotices, usageLevel } from "./notices";
import type { PlanState, PlanStatus } from "./overview";

describe("readBillingConfig", () => {
  it("is off, with no problem to report, when no Stripe keys are set", () => {
    expect(readBillingConfig({})).toEqual({
      enabled: false,
      secretKey: null,
      webhookSecret: null,
      api: null,
      priceOverrides: {},
      problem: null,
    });
  });

  it("reads the keys, the API location and the price overrides", () => {
    const config = readBillingConfig({
      STRIPE_SECRET_KEY: "sk_test_abc123",
      STRIPE_WEBHOOK_SECRET: "whsec_xyz",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      STRIPE_PRICE_STARTER_MONTHLY: "price_live_starter_m",
      STRIPE_PRICE_PROFESSIONAL_YEARLY: " price_live_pro_y ",
    });
    expect(config).toEqual({
      enabled: true,
      secretKey: "sk_test_abc123",
      webhookSecret: "whsec_xyz",
      api: { host: "127.0.0.1", port: 12111, protocol: "http" },
      priceOverrides: {
        starter: { monthly: "price_live_starter_m" },
        professional: { yearly: "price_live_pro_y" },
      },
      problem: null,
    });
  });

  it("turns itself off and says why when a setting is wrong, rather than failing later", () => {
    const config = readBillingConfig({
      STRIPE_SECRET_KEY: "pk_test_publishable",
      STRIPE_API_BASE: "ftp://example.com",
      STRIPE_PRICE_STARTER_MONTHLY: "starter",
    });
    expect(config.enabled).toBe(false);
    expect(config.problem).toBe(
      "STRIPE_SECRET_KEY must be a secret key (sk_test_… or sk_live_…). STRIPE_API_BASE must be an http(s) URL such as http://127.0.0.1:12111. STRIPE_PRICE_STARTER_MONTHLY must be a Stripe price id (price_…).",
    );
  });
});

describe("money and sizes", () => {
  it("formats integer minor units in the currency's own digits", () => {
    expect(formatMoney(2900, "usd")).toBe("$29");
    expect(formatMoney(2950, "usd")).toBe("$29.50");
    expect(formatMoney(299000, "usd")).toBe("$2,990");
    expect(formatMoney(500, "jpy")).toBe("¥500");
    expect(minorUnitDigits("jpy")).toBe(0);
    expect(minorUnitDigits("kwd")).toBe(3);
  });

  it("formats sizes and days", () => {
    expect(formatMegabytes(50)).toBe("50 MB");
    expect(formatMegabytes(2048)).toBe("2 GB");
    expect(formatMegabytes(1536)).toBe("1.5 GB");
    expect(formatDay("2026-11-21")).toBe("Nov 21, 2026");
    expect(formatDay(new Date("2026-11-21T23:30:00Z"))).toBe("Nov 21, 2026");
  });

  it("works out the yearly saving", () => {
    expect(yearlySavingsPercent({ monthly_amount: 2900, yearly_amount: 29000 })).toBe(17);
    expect(yearlySavingsPercent({ monthly_amount: 0, yearly_amount: 0 })).toBe(0);
  });
});

describe("planNotices", () => {
  const now = new Date("2026-11-21T12:00:00Z");
  const base: PlanStatus = {
    plan_id: "starter",
    plan_name: "Starter",
    status: "active",
    subscription_plan_id: "starter",
    subscription_plan_name: "Starter",
    subscription_status: "active",
    past_due_since: null,
    grace_ends_at: null,
    trial_end: null,
    current_period_end: new Date("2026-12-21T12:00:00Z"),
    cancel_at_period_end: false,
  };
  const usage = [
    { resource: "members", label: "members", used: 2, max_allowed: 10 },
    { resource: "workflows", label: "workflows", used: 3, max_allowed: 25 },
  ];
  const state = (status: Partial<PlanStatus>, rows = usage): PlanState => ({
    status: { ...base, ...status },
    usage: rows,
  });

  it("says nothing when all is well", () => {
    expect(planNotices(state({}), { canManage: true, now })).toEqual([]);
  });

  it("warns of a failed payment with the end of the grace period", () => {
    const [notice] = planNotices(
      state({
        status: "past_due",
        past_due_since: new Date("2026-11-20T12:00:00Z"),
        grace_ends_at: new Date("2026-11-27T12:00:00Z"),
      }),
      { canManage: true, now },
    );
    expect(notice).toEqual({
      kind: "warning",
      title: "A payment failed",
      body: "Your Starter plan keeps working until Nov 27, 2026. Update the payment details before then, or the Free plan's limits will apply.",
      action: "update-payment",
    });
  });

  it("says the free plan's limits apply once the grace period is over, and whom to ask", () => {
    const [notice] = planNotices(
      state({
        plan_id: "free",
        plan_name: "Free",
        status: "past_due",
        grace_ends_at: new Date("2026-11-20T12:00:00Z"),
      }),
      { canManage: false, now },
    );
    expect(notice).toMatchObject({ kind: "error", title: "The subscription is unpaid" });
    expect(notice!.body).toBe(
      "The Free plan's limits apply until the Starter plan is paid. Nothing has been deleted. Ask an owner or administrator of this organization.",
    );
  });

  it("announces a plan ending and a trial ending soon", () => {
    expect(planNotices(state({ cancel_at_period_end: true }), { canManage: true, now })[0]!.title).toBe(
      "Your Starter plan ends on Dec 21, 2026",
    );
    expect(
      planNotices(state({ status: "trialing", trial_end: new Date("2026-11-25T00:00:00Z") }), {
        canManage: true,
        now,
      })[0]!.title,
    ).toBe("Your trial ends on Nov 25, 2026");
    expect(
      planNotices(state({ status: "trialing", trial_end: new Date("2026-12-05T00:00:00Z") }), {
        canManage: true,
        now,
      }),
    ).toEqual([]);
  });

  it("explains what is over the limits after a downgrade", () => {
    const notices = planNotices(
      state({ plan_id: "free", plan_name: "Free", subscription_plan_id: null }, [
        { resource: "workflows", label: "workflows", used: 12, max_allowed: 5 },
        { resource: "members", label: "members", used: 3, max_allowed: 3 },
      ]),
      { canManage: true, now },
    );
    expect(notices).toEqual([
      {
        kind: "warning",
        title: "Over the Free plan's limits",
        body: "12 workflows (the plan allows 5). Nothing was deleted and everything keeps working, but you can't add more until you upgrade or remove some.",
        action: "upgrade",
      },
    ]);
  });

  it("grades usage for the meters", () => {
    expect(usageLevel({ used: 1, max_allowed: 10 })).toEqual({ percent: 10, state: "ok" });
    expect(usageLevel({ used: 8, max_allowed: 10 })).toEqual({ percent: 80, state: "near" });
    expect(usageLevel({ used: 10, max_allowed: 10 })).toEqual({ percent: 100, state: "full" });
    expect(usageLevel({ used: 12, max_allowed: 10 })).toEqual({ percent: 100, state: "over" });
    expect(usageLevel({ used: 0, max_allowed: 0 })).toEqual({ percent: 100, state: "full" });
  });
});

describe("the Stripe test server's form parsing", () => {
  it("reads Stripe's bracketed form encoding as the SDK sends it", () => {
    expect(
      parseStripeForm(
        "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=1&metadata[organization_id]=o1&subscription_data[metadata][plan]=starter&expand[0]=a&expand[1]=b&success_url=http%3A%2F%2Fx%2Fs%3Fid%3D%7BCHECKOUT_SESSION_ID%7D",
      ),
    ).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_1", quantity: "1" }],
      metadata: { organization_id: "o1" },
      subscription_data: { metadata: { plan: "starter" } },
      expand: ["a", "b"],
      success_url: "http://x/s?id={CHECKOUT_SESSION_ID}",
    });
  });
});
