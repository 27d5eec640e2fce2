import type { Page } from "@playwright/test";
import { newUser, signUp } from "../support/accounts";
import { ROOFING_FAQ, startHostSite } from "../support/host-site";
import { expect, test } from "../support/csp";

/**
 * Streamed answers with an AI provider (run by playwright.llm.config.ts, against the LLM test
 * server, which writes a word at a time): the console's test chat and the widget on another
 * website show the answer while it is being written, under its passages, then the stored answer
 * with its citation.
 */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 240_000 });

const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3199);
const SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;

async function botWithKnowledge(page: Page): Promise<string> {
  const slug = await signUp(page, newUser("stream"), { viaDashboard: true });
  await page.goto(`/o/${slug}/bots`);
  await page.getByRole("button", { name: "Create your first bot" }).click();
  const dialog = page.getByRole("dialog", { name: "New chatbot" });
  await dialog.getByLabel("Name").fill("Roof assistant");
  await dialog.getByRole("button", { name: "Create bot" }).click();
  await page.waitForURL(/\/bots\/[0-9a-f-]{36}$/);
  const botPath = new URL(page.url()).pathname;
  await page.getByLabel("Allowed websites").fill(SITE_ORIGIN);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Bot settings saved.")).toBeVisible();
  await page.goto(`${botPath}/knowledge`);
  await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();
  // Chosen again until the page has hydrated and takes it (the Upload button comes alive).
  await expect(async () => {
    await page
      .getByLabel("File")
      .setInputFiles({ name: "faq.md", mimeType: "text/markdown", buffer: Buffer.from(ROOFING_FAQ) });
    await expect(page.getByRole("button", { name: "Upload" })).toBeEnabled({ timeout: 1_000 });
  }).toPass();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("row", { name: /faq/ }).getByText("Ready")).toBeVisible({ timeout: 30_000 });
  return botPath;
}

test("the test chat and the widget show an answer while it is written, then with its citation", async ({
  page,
  browser,
}) => {
  const botPath = await botWithKnowledge(page);

  await test.step("the test chat streams the answer", async () => {
    await page.goto(`${botPath}/flow`);
    await expect(page.locator("[data-flow-editor]")).toHaveAttribute("data-ready", "true");
    const chat = page.locator("[data-test-chat]");
    await chat.getByRole("button", { name: "Start a test conversation" }).click();
    await chat.getByLabel("Message to the bot").fill("How long is the warranty on a new roof?");
    await chat.getByRole("button", { name: "Send" }).click();
    // While it is written: part of the answer, the list busy, no citation yet.
    const writing = chat.locator('ol[aria-busy="true"] [data-role="bot"]').last();
    await expect(writing).toContainText("10-year");
    await expect(writing).not.toContainText("[1]");
    // Then the stored answer, cited.
    await expect(chat.locator("ol:not([aria-busy])")).toContainText("10-year workmanship warranty");
    await expect(chat.locator("ol:not([aria-busy])")).toContainText("[1]");
  });

  const snippet = (await page
    .goto(botPath)
    .then(() => page.locator("[data-embed-snippet]").textContent()))!.trim();
  const site = await startHostSite(SITE_PORT, snippet);
  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await test.step("a visitor on another website sees the answer being written", async () => {
      await visitor.goto(`${SITE_ORIGIN}/`);
      await visitor.getByRole("button", { name: "Open chat" }).click();
      const panel = visitor.getByRole("dialog", { name: "Chat with us" });
      await panel.getByLabel("Your message").fill("Which payment options do you take?");
      await panel.getByRole("button", { name: "Send" }).click();
      const live = panel.locator(".msg.bot.live");
      await expect(live).toContainText("card");
      await expect(live).toContainText(/From: faq/i);
      await expect(live).not.toContainText("[1]");
      await expect(live).toHaveCount(0);
      const answer = panel.locator(".msg.bot").last();
      await expect(answer).toContainText("We take card, bank transfer and financing");
      await expect(answer).toContainText("[1]");
      await expect(answer).toContainText(/Source: faq/i);
    });
  } finally {
    await visitorContext.close();
    await new Promise((resolve) => site.close(resolve));
  }
});
