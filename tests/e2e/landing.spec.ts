import type { Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { newUser, signUp } from "./support/accounts";

/**
 * The public pages a visitor sees first, signed out: the landing page with its product pictures,
 * pricing, terms, privacy and contact, linked from the header and the footer, on a phone without
 * sideways scrolling.
 */

const PUBLIC_PAGES = [
  { path: "/", heading: /Every lead answered/ },
  { path: "/pricing", heading: "Simple plans that grow with you" },
  { path: "/terms", heading: "Terms of service" },
  { path: "/privacy", heading: "Privacy policy" },
  { path: "/contact", heading: "Contact" },
] as const;

const pictures = (page: Page) => ({
  builder: page.locator('[data-picture="builder"]'),
  runs: page.locator('[data-picture="runs"]'),
  chatbot: page.locator('[data-picture="chatbot"]'),
  statement: page.locator('[data-picture="statement"]'),
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the landing page says what Orgflow does, for whom, and shows the product", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Every lead answered");
    await expect(page.getByText("For sales-driven small businesses and their agencies")).toBeVisible();
    const { builder, runs, chatbot, statement } = pictures(page);
    // The builder: a shipped template drawn as the canvas draws it (an SVG on a wide screen).
    await expect(builder).toBeVisible();
    await expect(builder.locator('[data-canvas="svg"]')).toBeVisible();
    await expect(builder.locator('[data-canvas="steps"]')).toBeHidden();
    await expect(builder).toContainText("Won deal → shout-out + commission approval");
    await expect(builder).toHaveAccessibleName(/workflow builder/);
    await expect(runs).toContainText("Missed call → text back");
    // A bot conversation that follows the appointment template to its goal.
    await chatbot.scrollIntoViewIfNeeded();
    await expect(chatbot).toContainText("What would you like to book?");
    await expect(chatbot).toContainText("Goal reached: Appointment requested");
    // A statement worked out by the commission math, accelerated above quota.
    await statement.scrollIntoViewIfNeeded();
    await expect(statement).toContainText("Statement of Maria Lopez");
    await expect(statement).toContainText("USD 1,038.00");
    await expect(page.locator("#templates")).toContainText("Weekly sales digest");
  });

  test("header and footer lead to pricing, terms, privacy and contact", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Pricing" }).click();
    await expect(page).toHaveURL(/\/pricing$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simple plans that grow with you");

    for (const [name, path, heading] of [
      ["Terms", "/terms", "Terms of service"],
      ["Privacy", "/privacy", "Privacy policy"],
      ["Contact", "/contact", "Contact"],
    ] as const) {
      await page.goto("/");
      const company = page.getByRole("contentinfo").getByRole("navigation", { name: "Company" });
      await company.getByRole("link", { name }).click();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      // Every public page has the same footer, pricing link included.
      await expect(page.getByRole("contentinfo").getByRole("link", { name: "Pricing" })).toHaveAttribute(
        "href",
        "/pricing",
      );
    }
    // The contact page names no made-up address: this test server sets no CONTACT_EMAIL.
    await expect(page.locator('[data-contact="unset"]')).toContainText("CONTACT_EMAIL");
    await expect(page.getByRole("link", { name: /@/ })).toHaveCount(0);
  });

  test("every public page answers a signed-out visitor (no sign-in redirect)", async ({ page }) => {
    for (const { path, heading } of PUBLIC_PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page, path).toHaveURL(new RegExp(`${path === "/" ? "/" : path}$`));
      await expect(page.getByRole("heading", { level: 1 }), path).toContainText(heading);
    }
  });

  test("fits a 390 px phone: no sideways scrolling, the builder drawn as a list of steps", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const { path } of PUBLIC_PAGES) {
      await page.goto(path);
      const overflow = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(overflow.scroll, `${path} is ${overflow.scroll}px wide`).toBeLessThanOrEqual(overflow.client);
    }
    await page.goto("/");
    const { builder } = pictures(page);
    await expect(builder.locator('[data-canvas="svg"]')).toBeHidden();
    await expect(builder.locator('[data-canvas="steps"]').getByText("Ask for approval")).toBeVisible();
    await expect(
      page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Pricing" }),
    ).toBeVisible();
  });
});

test("a signed-in member who opens the landing page goes on to Orgflow", async ({ page }) => {
  const slug = await signUp(page, newUser("landing"));
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
  // The public pages stay open to members, with the way back in.
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Terms of service");
  await page.goto("/pricing");
  await expect(
    page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Open Orgflow" }),
  ).toBeVisible();
});
