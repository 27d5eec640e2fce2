import { createServer, type Server } from "node:http";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { addMember, newUser, signUp as signUpThroughUi, type TestUser } from "./support/accounts";

/**
 * The chatbot console and the widget end to end: a bot is created and allowed on a website served
 * from another local port, which embeds it with the one-line script tag; a visitor chats until the
 * bot hands off; the team member watching the inbox sees the conversation arrive live, replies,
 * and the visitor sees the reply in the widget. And a viewer cannot edit a bot.
 */

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 240_000 });

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3199);
const SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;

const signUp = (page: Page, user: TestUser) => signUpThroughUi(page, user, { viaDashboard: true });

/** Creates a bot through the console; returns its console path (/o/<slug>/bots/<id>). */
async function createBot(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/o/${slug}/bots`);
  await expect(page.getByRole("heading", { name: "No chatbots yet" })).toBeVisible();
  await page.getByRole("button", { name: "Create your first bot" }).click();
  const dialog = page.getByRole("dialog", { name: "New chatbot" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create bot" }).click();
  await page.waitForURL(/\/bots\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** A website on another port that embeds the widget with the snippet the console shows. */
function startSite(snippet: string): Promise<Server> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Store</title></head>
<body><h1>Acme Store</h1><p>Welcome to our shop.</p>
${snippet}
</body></html>`;
  const server = createServer((req, res) => {
    if (req.url === "/" || req.url?.startsWith("/?")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(SITE_PORT, "127.0.0.1", () => resolve(server));
  });
}

test("a visitor chats through the embedded widget, is handed off, and a team member replies from the live inbox", async ({
  page,
  browser,
}) => {
  const slug = await signUp(page, newUser("bots"));
  const botPath = await createBot(page, slug, "Store assistant");

  await test.step("allow the website's origin and copy the embed code", async () => {
    await page.getByLabel("Allowed websites").fill(SITE_ORIGIN);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Bot settings saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Allowed websites")).toHaveValue(SITE_ORIGIN);
  });
  const snippet = (await page.locator("[data-embed-snippet]").textContent())!.trim();
  expect(snippet).toMatch(
    new RegExp(
      `^<script src="http://localhost:${APP_PORT}/widget\\.js" data-bot-key="bot_[a-z0-9]+" async></script>$`,
    ),
  );

  await test.step("the test chat beside the flow editor talks to the same runtime", async () => {
    await page.goto(`${botPath}/flow`);
    await expect(page.locator("[data-flow-editor]")).toHaveAttribute("data-ready", "true");
    await expect(page.locator(".react-flow__node")).toHaveCount(5);
    // Adding a step with the shared palette autosaves the draft.
    await page.getByRole("button", { name: "Add Hand off to a human", exact: true }).click();
    await expect(page.locator('.react-flow__node[data-id="handoff_1"]')).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Step settings" }).getByLabel("Tell the visitor"),
    ).toBeVisible();
    await expect(page.locator("[data-save-status]")).toHaveAttribute("data-save-status", "saved", {
      timeout: 20_000,
    });
    await page.reload();
    await expect(page.locator("[data-flow-editor]")).toHaveAttribute("data-ready", "true");
    await expect(page.locator(".react-flow__node")).toHaveCount(6);
    await page.getByRole("tab", { name: /Problems/ }).click();
    await expect(page.getByText("No step leads here.")).toBeVisible();
    const chat = page.locator("[data-test-chat]");
    await chat.getByRole("button", { name: "Start a test conversation" }).click();
    await expect(chat.getByText("Ask me anything about our products and services.")).toBeVisible();
    await chat.getByLabel("Message to the bot").fill("Can I talk to a human?");
    await chat.getByRole("button", { name: "Send" }).click();
    await expect(chat.getByText("passing you to a member of our team")).toBeVisible();
  });

  await test.step("the team saves a canned reply in the inbox's settings", async () => {
    await page.goto(`/o/${slug}/inbox/canned-replies`);
    await page.getByRole("button", { name: "New canned reply" }).click();
    const dialog = page.getByRole("dialog", { name: "New canned reply" });
    await dialog.getByLabel("Shortcut").fill("hours");
    await dialog.getByLabel("Reply").fill("We are open 8 to 6, Monday to Saturday.");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("list", { name: "Canned replies" }).getByText("/hours")).toBeVisible();
  });

  // The team member watches the inbox before the visitor arrives: the conversation must appear live.
  await page.goto(`/o/${slug}/inbox`);
  await expect(page.getByRole("heading", { name: "No open conversations" })).toBeVisible();

  const site = await startSite(snippet);
  const visitorContext = await browser.newContext();
  try {
    const visitor = await visitorContext.newPage();
    await test.step("a visitor opens the website and chats with the widget until it hands off", async () => {
      await visitor.goto(`${SITE_ORIGIN}/`);
      await expect(visitor.getByRole("heading", { name: "Acme Store" })).toBeVisible();
      await visitor.getByRole("button", { name: "Open chat" }).click();
      const panel = visitor.getByRole("dialog", { name: "Chat with us" });
      await expect(panel.getByText("Ask me anything about our products and services.")).toBeVisible();
      await panel.getByLabel("Your message").fill("I would like to talk to a human please");
      await panel.getByRole("button", { name: "Send" }).click();
      await expect(panel.getByText("passing you to a member of our team")).toBeVisible();
    });

    await test.step("the inbox and the bell show the waiting visitor without a reload", async () => {
      const row = page
        .getByRole("region", { name: "Conversations" })
        .getByRole("link", { name: /Store assistant/ });
      await expect(row).toBeVisible({ timeout: 15_000 });
      await expect(row.getByText("Open", { exact: true })).toBeVisible();
      await expect(page.locator('[data-count="open"]')).toHaveText("1");
      await expect(page.getByRole("button", { name: /^Notifications: 1 unread$/ })).toBeVisible();
      await row.click();
      const transcript = page.locator("[data-transcript]");
      await expect(transcript.getByText("I would like to talk to a human please")).toBeVisible();
    });

    await test.step("the team member assigns it to themselves", async () => {
      await page.getByLabel("Assign to").selectOption({ index: 1 });
      await expect(page.getByText("Conversation assigned.")).toBeVisible();
      await page.getByLabel("Assigned to").selectOption("mine");
      await expect(
        page.getByRole("region", { name: "Conversations" }).getByText(/Assigned to/),
      ).toBeVisible();
    });

    await test.step("the team member replies with a canned reply and the visitor sees it", async () => {
      const box = page.getByLabel("Reply to the visitor");
      await box.fill("/hou");
      await expect(page.getByRole("option", { name: /\/hours/ })).toBeVisible();
      await box.press("Enter");
      await expect(box).toHaveValue("We are open 8 to 6, Monday to Saturday.");
      await box.press("End");
      await box.pressSequentially(" Sam here.");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page.locator("[data-transcript]").getByText("Saturday. Sam here.")).toBeVisible();
      const panel = visitor.getByRole("dialog", { name: "Chat with us" });
      await expect(panel.getByText("We are open 8 to 6, Monday to Saturday. Sam here.")).toBeVisible({
        timeout: 15_000,
      });
    });

    await test.step("a private note stays with the team", async () => {
      await page.getByRole("button", { name: "Private note" }).click();
      await page.getByLabel("Private note for the team").fill("Wants a quote for a flat roof.");
      await page.getByRole("button", { name: "Add note" }).click();
      const note = page.locator('[data-transcript] li[data-role="note"]');
      await expect(note.getByText("Wants a quote for a flat roof.")).toBeVisible();
      await expect(note.getByText(/Private note by .*, only your team sees it/)).toBeVisible();
      // The widget polls every few seconds: give it time to (not) show the note.
      await visitor.waitForTimeout(4000);
      await expect(visitor.getByText("flat roof")).toHaveCount(0);
    });

    await test.step("the bot's analytics count the conversation and its hand-off", async () => {
      await page.goto(`${botPath}/analytics`);
      const stats = page.locator("dl");
      await expect(stats.getByText("Conversations", { exact: true })).toBeVisible();
      await expect(page.getByText("1 handed off to a person")).toBeVisible();
      await expect(page.getByText("100%")).toBeVisible();
      await page.goBack();
    });

    await test.step("the team member resolves the conversation after confirming", async () => {
      await page.getByRole("button", { name: "Resolve…" }).click();
      await page
        .getByRole("dialog", { name: "Resolve this conversation?" })
        .getByRole("button", { name: "Resolve conversation" })
        .click();
      await expect(page.getByText("This conversation is resolved. Reopen it to write again.")).toBeVisible();
    });
  } finally {
    await visitorContext.close();
    await new Promise<void>((resolve) => site.close(() => resolve()));
  }
});

test("a viewer can look at a bot but not edit it", async ({ page, browser }) => {
  const slug = await signUp(page, newUser("bot-owner"));
  const botPath = await createBot(page, slug, "FAQ bot");

  const viewer = newUser("bot-viewer");
  const context = await browser.newContext();
  try {
    const viewerPage = await context.newPage();
    await signUp(viewerPage, viewer);
    await addMember(slug, viewer.email, "viewer");

    await viewerPage.goto(`/o/${slug}/bots`);
    await expect(viewerPage.getByRole("link", { name: "FAQ bot" })).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: /New bot|Create your first bot/ })).toHaveCount(0);

    await viewerPage.goto(botPath);
    await expect(viewerPage.getByText("You can view this bot but not change it")).toBeVisible();
    await expect(viewerPage.getByLabel("Name")).toBeDisabled();
    await expect(viewerPage.getByRole("button", { name: "Save settings" })).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Rotate key…" })).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Delete bot…" })).toHaveCount(0);

    await viewerPage.goto(`${botPath}/flow`);
    await expect(viewerPage.locator("[data-flow-editor]")).toHaveAttribute("data-ready", "true");
    await expect(viewerPage.getByText("You can view this flow but not change it")).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: "Publish" })).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Add Send message" })).toHaveCount(0);

    await viewerPage.goto(`${botPath}/knowledge`);
    await expect(viewerPage.getByRole("heading", { name: "No documents yet" })).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: "Upload" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("the knowledge base takes an upload, shows its progress, answers a search with scores, and deletes after confirming", async ({
  page,
}) => {
  const slug = await signUp(page, newUser("kb"));
  const botPath = await createBot(page, slug, "Docs bot");
  await page.goto(`${botPath}/knowledge`);
  await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();

  await test.step("a file of the wrong type is refused before upload", async () => {
    await page
      .getByLabel("File")
      .setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("png") });
    await expect(page.getByText("Upload a PDF, a plain-text (.txt) or a Markdown (.md) file.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Upload" })).toBeDisabled();
  });

  await test.step("a Markdown file is uploaded and processed while the list updates itself", async () => {
    const markdown = [
      "# Shipping",
      "We ship every order within two business days. Delivery inside the country takes three to five days.",
      "",
      "# Returns",
      "You can return any unused item within 30 days for a full refund. Print the return label from your account.",
    ].join("\n");
    await page
      .getByLabel("File")
      .setInputFiles({ name: "policies.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
    await page.getByRole("button", { name: "Upload" }).click();
    const row = page.getByRole("row", { name: /policies/ });
    await expect(row).toBeVisible();
    await expect(row.getByText("Ready")).toBeVisible({ timeout: 30_000 });
  });

  await test.step("the search box shows what a question retrieves, with scores", async () => {
    await page
      .getByRole("searchbox", { name: "Question" })
      .fill("How many days do I have to return an item?");
    await page.getByRole("button", { name: "Search" }).click();
    const hits = page.locator("[data-search-hit]");
    await expect(hits.first()).toContainText("return any unused item within 30 days");
    await expect(hits.first()).toContainText(/score \d+\.\d{3}/);
    // Judged as the chat judges it: the same retrieval and threshold.
    await expect(page.locator("[data-search-verdict]")).toHaveText("The bot would answer from passage 1.");
    await page.getByRole("searchbox", { name: "Question" }).fill("Can I return my car?");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.locator("[data-search-verdict]")).toContainText("The bot would not answer");
  });

  await test.step("deleting asks first", async () => {
    await page.getByRole("button", { name: "Delete policies" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete policies?" });
    await expect(dialog.getByText("cannot be undone")).toBeVisible();
    await dialog.getByRole("button", { name: "Delete document" }).click();
    await expect(page.getByRole("heading", { name: "No documents yet" })).toBeVisible();
  });
});
