import { expect, test, type Page } from "@playwright/test";
import { newUser, signUp as signUpThroughUi } from "./support/accounts";
import { builder, canvasNode, connect, dragStep, handle, selectStep } from "./support/canvas";

/**
 * Parallel branches joined by a Merge, through the UI: manual start → two Set fields steps side by
 * side → Merge, test-run from the builder, the canvas shows both branches running at the same
 * time and then the Merge, and the run page lists both branches and the Merge's combined output.
 */

test.use({ viewport: { width: 1600, height: 900 } });
test.describe.configure({ timeout: 300_000 });

const runStatus = (page: Page, id: string) => canvasNode(page, id).locator("[data-run-status]");

/** Records, in the page, every set of canvas steps shown "running" at the same moment. */
async function recordRunningTogether(page: Page) {
  await page.evaluate(() => {
    const seen: string[][] = [];
    (window as unknown as { __running: string[][] }).__running = seen;
    const record = () => {
      const ids = [...document.querySelectorAll('.react-flow__node:has([data-run-status="running"])')]
        .map((n) => n.getAttribute("data-id") ?? "")
        .sort();
      if (ids.length) seen.push(ids);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-run-status"],
    });
  });
}

test("two branches run side by side and a Merge joins their outputs", async ({ page }) => {
  const slug = await signUpThroughUi(page, newUser("merge"), { viaDashboard: true });

  await test.step("build manual start → two Set fields branches → Merge", async () => {
    await page.goto(`/o/${slug}/workflows/new`);
    await page.getByLabel("Name").fill("Two branches");
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    await expect(builder(page)).toHaveAttribute("data-ready", "true");
    await dragStep(page, "Manual start", { x: 150, y: 280 });
    await dragStep(page, "Set fields", { x: 500, y: 130 });
    await dragStep(page, "Set fields", { x: 500, y: 430 });
    await dragStep(page, "Merge", { x: 850, y: 280 });
    await expect(page.locator(".react-flow__node")).toHaveCount(4);
    await connect(page, handle(page, "manual_1", "out"), handle(page, "set_1", "in"));
    await connect(page, handle(page, "manual_1", "out"), handle(page, "set_2", "in"));
    await connect(page, handle(page, "set_1", "out"), handle(page, "merge_1", "in"));
    await connect(page, handle(page, "set_2", "out"), handle(page, "merge_1", "in"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(4);

    await selectStep(page, "set_1");
    await page.locator("#set_1-fields-0-name").fill("left");
    await page.locator("#set_1-fields-0-value").fill("L {{ trigger.input.name }}");
    await selectStep(page, "set_2");
    await page.locator("#set_2-fields-0-name").fill("right");
    await page.locator("#set_2-fields-0-value").fill("R {{ trigger.input.name }}");
    await expect(page.locator("[data-save-status]")).toHaveAttribute("data-save-status", "saved", {
      timeout: 20_000,
    });
  });

  await test.step("test-run it: both branches run at the same time on the canvas, then the Merge", async () => {
    await recordRunningTogether(page);
    await page.getByRole("button", { name: "Test run", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Test the draft" });
    await dialog.getByLabel("Test input").fill('{"name":"Bea"}');
    await dialog.getByRole("button", { name: "Start test run" }).click();
    await expect(dialog).toBeHidden();
    for (const id of ["manual_1", "set_1", "set_2", "merge_1"]) {
      await expect(runStatus(page, id)).toHaveAttribute("data-run-status", "completed", { timeout: 30_000 });
    }
    const together = await page.evaluate(() => (window as unknown as { __running: string[][] }).__running);
    // The branches were shown running side by side, and the Merge only after them.
    expect(together).toContainEqual(["set_1", "set_2"]);
    expect(together.filter((ids) => ids.includes("merge_1") && ids.length > 1)).toEqual([]);
    await expect(canvasNode(page, "merge_1").locator("[data-run-output]")).toContainText("L Bea");
    const panel = page.getByRole("region", { name: "Test run" });
    await expect(panel.getByText("Completed")).toBeVisible();
    await panel.getByRole("link", { name: "Open run" }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  });

  await test.step("the run page lists both branches and the Merge's combined output", async () => {
    const steps = page.getByRole("list", { name: "Steps, in the order they ran" }).locator("li[data-step]");
    await expect(steps).toHaveCount(4);
    await expect(steps.nth(0)).toHaveAttribute("data-step", "manual_1");
    await expect(steps.nth(3)).toHaveAttribute("data-step", "merge_1");
    const branches = page.locator('li[data-step="set_1"], li[data-step="set_2"]');
    await expect(branches).toHaveCount(2);
    for (const [id, text] of [
      ["set_1", '"left": "L Bea"'],
      ["set_2", '"right": "R Bea"'],
    ] as const) {
      const step = page.locator(`li[data-step="${id}"]`);
      await expect(step).toHaveAttribute("data-status", "completed");
      await step.locator("summary").click();
      await expect(step.getByLabel(/^Output of /)).toContainText(text);
    }
    const merge = steps.nth(3);
    await merge.locator("summary").click();
    const output = merge.getByLabel(/^Output of /);
    await expect(output).toContainText('"count": 2');
    await expect(output).toContainText('"left": "L Bea"');
    await expect(output).toContainText('"right": "R Bea"');
  });
});
