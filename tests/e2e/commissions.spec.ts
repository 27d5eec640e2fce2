import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { signGhlE2e } from "../support/ghl-e2e-keys";
import { e2eDatabaseUrl, newUser as newTestUser, signUp, toast } from "./support/accounts";

/**
 * Sales commissions end to end (issue 6): an admin connects a (test) GoHighLevel location, a
 * signed InvoicePaid arrives for a rep's GHL user, the pending commission shows in the approval
 * queue, the admin approves it, a payout batch is created, approved and marked paid, the rep sees
 * it on their own statement, and the payroll CSV says the same. Users sign up through the UI; the
 * rep joins the organization and is linked to their team member directly in the database (the
 * invitation flow has its own spec).
 */

const newUser = (tag: string) => newTestUser(tag, "e2e-com");

test("a signed GHL payment becomes a commission that is approved, paid out and shown to the rep", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const admin = newUser("admin");
  const rep = newUser("rep");
  const ghlUser = `ghl-user-${randomUUID().slice(0, 8)}`;
  const locationId = `loc${randomUUID().replace(/-/g, "").slice(0, 17)}`;
  const invoiceId = `inv_${randomUUID().slice(0, 12)}`;
  const reference = `PAY-E2E-${randomUUID().slice(0, 6)}`;
  const month = new Date().toISOString().slice(0, 7);
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  const repPage = await (await browser.newContext()).newPage();

  try {
    const slug = await signUp(page, admin);
    await signUp(repPage, rep);

    await test.step("the rep joins as a sales member, linked to a team member with the GHL user id", async () => {
      const [org] = await sql`select id from organizations where slug = ${slug}`;
      // GoHighLevel and approvals are Professional features (buying a plan is billing.spec's business).
      await sql`update organizations set subscription_plan = 'professional' where id = ${org!.id}`;
      const [user] = await sql`select id from auth.users where email = ${rep.email}`;
      await sql`insert into organization_members (organization_id, user_id, role) values (${org!.id}, ${user!.id}, 'sales')`;
      await sql`insert into team_members (organization_id, full_name, external_id, user_id, commission_rate, commission_type)
                values (${org!.id}, ${rep.name}, ${ghlUser}, ${user!.id}, 10, 'percentage')`;
    });

    let integrationId = "";
    await test.step("the admin connects a GoHighLevel location", async () => {
      await page.goto(`/o/${slug}/settings/integrations`);
      await page.getByLabel("Location id", { exact: true }).fill(locationId);
      await page.getByLabel("Private integration token", { exact: true }).fill(`pit-${randomUUID()}`);
      await page.getByRole("button", { name: "Connect", exact: true }).click();
      await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]{36}$/);
      integrationId = new URL(page.url()).pathname.split("/").pop()!;
    });

    await test.step("a signed InvoicePaid arrives and is accepted", async () => {
      const body = JSON.stringify({
        type: "InvoicePaid",
        webhookId: randomUUID(),
        timestamp: new Date().toISOString(),
        altId: locationId,
        altType: "location",
        locationId,
        _id: invoiceId,
        name: "Annual plan",
        invoiceNumber: "1001",
        status: "paid",
        currency: "USD",
        total: 1200,
        amountPaid: 1200,
        assignedTo: ghlUser,
        contactDetails: { id: null, name: "Casey Buyer", email: null },
        invoiceItems: [{ name: "Annual plan", qty: 1, amount: 1200, currency: "USD" }],
      });
      const response = await page.request.post(`/api/webhooks/ghl/${integrationId}`, {
        data: body,
        headers: { "content-type": "application/json", "x-ghl-signature": signGhlE2e(body) },
      });
      expect(response.status(), await response.text()).toBeLessThan(300);
    });

    await test.step("the pending commission shows in the approval queue, and the admin approves it", async () => {
      await expect(async () => {
        await page.goto(`/o/${slug}/commissions/approvals`);
        await expect(page.getByRole("row").filter({ hasText: invoiceId })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 60_000 });
      const row = page.getByRole("row").filter({ hasText: invoiceId });
      await expect(row).toContainText("USD 120.00");
      await expect(row).toContainText("10% of USD 1,200.00");
      await row.getByRole("checkbox").check();
      await page.getByRole("button", { name: "Approve selected" }).click();
      await expect(toast(page, "Approved 1 commission.")).toBeVisible();
      await expect(page.getByText("Nothing waiting for approval")).toBeVisible();
    });

    await test.step("a payout batch is created, approved and marked paid", async () => {
      await page.goto(`/o/${slug}/commissions/payouts?month=${month}`);
      await page.getByRole("button", { name: "Create payouts" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Create drafts" }).click();
      await expect(toast(page, "Drafted 1 payout with 1 line.")).toBeVisible();
      const row = page.getByRole("row").filter({ hasText: rep.name });
      await expect(row).toContainText("USD 120.00");
      await expect(row).toContainText("draft");
      await row.getByRole("button", { name: `Approve ${rep.name}'s payout` }).click();
      await expect(toast(page, "Payout approved.")).toBeVisible();
      await row.getByRole("button", { name: `Mark ${rep.name}'s payout paid` }).click();
      await page.getByRole("dialog").getByLabel("Payment reference").fill(reference);
      await page.getByRole("dialog").getByRole("button", { name: "Mark paid" }).click();
      await expect(toast(page, "Payout marked paid.")).toBeVisible();
      await expect(row).toContainText(reference);
      await expect(row).toContainText("paid");
    });

    await test.step("the payroll CSV matches", async () => {
      const response = await page.request.get(`/o/${slug}/commissions/payouts/export?month=${month}`);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toContain("text/csv");
      const lines = (await response.text()).trim().split("\r\n");
      expect(lines[0]).toBe(
        "payout_id,period,team_member,email,external_id,currency,amount,amount_minor,lines,status,reference,paid_at",
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`,${month},${rep.name},,${ghlUser},USD,120.00,12000,1,paid,${reference},`);
    });

    await test.step("the rep sees the paid commission on their own statement, and nobody else's", async () => {
      await repPage.goto(`/o/${slug}/commissions/statements`);
      const lines = repPage.getByRole("table", { name: "Commission lines" });
      await expect(lines).toContainText(invoiceId);
      await expect(lines).toContainText("USD 120.00");
      await expect(lines).toContainText("paid");
      await expect(repPage.getByRole("table", { name: "Payouts" })).toContainText(reference);
      await expect(repPage.getByLabel("Rep", { exact: true })).toBeDisabled();
      // The approval queue and payouts are there for them, but hold only their own.
      await repPage.goto(`/o/${slug}/commissions/approvals?view=approved`);
      await expect(repPage.getByRole("button", { name: "Approve selected" })).toHaveCount(0);
    });

    await test.step("the overview charts it, at laptop and phone widths", async () => {
      await page.goto(`/o/${slug}/commissions`);
      await expect(page.getByRole("img", { name: /Earned commissions by rep and month/ })).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: month })).toBeVisible();
      if (process.env.E2E_SCREENSHOTS) {
        await page.screenshot({
          path: `${process.env.E2E_SCREENSHOTS}/commissions-overview.png`,
          fullPage: true,
        });
        await repPage.setViewportSize({ width: 390, height: 844 });
        await repPage.goto(`/o/${slug}/commissions/statements`);
        await expect(repPage.getByRole("table", { name: "Commission lines" })).toBeVisible();
        await repPage.screenshot({
          path: `${process.env.E2E_SCREENSHOTS}/commissions-statement-phone.png`,
          fullPage: true,
        });
        await page.goto(`/o/${slug}/commissions/rules`);
        await page.getByRole("button", { name: "New plan" }).click();
        await page.getByRole("dialog").getByLabel("Plan name").fill("Standard");
        await page.getByRole("dialog").getByRole("button", { name: "Create plan" }).click();
        await page.getByRole("button", { name: "Add rule" }).click();
        await page.getByRole("dialog").getByLabel("Pays").selectOption("tiered");
        await page.getByRole("dialog").getByLabel("Monthly quota").fill("10000");
        await expect(page.getByRole("region", { name: "Live preview" })).toContainText(
          "A USD 12,000.00 deal pays",
        );
        await page.screenshot({
          path: `${process.env.E2E_SCREENSHOTS}/commissions-rule-editor.png`,
          fullPage: true,
        });
      }
    });
  } finally {
    await sql.end();
  }
});
