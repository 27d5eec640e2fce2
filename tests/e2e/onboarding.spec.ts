import postgres from "postgres";
import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-server";
import { expect, test } from "./support/csp";
import { e2eDatabaseUrl, newUser, orgNav, signUp, toast } from "./support/accounts";
import { builder, canvasNode, selectStep, stepSettings } from "./support/canvas";

/**
 * A customer's first week (issue 20): a new owner follows the dashboard's getting-started list to
 * the end, as it leads them: invite a member, a workflow from a template (one step tested, then
 * published and run for real through its webhook), a bot that answers from a document, a
 * commission plan with a rule, and GoHighLevel once the plan has it. Each item is ticked only when
 * the thing is really there, never when a button was merely clicked.
 */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 300_000 });

let smtp: SmtpTestServer;
test.beforeAll(async () => {
  smtp = await startSmtpTestServer({ port: Number(process.env.E2E_SMTP_PORT ?? 12125) });
});
test.afterAll(async () => {
  await smtp?.close();
});

const checklist = (page: Page) => page.getByRole("region", { name: "Get started with Orgflow" });
const item = (page: Page, id: string) => checklist(page).locator(`[data-step="${id}"]`);

/** Back to the dashboard, where the list says how far along it is. */
async function dashboard(page: Page, done: number) {
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/o/${slug}`);
  await expect(checklist(page)).toContainText(`${done} of 5 done`);
}

async function expectTicked(list: Locator, ticked: boolean) {
  await expect(list.getByLabel(ticked ? "Done" : "To do", { exact: true })).toBeVisible();
}

test("a new owner follows the getting-started list to the end", async ({ page }) => {
  const owner = newUser("owner", "e2e-onb");
  const member = newUser("sales", "e2e-onb");
  const slug = await signUp(page, owner);
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });

  try {
    await test.step("a new organization starts with nothing done and one next step", async () => {
      await expect(checklist(page)).toContainText("0 of 5 done");
      for (const id of ["invite", "ghl", "workflow", "bot", "commissions"]) {
        await expectTicked(item(page, id), false);
      }
    });

    await test.step("invite the team", async () => {
      await item(page, "invite").getByRole("link", { name: "Invite people" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
      await page.getByLabel("Email address").fill(member.email);
      await page.getByLabel("Role").selectOption("sales");
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(toast(page, `Invitation sent to ${member.email}.`)).toBeVisible();
      await smtp.waitForMail(member.email, (m) => m.subject.includes("invited you to"));
      await dashboard(page, 1);
      await expectTicked(item(page, "invite"), true);
      await expect(page.getByText(`${owner.name} invited ${member.email} as Sales`)).toBeVisible();
    });

    await test.step("GoHighLevel on the Free plan shows what it does and the way to it", async () => {
      await expect(item(page, "ghl")).toContainText("Starter plan");
      await item(page, "ghl")
        .getByRole("link", { name: /Connect/ })
        .click();
      const locked = page.getByRole("region", { name: "GoHighLevel integration is locked" });
      await expect(locked.getByRole("link", { name: "Upgrade to Starter" })).toBeVisible();
    });

    let workflowPath = "";
    await test.step("a workflow from a template; testing a step does not tick it", async () => {
      await dashboard(page, 1);
      await item(page, "workflow").getByRole("link", { name: "Pick a template" }).click();
      await page.locator('[data-template="webhook-notify"]').click();
      await page.getByLabel("Name").fill("Tell us about web leads");
      await page.getByRole("button", { name: "Create workflow" }).click();
      await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
      workflowPath = new URL(page.url()).pathname;
      await expect(builder(page)).toHaveAttribute("data-ready", "true");
      await expect(canvasNode(page, "webhook_1")).toBeVisible();

      await selectStep(page, "notify_1");
      const stepTest = stepSettings(page).locator("[data-step-test]");
      // No run yet: the data before the step comes from the trigger's sample.
      await expect(stepTest.getByLabel("Data before this step (JSON)")).toHaveValue(/Ana Silva/);
      await expect(stepTest.getByText("No run yet: the trigger's sample data.")).toBeVisible();
      await stepTest.getByRole("button", { name: "Test step" }).click();
      const result = stepTest.getByRole("region", { name: "Step test result" });
      await expect(result).toHaveAttribute("data-step-test-result", "completed", { timeout: 30_000 });
      await expect(result.getByLabel("Output of the test")).toContainText("notified");

      await dashboard(page, 1);
      await expectTicked(item(page, "workflow"), false);
    });

    await test.step("publish it and run it for real through its webhook", async () => {
      await page.goto(workflowPath);
      await expect(builder(page)).toHaveAttribute("data-ready", "true");
      await page.getByRole("button", { name: "Publish" }).click();
      const dialog = page.getByRole("dialog", { name: "Publish this workflow" });
      await dialog.getByRole("button", { name: "Publish" }).click();
      await expect(page.getByText("Published version 1.")).toBeVisible();
      await selectStep(page, "webhook_1");
      const url = await stepSettings(page).getByRole("textbox", { name: "Production URL" }).inputValue();
      expect(url).toMatch(/^http:\/\/localhost:\d+\//);
      const response = await page.request.post(`${url}?wait=1`, {
        data: { name: "Casey Lead", email: "casey@example.com", message: "A quote, please" },
      });
      expect(response.status(), await response.text()).toBe(200);
      expect(await response.json()).toMatchObject({ status: "completed" });

      await page.goto(`${workflowPath}/runs`);
      await expect(page.getByRole("row").filter({ hasText: "Completed" }).first()).toBeVisible();
      await dashboard(page, 2);
      await expectTicked(item(page, "workflow"), true);
    });

    await test.step("a bot with a document it answers from", async () => {
      await item(page, "bot").getByRole("link", { name: "Create a bot" }).click();
      await page.getByRole("button", { name: "Create your first bot" }).click();
      const dialog = page.getByRole("dialog", { name: "New chatbot" });
      await dialog.getByLabel("Name").fill("Website helper");
      await dialog.getByRole("button", { name: "Create bot" }).click();
      await page.waitForURL(/\/bots\/[0-9a-f-]{36}$/);
      const botPath = new URL(page.url()).pathname;

      // A bot without knowledge is not done yet.
      await dashboard(page, 2);
      await expectTicked(item(page, "bot"), false);

      await page.goto(`${botPath}/knowledge`);
      const markdown = "# Opening hours\nWe answer the phone from 8 am to 6 pm, Monday to Saturday.\n";
      await page
        .getByLabel("File")
        .setInputFiles({ name: "hours.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
      await page.getByRole("button", { name: "Upload" }).click();
      await expect(page.getByRole("row", { name: /hours/ }).getByText("Ready")).toBeVisible({
        timeout: 30_000,
      });
      await dashboard(page, 3);
      await expectTicked(item(page, "bot"), true);
    });

    await test.step("a commission plan counts once it has a rule", async () => {
      await item(page, "commissions").getByRole("link", { name: "Create a plan" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Commission rules" })).toBeVisible();
      await page.getByRole("button", { name: "New plan" }).click();
      const planDialog = page.getByRole("dialog", { name: "New commission plan" });
      await planDialog.getByLabel("Plan name").fill("Sales team 2026");
      await planDialog.getByRole("button", { name: "Create plan" }).click();
      await expect(planDialog).toBeHidden();
      await expect(page.getByText("No rules in this plan yet.")).toBeVisible();

      await dashboard(page, 3);
      await expectTicked(item(page, "commissions"), false);
      await expect(item(page, "commissions")).toContainText("Add a rule");

      await item(page, "commissions")
        .getByRole("link", { name: /Add a rule|Create a plan/ })
        .click();
      await page.getByRole("button", { name: "Add rule" }).click();
      const ruleDialog = page.getByRole("dialog", { name: /rule/i });
      await ruleDialog.getByLabel("Rule name").fill("Ten percent of every deal");
      await ruleDialog.getByLabel("Rate (%)").fill("10");
      await ruleDialog.getByRole("button", { name: "Add rule" }).click();
      await expect(ruleDialog).toBeHidden();
      await expect(page.getByText("Ten percent of every deal")).toBeVisible();
      await dashboard(page, 4);
      await expectTicked(item(page, "commissions"), true);
    });

    await test.step("on Starter, GoHighLevel connects and the list is done and goes away", async () => {
      // Buying the plan is billing.spec's business; here the plan is simply set.
      await sql`update organizations set subscription_plan = 'starter' where slug = ${slug}`;
      await page.reload();
      await expect(item(page, "ghl")).not.toContainText("Starter plan");
      await item(page, "ghl").getByRole("link", { name: "Connect" }).click();
      await page
        .getByLabel("Location id", { exact: true })
        .fill(`loc${randomUUID().replace(/-/g, "").slice(0, 17)}`);
      await page.getByLabel("Private integration token", { exact: true }).fill(`pit-${randomUUID()}`);
      await page.getByRole("button", { name: "Connect", exact: true }).click();
      await page.waitForURL(/\/settings\/integrations\/[0-9a-f-]{36}$/);
      await orgNav(page).getByRole("link", { name: "Dashboard" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `${owner.name}'s workspace` })).toBeVisible();
      await expect(checklist(page)).toHaveCount(0);
    });
  } finally {
    await sql.end();
  }
});
