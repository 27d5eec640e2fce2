import { expect, type Locator, type Page } from "@playwright/test";

/** Locators and gestures for the workflow builder's canvas (React Flow), shared by its specs. */

export const builder = (page: Page) => page.locator("[data-workflow-builder]");
export const pane = (page: Page) => page.locator(".react-flow__pane");
export const canvasNode = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
export const handle = (page: Page, nodeId: string, handleId: string) =>
  page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${handleId}"]`);
export const stepSettings = (page: Page) => page.getByRole("region", { name: "Step settings" });

/** Drags a step from the palette onto the canvas at `at` (pixels from the pane's top-left). */
export async function dragStep(page: Page, label: string, at: { x: number; y: number }) {
  await page
    .getByRole("button", { name: `Add ${label}`, exact: true })
    .dragTo(pane(page), { targetPosition: at });
}

/** Connects two handles by dragging from one to the other, as a person would. */
export async function connect(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 40, a.y + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

/** Selects a step on the canvas and waits for its settings panel. */
export async function selectStep(page: Page, id: string) {
  await canvasNode(page, id).locator("p").first().click();
  await expect(stepSettings(page).getByText(id, { exact: false }).first()).toBeVisible();
}
