import type { Page } from "@playwright/test";
import { newUser, signUp as signUpThroughUi } from "./support/accounts";
import { builder, selectStep, stepSettings } from "./support/canvas";
import { expect, test } from "./support/csp";

/**
 * Issue #15 ("safe to put in front of customers") in the browser: the attacks of items 4, 9, 11
 * and 15 performed against the production build, each asserted to fail. Every test signs up its
 * own user. The CSP watch (support/csp.ts) fails any test whose pages the policy had to block.
 */

test.use({ viewport: { width: 1600, height: 900 } });
test.describe.configure({ timeout: 180_000 });

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const WEBHOOK_TEMPLATE = "6f0c1e6a-0000-4000-8000-000000000001";

const signUp = (page: Page, tag: string) =>
  signUpThroughUi(page, newUser(tag, "e2e-sec"), { viaDashboard: true });

test("pages send a strict policy, cannot be framed, and run under it", async ({ page, baseURL }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const policy = headers["content-security-policy"]!;
  const scripts = policy.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Each response gets its own nonce, and Next's scripts carry it.
  const again = (await page.request.get("/sign-in")).headers()["content-security-policy"];
  expect(again).not.toBe(policy);
  const nonce = /'nonce-([^']+)'/.exec(scripts)![1]!;
  const scriptNonces = await page
    .locator("script[src]")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(scriptNonces.every((n) => n === nonce)).toBe(true);
  // The page works: the form is interactive (hydrated under the policy).
  await page.getByLabel("Email", { exact: true }).fill("nobody@example.test");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("nobody@example.test");

  // Clickjacking: another site frames the sign-in page; the browser refuses to show it.
  await page.goto("about:blank");
  await page.setContent(`<iframe id="victim" src="${baseURL}/sign-in" width="800" height="600"></iframe>`);
  const frame = page.frameLocator("#victim");
  await page.waitForTimeout(1500);
  await expect(frame.getByRole("heading", { name: "Welcome back" })).toHaveCount(0);
});

test("sign-in never sends a signed-in user to another site", async ({ page }) => {
  await signUp(page, "redirect");
  for (const next of ["/.//evil.example/x", "//evil.example", "/..//evil.example", "/%2e//evil.example"]) {
    // What the server answers (the redirect's Location) …
    const answer = await page.request.get(`/sign-in?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
    const location = new URL(answer.headers()["location"] ?? "/", `http://localhost:${APP_PORT}/sign-in`);
    expect(location.host, `next=${next} answered ${answer.headers()["location"]}`).toBe(
      `localhost:${APP_PORT}`,
    );
    // … and where the browser ends up.
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`).catch(() => undefined);
    await page.waitForLoadState("domcontentloaded");
    expect(new URL(page.url()).host, `next=${next}`).toBe(`localhost:${APP_PORT}`);
  }
  // The email-link callbacks share the check.
  const confirm = `/auth/confirm?token_hash=x&type=signup&next=${encodeURIComponent("/.//evil.example/x")}`;
  const answer = await page.request.get(confirm, { maxRedirects: 0 });
  const location = answer.headers()["location"] ?? "";
  expect(location.startsWith("/") && !location.startsWith("//"), `answered ${location}`).toBe(true);
  await page.goto(confirm).catch(() => undefined);
  await page.waitForLoadState("domcontentloaded");
  expect(new URL(page.url()).host).toBe(`localhost:${APP_PORT}`);
});

test("the session cookie is HttpOnly and lives no longer than its refresh token", async ({
  page,
  context,
}) => {
  await signUp(page, "cookie");
  const session = (await context.cookies()).filter((c) => /-auth-token(\.\d+)?$/.test(c.name));
  expect(session.length).toBeGreaterThan(0);
  const week = 7 * 24 * 60 * 60;
  for (const c of session) {
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe("Lax");
    expect(c.expires).toBeGreaterThan(Date.now() / 1000);
    expect(c.expires).toBeLessThanOrEqual(Date.now() / 1000 + week + 60);
  }
  // A script on the page cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toMatch(/auth-token/);
});

test("uploads and exports refuse requests from another site riding the session", async ({ page }) => {
  const slug = await signUp(page, "csrf");
  const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const upload = await page.request.post(`/o/${slug}/commissions/receipts`, {
    headers: evil,
    multipart: {
      transaction_id: crypto.randomUUID(),
      file: { name: "r.png", mimeType: "image/png", buffer: Buffer.from("x") },
    },
  });
  expect(upload.status()).toBe(403);
  const avatar = await page.request.post("/profile/avatar", {
    headers: evil,
    multipart: { file: { name: "me.png", mimeType: "image/png", buffer: Buffer.from("x") } },
  });
  expect(avatar.status()).toBe(403);
  const exported = await page.request.get(`/o/${slug}/commissions/payouts/export?month=2026-01`, {
    headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" },
  });
  expect(exported.status()).toBe(403);
  // The app's own download link works.
  const own = await page.request.get(`/o/${slug}/commissions/payouts/export?month=2026-01`, {
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toContain("text/csv");
});

test("a profile picture is an upload the app serves, never a link", async ({ page }) => {
  await signUp(page, "avatar");
  await page.goto("/profile");
  await expect(page.getByLabel("Picture link")).toHaveCount(0);
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  // A script dressed as a picture is refused by its content. A file chosen before the page has
  // hydrated (a heavy profile page on a loaded machine) goes nowhere, so it is chosen again.
  await expect(async () => {
    await page
      .getByLabel("Profile picture")
      .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)>") });
    await expect(
      page.getByRole("alert").filter({ hasText: "Upload a PNG, JPEG or WebP image." }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  await page
    .getByLabel("Profile picture")
    .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: png });
  await expect(page.getByText("Picture saved.")).toBeVisible();
  const img = page.locator("img[src^='/avatars/']").first();
  await expect(img).toBeVisible();
  const src = (await img.getAttribute("src"))!;
  const served = await page.request.get(src);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  // No image on the page comes from anywhere but the app.
  const sources = await page.locator("img").evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
  expect(sources.every((s) => s.startsWith(`http://localhost:${APP_PORT}/`) || s.startsWith("data:"))).toBe(
    true,
  );
});

test("a webhook URL is shown once, works, and rotating it kills the old one at once", async ({ page }) => {
  const slug = await signUp(page, "webhook");
  await page.goto(`/o/${slug}/workflows/new?template=${WEBHOOK_TEMPLATE}`);
  await page.getByLabel("Name").fill("Inbound leads");
  await page.getByRole("button", { name: "Create workflow" }).click();
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
  await expect(builder(page)).toHaveAttribute("data-ready", "true");

  await selectStep(page, "webhook_1");
  await expect(stepSettings(page).getByText("No webhook URL yet")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await page
    .getByRole("dialog", { name: "Publish this workflow" })
    .getByRole("button", { name: "Publish" })
    .click();
  await expect(page.getByText("Published version 1.")).toBeVisible();

  await selectStep(page, "webhook_1");
  const production = stepSettings(page).getByRole("textbox", { name: "Production URL" });
  await expect(production).toHaveValue(/\/api\/hooks\/[0-9a-f-]{36}\/whk_[A-Za-z0-9_-]{43}$/);
  const first = await production.inputValue();
  expect((await page.request.post(first, { data: { name: "Ana" } })).status()).toBe(202);
  const waited = await page.request.post(`${first}?wait=1`, { data: { name: "Ana" } });
  expect(waited.status()).toBe(200);
  expect(((await waited.json()) as { status: string }).status).toBe("completed");
  // Only the method the trigger names.
  expect((await page.request.get(first)).status()).toBe(405);

  // Shown once: after a reload only its first characters.
  await page.reload();
  await expect(builder(page)).toHaveAttribute("data-ready", "true");
  await selectStep(page, "webhook_1");
  await expect(stepSettings(page).getByRole("textbox", { name: "Production URL" })).toHaveCount(0);
  await expect(
    stepSettings(page).getByText(/\/api\/hooks\/[0-9a-f-]{36}\/whk_[A-Za-z0-9_-]{6}…/),
  ).toBeVisible();
  await expect(page.locator("body")).not.toContainText(first.split("/").pop()!);

  await stepSettings(page).getByRole("button", { name: "Make a new URL" }).click();
  await page
    .getByRole("dialog", { name: "Make a new webhook URL?" })
    .getByRole("button", { name: "Make a new URL" })
    .click();
  const second = await stepSettings(page).getByRole("textbox", { name: "Production URL" }).inputValue();
  expect(second).not.toBe(first);
  expect((await page.request.post(first, { data: {} })).status()).toBe(404);
  expect((await page.request.post(`${first}?test=1`, { data: {} })).status()).toBe(404);
  expect((await page.request.post(second, { data: {} })).status()).toBe(202);
});
