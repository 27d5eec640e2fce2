import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { addMember, newUser, signUp as signUpThroughUi, type TestUser } from "./support/accounts";
import {
  builder,
  canvasNode,
  connect,
  dragStep,
  handle,
  pane,
  selectStep,
  stepSettings,
} from "./support/canvas";

/**
 * The workflow builder through the UI: build a workflow on an empty canvas by dragging steps and
 * connecting their handles, configure them with expressions, see a validation error and fix it,
 * publish, reload, export and re-import, undo and redo; and a viewer who can only look.
 * Each test signs up its own users (each gets a personal organization).
 */

// A builder wants a desktop-sized window; runs are long (many steps, each saved to the server).
test.use({ viewport: { width: 1600, height: 900 } });
test.describe.configure({ timeout: 360_000 });

const signUp = (page: Page, user: TestUser) => signUpThroughUi(page, user, { viaDashboard: true });

const saveStatus = (page: Page) => page.locator("[data-save-status]");

async function openBuilder(page: Page) {
  await expect(builder(page)).toHaveAttribute("data-ready", "true");
}

async function waitSaved(page: Page) {
  await expect(saveStatus(page)).toHaveAttribute("data-save-status", "saved", { timeout: 20_000 });
}

async function exportDefinition(
  page: Page,
): Promise<{ text: string; json: { name: string; definition: unknown } }> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menuitem", { name: "Export as JSON" }).click();
  const file = await (await download).path();
  const text = await readFile(file, "utf8");
  return { text, json: JSON.parse(text) };
}

test("build a workflow on the canvas, publish it, reload, export and re-import it, undo and redo", async ({
  page,
}) => {
  const slug = await signUp(page, newUser("builder"));

  await test.step("start from an empty workflow", async () => {
    await page.goto(`/o/${slug}/workflows`);
    await expect(page.getByRole("heading", { name: "No workflows yet" })).toBeVisible();
    await page.getByRole("link", { name: "New workflow" }).click();
    await page.getByLabel("Name").fill("Big orders");
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    await openBuilder(page);
    await expect(page.getByText("Start with a trigger")).toBeVisible();
  });

  await test.step("drag a webhook, a condition, an HTTP request and a notification onto the canvas", async () => {
    await dragStep(page, "Webhook", { x: 150, y: 260 });
    await expect(canvasNode(page, "webhook_1")).toBeVisible();
    await dragStep(page, "Condition", { x: 450, y: 260 });
    await dragStep(page, "HTTP request", { x: 780, y: 140 });
    await dragStep(page, "Notify team", { x: 780, y: 400 });
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
  });

  await test.step("connect them by dragging between handles", async () => {
    await connect(page, handle(page, "webhook_1", "out"), handle(page, "condition_1", "in"));
    await connect(page, handle(page, "condition_1", "true"), handle(page, "http_request_1", "in"));
    await connect(page, handle(page, "condition_1", "false"), handle(page, "notify_1", "in"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(3);
    // A connection back to the start would make a cycle: refused, with the reason.
    await connect(page, handle(page, "notify_1", "out"), handle(page, "condition_1", "in"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  });

  await test.step("configure the steps, with expressions and autocomplete", async () => {
    await selectStep(page, "webhook_1");
    await stepSettings(page).getByLabel("Sample body (JSON)").fill('{"email":"ana@example.com","total":250}');

    await selectStep(page, "condition_1");
    const value = stepSettings(page).getByRole("combobox", { name: "Value" });
    await value.click();
    await value.pressSequentially("{{ trigger.body.to");
    const option = page.getByRole("option", { name: /trigger\.body\.total/ });
    await expect(option).toBeVisible();
    await value.press("Enter");
    await expect(value).toHaveValue("{{ trigger.body.total }}");
    await stepSettings(page).getByLabel("Comparison").selectOption({ label: "is greater than" });
    await stepSettings(page).getByRole("combobox", { name: "Compare with" }).fill("100");

    await selectStep(page, "notify_1");
    await stepSettings(page).getByRole("combobox", { name: "Title" }).fill("Small order");
    await stepSettings(page)
      .getByRole("combobox", { name: "Message" })
      .fill("{{ trigger.body.email }} ordered {{ trigger.body.total }}");
  });

  await test.step("see a validation error on the field and on the canvas, then fix it", async () => {
    await selectStep(page, "http_request_1");
    const url = stepSettings(page).getByRole("combobox", { name: "URL" });
    await url.fill("not a url");
    await expect(
      stepSettings(page).getByText("Enter a full http:// or https:// URL, or an expression."),
    ).toBeVisible();
    await expect(url).toHaveAttribute("aria-invalid", "true");
    await expect(canvasNode(page, "http_request_1").locator("[data-invalid]")).toBeVisible();
    await url.fill("https://api.example.com/orders?email={{ trigger.body.email }}");
    await expect(
      stepSettings(page).getByText("Enter a full http:// or https:// URL, or an expression."),
    ).toBeHidden();
    await expect(canvasNode(page, "http_request_1").locator("[data-invalid]")).toHaveCount(0);
    await page.getByRole("tab", { name: /^Problems/ }).click();
    await expect(page.getByText("No problems. The workflow is ready to publish.")).toBeVisible();
    await waitSaved(page);
  });

  await test.step("publish", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this workflow" });
    await dialog.getByLabel("What changed?").fill("First version");
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 1.")).toBeVisible();
    await expect(builder(page).getByText("Active", { exact: true })).toBeVisible();
  });

  let exported: Awaited<ReturnType<typeof exportDefinition>>;
  await test.step("reload: the same graph and configs come back", async () => {
    await page.reload();
    await openBuilder(page);
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    await expect(page.locator(".react-flow__edge")).toHaveCount(3);
    await selectStep(page, "http_request_1");
    await expect(stepSettings(page).getByRole("combobox", { name: "URL" })).toHaveValue(
      "https://api.example.com/orders?email={{ trigger.body.email }}",
    );
    await selectStep(page, "condition_1");
    await expect(stepSettings(page).getByRole("combobox", { name: "Value" })).toHaveValue(
      "{{ trigger.body.total }}",
    );
    await expect(stepSettings(page).getByLabel("Comparison")).toHaveValue("greater_than");
    await page.getByRole("tab", { name: /^Versions/ }).click();
    await expect(page.getByText("Version 1")).toBeVisible();
    await expect(page.getByText("First version")).toBeVisible();
    exported = await exportDefinition(page);
    expect(exported.json.name).toBe("Big orders");
  });

  await test.step("export and re-import give an identical definition", async () => {
    await page.goto(`/o/${slug}/workflows`);
    await expect(page.getByRole("link", { name: "Big orders" })).toBeVisible();
    await page.getByLabel("Workflow file to import").setInputFiles({
      name: "big-orders.workflow.json",
      mimeType: "application/json",
      buffer: Buffer.from(exported.text),
    });
    await page.waitForURL(
      (url) => /\/workflows\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith("/new"),
    );
    await openBuilder(page);
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    const again = await exportDefinition(page);
    expect(again.json.definition).toEqual(exported.json.definition);
    expect(again.text).toBe(exported.text);
  });

  await test.step("an invalid file is refused with reasons", async () => {
    await page.goto(`/o/${slug}/workflows`);
    const broken = JSON.parse(exported.text);
    broken.definition.nodes[1].type = "teleport";
    await page.getByLabel("Workflow file to import").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const dialog = page.getByRole("dialog", { name: "This file cannot be imported" });
    await expect(dialog.getByText(/unknown type “teleport”/)).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).first().click();
  });

  await test.step("undo and redo", async () => {
    await page.getByRole("link", { name: "Big orders" }).first().click();
    await openBuilder(page);
    await selectStep(page, "notify_1");
    await canvasNode(page, "notify_1").click();
    await page.keyboard.press("Delete");
    await expect(page.locator(".react-flow__node")).toHaveCount(3);
    await expect(page.locator(".react-flow__edge")).toHaveCount(2);
    await pane(page).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press("ControlOrMeta+z");
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    await expect(page.locator(".react-flow__edge")).toHaveCount(3);
    await page.keyboard.press("ControlOrMeta+Shift+z");
    await expect(page.locator(".react-flow__node")).toHaveCount(3);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    await waitSaved(page);
    // What was saved is the restored graph.
    await page.reload();
    await openBuilder(page);
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
  });

  await test.step("a palette click with a step selected inserts the new step after it", async () => {
    await selectStep(page, "webhook_1");
    await page.getByRole("button", { name: "Add Set fields" }).click();
    await expect(canvasNode(page, "set_1")).toBeVisible();
    await expect(page.locator(".react-flow__node")).toHaveCount(5);
    // webhook → set → condition, not a second branch out of the webhook.
    await expect(page.locator(".react-flow__edge")).toHaveCount(4);
    await expect(page.locator('.react-flow__edge[data-id^="webhook_1."][data-id*="->set_1."]')).toHaveCount(
      1,
    );
    await expect(page.locator('.react-flow__edge[data-id^="set_1."][data-id*="->condition_1."]')).toHaveCount(
      1,
    );
    await expect(
      page.locator('.react-flow__edge[data-id^="webhook_1."][data-id*="->condition_1."]'),
    ).toHaveCount(0);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    await waitSaved(page);
  });

  await test.step("the builder takes the whole window; the section nav comes back on leaving it", async () => {
    const sections = page.getByRole("navigation", { name: /sections$/ });
    await expect(sections).toBeHidden();
    await page.getByRole("link", { name: "Workflows", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Workflows" })).toBeVisible();
    await expect(sections).toBeVisible();
  });
});

test("a viewer opens a workflow read-only", async ({ page, browser }) => {
  const owner = newUser("owner");
  const slug = await signUp(page, owner);
  await page.goto(`/o/${slug}/workflows/new`);
  await page.getByLabel("Name").fill("Team alerts");
  await page.getByText("Webhook → notify", { exact: true }).click();
  await page.getByRole("button", { name: "Create workflow" }).click();
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  await openBuilder(page);
  const workflowUrl = new URL(page.url()).pathname;

  const viewer = newUser("viewer");
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signUp(viewerPage, viewer);

  // The owner's organization takes the viewer in (what accepting an invitation as a viewer does).
  await addMember(slug, viewer.email, "viewer");

  await viewerPage.goto(`/o/${slug}/workflows`);
  await expect(viewerPage.getByRole("link", { name: "Team alerts" })).toBeVisible();
  await expect(viewerPage.getByRole("link", { name: "New workflow" })).toHaveCount(0);

  await viewerPage.goto(workflowUrl);
  await openBuilder(viewerPage);
  await expect(viewerPage.getByText("View only")).toBeVisible();
  await expect(viewerPage.getByText("You can view this workflow but not change it")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: "Add Webhook" })).toHaveCount(0);
  await expect(viewerPage.locator("[data-save-status]")).toHaveCount(0);
  await expect(viewerPage.locator(".react-flow__node")).toHaveCount(2);

  // Steps can be looked at, not changed.
  await selectStep(viewerPage, "notify_1");
  await expect(stepSettings(viewerPage).getByRole("textbox", { name: "Title" })).toBeDisabled();
  // Dragging a step pans the view instead of moving it: its place in the workflow stays.
  const node = canvasNode(viewerPage, "notify_1");
  const placeOf = () => node.evaluate((el) => (el as HTMLElement).style.transform);
  const before = await placeOf();
  const box = (await node.boundingBox())!;
  await viewerPage.mouse.move(box.x + 40, box.y + 20);
  await viewerPage.mouse.down();
  await viewerPage.mouse.move(box.x + 240, box.y + 170, { steps: 5 });
  await viewerPage.mouse.up();
  expect(await placeOf()).toBe(before);
  await viewerPage.keyboard.press("Delete");
  await expect(viewerPage.locator(".react-flow__node")).toHaveCount(2);
  await context.close();
});
