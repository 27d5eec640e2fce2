import type { Page } from "@playwright/test";
import { newUser, signUp } from "../support/accounts";
import { ROOFING_FAQ, startHostSite } from "../support/host-site";
import { expect, test } from "../support/csp";

/**
 * Issue #19's whole journey (run by playwright.llm.config.ts, against the LLM test server): a
 * roofing company brands its bot's widget (title, colour, launcher, avatar, with the preview
 * following), allows its website (a wrong entry named as it is typed) and gives it a Markdown FAQ.
 * A visitor on that website (another origin) chats in the branded widget, reads a streamed answer,
 * misses once and asks again freely, leaves an email and asks for a person; the member who takes
 * the conversation answers with a canned reply and a private note; the contact is on the contacts
 * page with the conversation. A website that is not allowed shows a polite message instead.
 */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 300_000 });

const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3199);
const SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;
const OTHER_PORT = Number(process.env.E2E_OTHER_SITE_PORT ?? SITE_PORT + 1);
const VISITOR_EMAIL = `sam-${Date.now()}@visitor.example`;
// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function brandTheBot(page: Page, botPath: string) {
  await test.step("allowed websites are checked as typed, each wrong entry named", async () => {
    const origins = page.getByLabel("Allowed websites");
    await origins.fill(`127.0.0.1:${SITE_PORT}\nftp://files.example`);
    await origins.blur();
    await expect(
      page.getByText(`“127.0.0.1:${SITE_PORT}” needs https:// (or http://) in front`),
    ).toBeVisible();
    await expect(page.getByText("“ftp://files.example”: only http:// and https://")).toBeVisible();
    await expect(page.getByText(/The widget works only on the websites listed here/)).toBeVisible();
    await origins.fill(SITE_ORIGIN);
    await expect(page.getByText(/needs https:\/\//)).toHaveCount(0);
  });

  await test.step("the widget is branded, the preview following before it is saved", async () => {
    const preview = page.getByTestId("widget-preview");
    await page.getByLabel("Title", { exact: true }).fill("Ask Summit Roofing");
    await expect(preview.getByTestId("widget-preview-title")).toHaveText("Ask Summit Roofing");
    await page.getByLabel("Launcher text").fill("Ask us");
    await expect(preview.getByTestId("widget-preview-launcher")).toHaveText("Ask us");
    await page.getByLabel("Main colour", { exact: true }).fill("#0f766e");
    await expect(preview.getByTestId("widget-preview-launcher")).toHaveCSS(
      "background-color",
      "rgb(15, 118, 110)",
    );
    await page.getByLabel("Launcher position").selectOption("left");
    await expect(preview).toHaveAttribute("aria-label", /launcher on the left/);
    await page.getByLabel("Widget avatar file").setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    await expect(page.getByText("Picture saved.")).toBeVisible();
    await expect(preview.locator("img")).toBeVisible();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Bot settings saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Ask Summit Roofing");
    await expect(page.getByLabel("Allowed websites")).toHaveValue(SITE_ORIGIN);
  });

  await test.step("the knowledge base gets the FAQ", async () => {
    await page.goto(`${botPath}/knowledge`);
    await expect(async () => {
      await page
        .getByLabel("File")
        .setInputFiles({ name: "faq.md", mimeType: "text/markdown", buffer: Buffer.from(ROOFING_FAQ) });
      await expect(page.getByRole("button", { name: "Upload" })).toBeEnabled({ timeout: 1_000 });
    }).toPass();
    await page.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByRole("row", { name: /faq/ }).getByText("Ready")).toBeVisible({ timeout: 30_000 });
  });
}

test("a visitor on another website chats in the branded widget, is handed off, and ends up a contact", async ({
  page,
  browser,
}) => {
  const slug = await signUp(page, newUser("journey"), { viaDashboard: true });
  await page.goto(`/o/${slug}/bots`);
  await page.getByRole("button", { name: "Create your first bot" }).click();
  const dialog = page.getByRole("dialog", { name: "New chatbot" });
  await dialog.getByLabel("Name").fill("Summit assistant");
  await dialog.getByRole("button", { name: "Create bot" }).click();
  await page.waitForURL(/\/bots\/[0-9a-f-]{36}$/);
  const botPath = new URL(page.url()).pathname;
  await brandTheBot(page, botPath);
  const snippet = (await page
    .goto(botPath)
    .then(() => page.locator("[data-embed-snippet]").textContent()))!.trim();

  await test.step("the team saves a canned reply", async () => {
    await page.goto(`/o/${slug}/inbox/canned-replies`);
    await page.getByRole("button", { name: "New canned reply" }).click();
    const form = page.getByRole("dialog", { name: "New canned reply" });
    await form.getByLabel("Shortcut").fill("quote");
    await form.getByLabel("Reply").fill("We can come out for a free quote this week.");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("list", { name: "Canned replies" }).getByText("/quote")).toBeVisible();
  });

  const site = await startHostSite(SITE_PORT, snippet, "Summit Roofing");
  const other = await startHostSite(OTHER_PORT, snippet, "Summit Roofing");
  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    const panel = visitor.getByRole("dialog", { name: "Ask Summit Roofing" });
    const send = async (text: string) => {
      // The widget takes a message once the previous answer is done (Send enabled again).
      await expect(panel.getByRole("button", { name: "Send" })).toBeEnabled();
      await panel.getByLabel("Your message").fill(text);
      await panel.getByRole("button", { name: "Send" }).click();
    };

    await test.step("the widget wears the brand", async () => {
      await visitor.goto(`${SITE_ORIGIN}/`);
      const launcher = visitor.getByRole("button", { name: "Open chat" });
      await expect(launcher).toContainText("Ask us");
      await expect(launcher).toHaveCSS("background-color", "rgb(15, 118, 110)");
      expect((await launcher.boundingBox())!.x).toBeLessThan(100);
      await launcher.click();
      await expect(panel.locator("img.avatar")).toBeVisible();
      await expect(panel.locator(".head")).toHaveCSS("background-color", "rgb(15, 118, 110)");
    });

    await test.step("a streamed answer, then a miss, then another question answered freely", async () => {
      await send("Which payment options do you take?");
      await expect(panel.locator(".msg.bot.live")).toContainText("card");
      const last = panel.locator(".msg.bot").last();
      await expect(last).toContainText("We take card, bank transfer and financing");
      await expect(last).toContainText("[1]");
      await send("Do you fix cars?");
      await expect(panel.locator(".msg.bot").last()).toContainText("Leave your email");
      await send("how long is the warranty");
      await expect(panel.locator(".msg.bot").last()).toContainText("10-year workmanship warranty");
      await expect(panel.getByText("does not look like an email address")).toHaveCount(0);
    });

    await test.step("the visitor takes up the offer with an email, then asks for a person", async () => {
      await send(VISITOR_EMAIL);
      await expect(panel.getByText("Thanks! We will be in touch soon.")).toBeVisible();
      await send("Can I talk to a real person?");
      await expect(panel.getByText("passing you to a member of our team")).toBeVisible();
    });

    await test.step("the member takes it, answers with a canned reply and leaves a private note", async () => {
      await page.goto(`/o/${slug}/inbox`);
      await page
        .getByRole("region", { name: "Conversations" })
        .getByRole("link", { name: /Summit assistant/ })
        .click();
      await page.getByLabel("Assign to").selectOption({ index: 1 });
      await expect(page.getByText("Conversation assigned.")).toBeVisible();
      const box = page.getByLabel("Reply to the visitor");
      await box.fill("/quo");
      await expect(page.getByRole("option", { name: /\/quote/ })).toBeVisible();
      await box.press("Enter");
      await expect(box).toHaveValue("We can come out for a free quote this week.");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(panel.getByText("We can come out for a free quote this week.")).toBeVisible({
        timeout: 15_000,
      });
      await page.getByRole("button", { name: "Private note" }).click();
      await page.getByLabel("Private note for the team").fill("Asked about financing too.");
      await page.getByRole("button", { name: "Add note" }).click();
      await expect(page.locator('[data-transcript] li[data-role="note"]')).toContainText(
        "Asked about financing too.",
      );
      await visitor.waitForTimeout(4000);
      await expect(visitor.getByText("Asked about financing")).toHaveCount(0);
    });

    await test.step("on a narrower screen the contact opens beside the conversation on demand", async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      const contact = page.getByRole("complementary", { name: "Contact" });
      await expect(contact).toBeHidden();
      await page.getByRole("button", { name: "Contact", exact: true }).click();
      await expect(contact).toBeVisible();
      await expect(contact).toContainText(VISITOR_EMAIL);
      await page.keyboard.press("Escape");
      await expect(contact).toBeHidden();
      await page.setViewportSize({ width: 1440, height: 900 });
      await expect(contact).toBeVisible();
    });

    await test.step("the contact is on the contacts page, with the conversation", async () => {
      await page.goto(`/o/${slug}/contacts`);
      await page.getByRole("link", { name: VISITOR_EMAIL }).first().click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(
        page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: /^Summit assistant: / }),
      ).toBeVisible();
    });

    await test.step("a website that is not allowed shows a polite message, not a failure", async () => {
      const stranger = await visitorContext.newPage();
      await stranger.goto(`http://127.0.0.1:${OTHER_PORT}/`);
      await stranger.getByRole("button", { name: "Open chat" }).click();
      const refused = stranger.getByRole("dialog", { name: "Ask Summit Roofing" });
      await expect(refused.getByText("this chat is not available on this website")).toBeVisible();
      await expect(refused.getByLabel("Your message")).toBeDisabled();
      await expect(stranger.getByText(/Failed to fetch/)).toHaveCount(0);
    });
  } finally {
    await visitorContext.close();
    await new Promise((resolve) => site.close(resolve));
    await new Promise((resolve) => other.close(resolve));
  }
});
