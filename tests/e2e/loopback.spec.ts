import { expect, test } from "@playwright/test";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-server";
import { fillSignUp, newUser } from "./support/accounts";

// Production builds send mail through SMTP: playwright.config.ts points the stack at this port.
let smtp: SmtpTestServer;
test.beforeAll(async () => {
  smtp = await startSmtpTestServer({ port: Number(process.env.E2E_SMTP_PORT ?? 12125) });
});
test.afterAll(async () => {
  await smtp?.close();
});

/**
 * The stack prints 127.0.0.1 addresses and many people open http://127.0.0.1:<port> instead of
 * localhost: to a browser those are different sites (cookies do not cross), so everything must
 * happen on the name the person used, emailed links included. (`next dev` serving its own scripts
 * there is lib/config/site-url.test.ts's part: this runs against the production build.)
 */
test("on 127.0.0.1: sign up, sign out, and a reset link that leads back to 127.0.0.1", async ({
  page,
  baseURL,
}) => {
  const site = new URL(baseURL!);
  site.hostname = "127.0.0.1";
  const origin = site.origin;
  const user = newUser("loopback");

  await test.step("sign up lands signed in, still on 127.0.0.1", async () => {
    await page.goto(`${origin}/sign-up`);
    await fillSignUp(page, user);
    await page.waitForURL((url) => url.origin === origin && /^\/o\/[a-z0-9-]+$/.test(url.pathname));
    const menu = page.getByRole("button", { name: `Account menu for ${user.name}` });
    await menu.click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(new RegExp(`^${origin.replaceAll(".", "\\.")}/sign-in(\\?|$)`));
  });

  await test.step("ask for a reset link", async () => {
    await page.goto(`${origin}/forgot-password`);
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status").getByText("Check your email")).toBeVisible();
  });

  await test.step("the emailed link returns to 127.0.0.1, where the session continues", async () => {
    const mail = await smtp.waitForMail(user.email, (m) => m.subject === "Reset Your Password");
    const href = new URL(mail.links[0]!);
    expect(href.searchParams.get("redirect_to")).toMatch(
      new RegExp(`^${origin.replaceAll(".", "\\.")}/auth/callback`),
    );
    await page.goto(href.toString());
    await expect(page).toHaveURL(`${origin}/reset-password`);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  });
});
