import postgres from "postgres";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { startStripeTestServer, type StripeTestServer, type StripeTestEvent } from "../support/stripe-server";
import { addMember, e2eDatabaseUrl, newUser as newTestUser, orgNav, signUp } from "./support/accounts";

/**
 * Billing through the UI (issue 7), against the production build: the app talks to a local Stripe
 * test server (started here, on the port playwright.config.ts points STRIPE_API_BASE at) through
 * the real `stripe` SDK. The test plays Stripe's part: it completes the checkout the browser was
 * sent to and delivers the signed webhooks Stripe would send.
 */

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12111);

const newUser = (tag: string) => newTestUser(tag, "e2e-billing");

let stripe: StripeTestServer;

test.beforeAll(async () => {
  // Signed with the run's own secret (playwright.config.ts), as the app under test expects.
  stripe = await startStripeTestServer({
    port: stripePort,
    webhookSecret: process.env.E2E_STRIPE_WEBHOOK_SECRET,
  });
});
test.afterAll(async () => {
  await stripe?.close();
});

/** Sends a webhook event to the app as Stripe does: the JSON body, signed. */
async function deliver(request: APIRequestContext, event: StripeTestEvent) {
  const { body, headers } = stripe.signed(event);
  const response = await request.post("/api/webhooks/stripe", { data: body, headers });
  expect(response.status(), await response.text()).toBe(200);
}

test("the owner picks a plan, pays on Stripe, and the billing page shows the new plan and limits", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const owner = newUser("owner");
  const slug = await signUp(page, owner);

  await test.step("the billing page shows the Free plan and the plans on offer", async () => {
    await orgNav(page).getByRole("link", { name: "Billing" }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${slug}/billing$`));
    await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
    await expect(page.getByTestId("current-plan-name")).toHaveText("Free");
    await expect(
      page.getByTestId("plan-limits").getByRole("listitem").filter({ hasText: "Workflows" }),
    ).toContainText("5");
    for (const plan of ["Free", "Starter", "Professional", "Enterprise"]) {
      await expect(page.getByRole("article", { name: plan })).toBeVisible();
    }
  });

  let sessionId = "";
  await test.step("choosing Professional, billed yearly, sends the browser to Stripe Checkout", async () => {
    await page.getByText("Yearly", { exact: true }).click();
    const professional = page.getByRole("article", { name: "Professional" });
    await expect(professional).toContainText("$990");
    await professional
      .getByRole("button", { name: "Start free trial of Professional, billed yearly" })
      .click();
    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${stripePort}/c/pay/cs_test_`));
    await expect(page.getByRole("heading", { name: "Test checkout" })).toBeVisible();
    sessionId = new URL(page.url()).pathname.split("/").pop()!;
  });

  await test.step("Stripe completes the checkout, sends its webhooks and returns the customer", async () => {
    const { session, subscription } = stripe.completeCheckout(sessionId);
    expect(session.metadata).toMatchObject({ plan: "professional", billing_cycle: "yearly" });
    await deliver(page.request, stripe.event("checkout.session.completed", session));
    await deliver(page.request, stripe.event("customer.subscription.created", subscription));
    await page.goto(String(session.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId));
    await expect(page.getByRole("heading", { name: "You're on the Professional plan" })).toBeVisible();
  });

  await test.step("the billing page shows the new plan and its limits", async () => {
    await page.getByRole("link", { name: "Go to billing" }).click();
    await expect(page.getByTestId("current-plan-name")).toHaveText("Professional");
    await expect(page.getByTestId("current-plan")).toContainText("Trial");
    const limits = page.getByTestId("plan-limits").getByRole("listitem");
    await expect(limits.filter({ hasText: "Workflows" })).toContainText("100");
    await expect(limits.filter({ hasText: "Members" })).toContainText("25");
    await expect(limits.filter({ hasText: "Chatbots" })).toContainText("10");
    await expect(
      page.getByRole("article", { name: "Professional" }).getByRole("button", { name: "Your plan" }),
    ).toBeDisabled();
  });

  await test.step("the customer portal opens on Stripe", async () => {
    await page.getByRole("button", { name: "Manage billing" }).click();
    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${stripePort}/p/session/bps_test_`));
    await expect(page.getByRole("heading", { name: "Test customer portal" })).toBeVisible();
  });

  await test.step("a failed payment puts up the banner, with the end of the grace period", async () => {
    const subscriptionId = stripe.checkoutSessions.get(sessionId)!.subscription as string;
    await deliver(page.request, stripe.event("invoice.payment_failed", stripe.failPayment(subscriptionId)));
    await page.goto(`/o/${slug}`);
    const banner = page.getByTestId("plan-banner");
    await expect(banner).toContainText("A payment failed");
    await expect(banner).toContainText("Your Professional plan keeps working until");
  });
});

test("on the Free plan one workflow more than the limit is refused; after upgrading it is created", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const owner = newUser("limits");
  const slug = await signUp(page, owner);
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    // Up to the Free plan's 5 workflows, quickly (the limit trigger counts them all the same).
    await sql`
      insert into workflows (organization_id, name)
      select o.id, 'Existing ' || n from organizations o, generate_series(1, 5) n where o.slug = ${slug}`;
  } finally {
    await sql.end();
  }

  const createWorkflow = async (name: string) => {
    await page.goto(`/o/${slug}/workflows/new`);
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create workflow" }).click();
  };

  await test.step("the sixth is refused with the plan's reason", async () => {
    await createWorkflow("One too many");
    const alert = page.locator("form").getByRole("alert");
    await expect(alert).toHaveText(
      "Your Free plan allows 5 workflows. Upgrade your plan to add more. See plans",
    );
    await expect(page).toHaveURL(new RegExp(`/o/${slug}/workflows/new$`));
    // The way out comes with the reason: the organization's plans.
    await expect(alert.getByRole("link", { name: "See plans" })).toHaveAttribute(
      "href",
      `/o/${slug}/billing`,
    );
  });

  await test.step("upgrade to Starter", async () => {
    await page.goto(`/o/${slug}/billing`);
    await page.getByRole("button", { name: "Start free trial of Starter, billed monthly" }).click();
    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${stripePort}/c/pay/cs_test_`));
    const sessionId = new URL(page.url()).pathname.split("/").pop()!;
    const { session, subscription } = stripe.completeCheckout(sessionId);
    await deliver(page.request, stripe.event("checkout.session.completed", session));
    await deliver(page.request, stripe.event("customer.subscription.created", subscription));
  });

  await test.step("now the sixth is created", async () => {
    await createWorkflow("Sixth, after upgrading");
    await page.waitForURL(new RegExp(`/o/${slug}/workflows/[0-9a-f-]{36}$`));
  });
});

test("a viewer sees the plan and its usage, but nothing to change it with", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = newUser("owner2");
  const viewer = newUser("viewer");
  const slug = await signUp(page, owner);
  const viewerPage = await (await browser.newContext()).newPage();
  await signUp(viewerPage, viewer);

  // Joining through an invitation is the organizations suite's business; here the viewer is added directly.
  await addMember(slug, viewer.email, "viewer");

  await viewerPage.goto(`/o/${slug}/billing`);
  await expect(viewerPage.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(viewerPage.getByTestId("current-plan-name")).toHaveText("Free");
  await expect(viewerPage.getByText("Only owners and administrators can change the plan.")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: /Try |Choose |Manage billing|portal/ })).toHaveCount(0);
  await expect(viewerPage.getByRole("heading", { name: "Invoices" })).toHaveCount(0);

  await viewerPage.getByRole("link", { name: "Usage by day" }).click();
  await expect(viewerPage.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(viewerPage.getByRole("figure", { name: "Workflow runs per day" })).toBeVisible();
  await expect(viewerPage.getByRole("figure", { name: "Agent tokens per day" })).toBeVisible();
});

test("the pricing page is public and has the monthly/yearly toggle", async ({ page }) => {
  await page.goto("/pricing");
  await expect(
    page.getByRole("heading", { level: 1, name: "Simple plans that grow with you" }),
  ).toBeVisible();
  const starter = page.getByRole("article", { name: "Starter" });
  await expect(starter).toContainText("$29");
  await page.getByText("Yearly", { exact: true }).click();
  await expect(starter).toContainText("$290");
  await expect(starter.getByRole("link", { name: "Get started" })).toHaveAttribute("href", "/sign-up");
});

test("a Free organization meets a locked feature: what it does, the upgrade path, then the feature", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const owner = newUser("locked");
  const sales = newUser("locked-sales");
  const slug = await signUp(page, owner);
  const salesPage = await (await browser.newContext()).newPage();
  await signUp(salesPage, sales);
  await addMember(slug, sales.email, "sales");

  await test.step("GoHighLevel on Free: what it does and an upgrade button, not an error", async () => {
    await page.goto(`/o/${slug}/settings/integrations`);
    const locked = page.getByRole("region", { name: "GoHighLevel integration is locked" });
    await expect(
      locked.getByRole("heading", { name: "GoHighLevel integration is part of the Starter plan" }),
    ).toBeVisible();
    await expect(locked).toContainText("paid invoices, orders and won opportunities become sales");
    await expect(page.getByLabel("Location id", { exact: true })).toHaveCount(0);
  });

  await test.step("approvals and payouts say they need Professional", async () => {
    await page.goto(`/o/${slug}/commissions/approvals`);
    await expect(
      page.getByRole("heading", {
        name: "Commission approvals and payouts is part of the Professional plan",
      }),
    ).toBeVisible();
    await page.goto(`/o/${slug}/commissions/payouts`);
    await expect(page.getByTestId("locked-feature")).toContainText("Upgrade to Professional");
  });

  await test.step("a member who cannot change the plan is told to ask the owner", async () => {
    await salesPage.goto(`/o/${slug}/commissions/approvals`);
    const locked = salesPage.getByTestId("locked-feature");
    await expect(locked).toContainText("Ask your organization's owner to upgrade to Professional");
    await expect(locked.getByRole("link", { name: /Upgrade/ })).toHaveCount(0);
  });

  await test.step("the upgrade button leads to the plans and on to Stripe Checkout", async () => {
    await page.goto(`/o/${slug}/settings/integrations`);
    await page.getByRole("link", { name: "Upgrade to Starter" }).click();
    await expect(page).toHaveURL(new RegExp(`/o/${slug}/billing$`));
    await expect(page.getByRole("article", { name: "Starter" })).toContainText("GoHighLevel integration");
    await page.getByRole("button", { name: "Start free trial of Starter, billed monthly" }).click();
    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${stripePort}/c/pay/cs_test_`));
    await expect(page.getByRole("heading", { name: "Test checkout" })).toBeVisible();
    const sessionId = new URL(page.url()).pathname.split("/").pop()!;
    const { session, subscription } = stripe.completeCheckout(sessionId);
    await deliver(page.request, stripe.event("checkout.session.completed", session));
    await deliver(page.request, stripe.event("customer.subscription.created", subscription));
    await page.goto(String(session.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId));
    await expect(page.getByRole("heading", { name: "You're on the Starter plan" })).toBeVisible();
  });

  await test.step("on Starter the integration can be connected; approvals still need Professional", async () => {
    await page.goto(`/o/${slug}/settings/integrations`);
    await expect(page.getByTestId("locked-feature")).toHaveCount(0);
    await expect(page.getByLabel("Location id", { exact: true })).toBeVisible();
    await page.goto(`/o/${slug}/commissions/approvals`);
    await expect(page.getByTestId("locked-feature")).toContainText("Upgrade to Professional");
  });
});
