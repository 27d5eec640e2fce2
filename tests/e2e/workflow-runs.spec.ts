import { expect, test, type Page } from "@playwright/test";
import { newUser, signUp as signUpThroughUi } from "./support/accounts";
import { builder, canvasNode, connect, dragStep, handle, selectStep, stepSettings } from "./support/canvas";

/**
 * Manual runs and run history through the UI: build manual start → set fields → notify team on
 * the canvas, publish, run it from the builder with a test input, watch each step turn green on
 * the canvas as the worker runs it (the e2e server starts a worker: scripts/dev.ts), open the run
 * page and read each step's output, then find the run's notification in the bell and the run in
 * the lists. Each test signs up its own user (who owns a personal organization).
 */

test.use({ viewport: { width: 1600, height: 900 } });
test.describe.configure({ timeout: 300_000 });

const runStatus = (page: Page, id: string) => canvasNode(page, id).locator("[data-run-status]");

/** Signs up a new user; returns the slug of their personal organization. */
const signUp = (page: Page) => signUpThroughUi(page, newUser("runs"), { viaDashboard: true });

test("build a workflow, run it from the builder, watch it live, read the run, see its notification", async ({
  page,
}) => {
  const slug = await signUp(page);
  let runUrl = "";

  await test.step("build manual start → set fields → notify team", async () => {
    await page.goto(`/o/${slug}/workflows/new`);
    await page.getByLabel("Name").fill("Greet a lead");
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    await expect(builder(page)).toHaveAttribute("data-ready", "true");
    await dragStep(page, "Manual start", { x: 150, y: 260 });
    await dragStep(page, "Set fields", { x: 500, y: 260 });
    await dragStep(page, "Notify team", { x: 850, y: 260 });
    await expect(page.locator(".react-flow__node")).toHaveCount(3);
    await connect(page, handle(page, "manual_1", "out"), handle(page, "set_1", "in"));
    await connect(page, handle(page, "set_1", "out"), handle(page, "notify_1", "in"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(2);

    await selectStep(page, "manual_1");
    await stepSettings(page).getByLabel("Sample input (JSON)").fill('{"name":"Ana"}');
    await selectStep(page, "set_1");
    await page.locator("#set_1-fields-0-name").fill("greeting");
    await page.locator("#set_1-fields-0-value").fill("Hello {{ trigger.input.name }}");
    await selectStep(page, "notify_1");
    await stepSettings(page)
      .getByRole("combobox", { name: "Title" })
      .fill("Greeted {{ trigger.input.name }}");
    await stepSettings(page)
      .getByRole("combobox", { name: "Message" })
      .fill("{{ steps.set_1.output.greeting }}!");
    await expect(page.locator("[data-save-status]")).toHaveAttribute("data-save-status", "saved", {
      timeout: 20_000,
    });
  });

  await test.step("publish", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog", { name: "Publish this workflow" });
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 1.")).toBeVisible();
  });

  await test.step("test-run the draft with a test input, checked as it is typed", async () => {
    await page.getByRole("button", { name: "Test run", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Test the draft" });
    const input = dialog.getByLabel("Test input");
    // The manual trigger's sample is offered as the starting input.
    await expect(input).toHaveValue('{"name":"Ana"}');
    await input.fill("{name: Ana}");
    await expect(dialog.getByText(/This is not valid JSON/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Start test run" })).toBeDisabled();
    await input.fill('{"name":"Bea"}');
    // The notification reaches outside the run: skipped in a test unless chosen.
    await dialog.getByRole("checkbox", { name: /^Run “.*” for real/ }).check();
    await dialog.getByRole("button", { name: "Start test run" }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step("the steps turn green on the canvas as they run, with their output", async () => {
    for (const id of ["manual_1", "set_1", "notify_1"]) {
      await expect(runStatus(page, id)).toHaveAttribute("data-run-status", "completed", { timeout: 30_000 });
    }
    await expect(canvasNode(page, "set_1").locator("[data-run-output]")).toContainText("Hello Bea");
    await expect(canvasNode(page, "notify_1").locator("[data-run-output]")).toContainText('"notified":1');
    const panel = page.getByRole("region", { name: "Test run" });
    await expect(panel.getByText("Completed")).toBeVisible();
    await panel.getByRole("link", { name: "Open run" }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    runUrl = new URL(page.url()).pathname;
  });

  await test.step("test one step with the last run's data, edited, then with pinned data", async () => {
    await page.goBack();
    await expect(builder(page)).toHaveAttribute("data-ready", "true");
    await selectStep(page, "set_1");
    const test_ = stepSettings(page).locator("[data-step-test]");
    const data = test_.getByLabel("Data before this step (JSON)");
    // The last run's data: its trigger input, the earlier steps' outputs.
    await expect(data).toHaveValue(/"name": "Bea"/);
    await expect(test_.getByText("From the workflow's last run.")).toBeVisible();
    await data.fill('{"trigger": {"input": {"name": "Cy"}}, "steps": 5}');
    await expect(test_.getByText(/Give each earlier step as/)).toBeVisible();
    await expect(test_.getByRole("button", { name: "Test step" })).toBeDisabled();
    await data.fill('{"trigger": {"input": {"name": "Cy"}');
    await expect(test_.getByText(/This is not valid JSON/)).toBeVisible();
    await data.fill('{"trigger": {"input": {"name": "Cy"}}}');
    await test_.getByRole("button", { name: "Test step" }).click();
    const result = test_.getByRole("region", { name: "Step test result" });
    await expect(result).toHaveAttribute("data-step-test-result", "completed", { timeout: 30_000 });
    await expect(result.getByLabel("Output of the test")).toContainText('"greeting": "Hello Cy"');
    // Pinned data is what the next test of this step starts from, after a reload too.
    await test_.getByRole("button", { name: "Pin data" }).click();
    await page.reload();
    await expect(builder(page)).toHaveAttribute("data-ready", "true");
    await selectStep(page, "set_1");
    await expect(stepSettings(page).getByText("Pinned data (kept in this browser).")).toBeVisible();
    await expect(stepSettings(page).getByLabel("Data before this step (JSON)")).toHaveValue(/"Cy"/);
    await stepSettings(page).getByRole("button", { name: "Unpin data" }).click();
    // A step test is not "the last run": the step's data comes from the Bea run again.
    await stepSettings(page).getByRole("button", { name: "Last run's data" }).click();
    await expect(stepSettings(page).getByLabel("Data before this step (JSON)")).toHaveValue(/"Bea"/);
    await page.goto(runUrl);
  });

  await test.step("the run page shows the run and each step's output", async () => {
    await expect(page.getByRole("heading", { name: "Run of Greet a lead" })).toBeVisible();
    await expect(page.getByRole("status").getByText("Completed", { exact: true })).toBeVisible();
    await expect(page.getByText("the draft", { exact: false }).first()).toBeVisible();
    await expect(page.getByText("Test run · not counted against your plan")).toBeVisible();
    const steps = page.getByRole("list", { name: "Steps, in the order they ran" }).locator("li[data-step]");
    await expect(steps).toHaveCount(3);
    await expect(steps.nth(0)).toHaveAttribute("data-step", "manual_1");
    await expect(steps.nth(1)).toHaveAttribute("data-step", "set_1");
    await expect(steps.nth(2)).toHaveAttribute("data-step", "notify_1");
    for (const [i, text] of [
      [0, '"name": "Bea"'],
      [1, '"greeting": "Hello Bea"'],
      [2, '"notified": 1'],
    ] as const) {
      await steps.nth(i).locator("summary").click();
      await expect(steps.nth(i).getByLabel(/^Output of /)).toContainText(text);
    }
    await expect(steps.nth(2).getByLabel(/^Logs of /)).toContainText("notified 1 member(s)");
    // A finished run cannot be cancelled (and says why); it can be run again.
    await expect(page.getByRole("button", { name: "Cancel run" })).toBeDisabled();
    await expect(page.getByText("Cancel: The run has finished.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Re-run" })).toBeEnabled();
  });

  await test.step("the notification is in the bell; opening it marks it read", async () => {
    const bell = page.getByRole("button", { name: /^Notifications: 1 unread$/ });
    await expect(bell).toBeVisible({ timeout: 30_000 });
    await bell.click();
    const menu = page.getByRole("menu");
    await expect(menu.getByText("Greeted Bea")).toBeVisible();
    await expect(menu.getByText("Hello Bea!")).toBeVisible();
    await menu.getByRole("menuitem", { name: /^Greeted Bea/ }).press("Enter");
    await page.waitForURL((url) => url.pathname === runUrl);
    await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  });

  await test.step("re-run with the same input opens the new run", async () => {
    await page.getByRole("button", { name: "Re-run" }).click();
    const dialog = page.getByRole("dialog", { name: "Run again with the same input?" });
    await dialog.getByRole("button", { name: "Run again" }).click();
    await page.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && url.pathname !== runUrl);
    await expect(page.getByRole("status").getByText("Completed", { exact: true })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole("link", { name: "an earlier run" })).toHaveAttribute("href", runUrl);
  });

  await test.step("the runs lists and the workflows list show the runs", async () => {
    await page.getByRole("link", { name: "Runs", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Runs", exact: true })).toBeVisible();
    // The test run, its re-run and the step test (each marked as a test).
    await expect(page.locator("tr[data-execution]")).toHaveCount(3);
    await page.getByLabel("Trigger").selectOption({ label: "Re-run" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.locator("tr[data-execution]")).toHaveCount(1);
    await page.getByLabel("Status").selectOption({ label: "Failed" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("heading", { name: "No runs match these filters" })).toBeVisible();

    await page.goto(`/o/${slug}/workflows`);
    await expect(page.getByRole("link", { name: /^Last run: Completed/ })).toBeVisible();
  });
});
