import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { newUser, signUp } from "./support/accounts";
import { expect, test } from "./support/csp";

/**
 * axe-core over the main signed-in pages, as a new owner sees them (empty states included) and
 * with a workflow open in the builder: no serious or critical WCAG 2.1 A/AA violation anywhere.
 */

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
}

test("the main pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(180_000);
  const slug = await signUp(page, newUser("a11y"));
  const base = `/o/${slug}`;
  const pages = [
    { path: base, heading: /workspace/i },
    { path: `${base}/workflows`, heading: "Workflows" },
    { path: `${base}/workflows/new`, heading: "New workflow" },
    { path: `${base}/runs`, heading: "Runs" },
    { path: `${base}/bots`, heading: "Chatbots" },
    { path: `${base}/inbox`, heading: "Inbox" },
    { path: `${base}/contacts`, heading: "Contacts" },
    { path: `${base}/commissions`, heading: "Commissions" },
    { path: `${base}/billing`, heading: "Billing" },
    { path: `${base}/members`, heading: "Members" },
    { path: `${base}/settings`, heading: "General" },
    { path: `${base}/settings/permissions`, heading: "Roles and permissions" },
    { path: `${base}/settings/permissions?role=new`, heading: "Roles and permissions" },
    { path: `${base}/audit-log`, heading: "Audit log" },
    { path: "/profile", heading: "Profile" },
  ];
  const found: Record<string, string[]> = {};
  for (const { path, heading } of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    const violations = await seriousViolations(page);
    if (violations.length) found[path] = violations;
  }

  // A new organization's commissions overview asks for a plan first.
  await page.goto(`${base}/commissions`);
  await expect(page.getByText("Start with a commission plan")).toBeVisible();
  await expect(page.getByRole("link", { name: "Create a plan" })).toHaveAttribute(
    "href",
    `${base}/commissions/rules`,
  );

  // The builder, with a workflow open.
  await page.goto(`${base}/workflows/new`);
  await page.getByLabel("Name").fill("Accessible");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.locator("[data-workflow-builder]")).toHaveAttribute("data-ready", "true");
  const builder = await seriousViolations(page);
  if (builder.length) found.builder = builder;
  // On a tablet: the palette as a rail, the panel that can be put away.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByRole("button", { name: "Show step names" })).toBeVisible();
  const tablet = await seriousViolations(page);
  if (tablet.length) found["builder at 1024 px"] = tablet;

  // On a phone the selected "New role" tab is scrolled into view.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/settings/permissions?role=new`);
  await expect(page.getByRole("heading", { level: 2, name: "New role" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Roles" }).getByRole("link", { name: "New role" }),
  ).toBeInViewport({
    ratio: 1,
  });

  expect(found).toEqual({});
});

test("the keyboard: skip to content moves focus, and a dialog keeps focus inside and gives it back", async ({
  page,
}) => {
  const slug = await signUp(page, newUser("keys"));
  await page.goto(`/o/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "General" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  const trigger = page.getByRole("button", { name: "Delete organization" });
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // Tabbing round and round never leaves the dialog.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
});
