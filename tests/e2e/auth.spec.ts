import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { SignJWT } from "jose";
import { CLI_JWT_SECRET, CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY } from "@/lib/config/well-known";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-server";
import { E2E_DATA_DIR, e2eSecrets } from "./support/accounts";
import { expect, test } from "./support/csp";

/**
 * Auth flows through the UI, against the production build (`npm start`) and the local stack
 * (auth server, generated secrets, mail through SMTP to a local test server: production has no
 * mailbox page). Every test signs up its own user, so tests share no data and can run in any
 * order. Where sign-up lands (the dashboard or the personal organization) is not asserted: only
 * that a signed-in page with the user's account menu is reached.
 */

const apiUrl = `http://127.0.0.1:${process.env.E2E_API_PORT ?? "54331"}/auth/v1`;

let smtp: SmtpTestServer;
test.beforeAll(async () => {
  smtp = await startSmtpTestServer({ port: Number(process.env.E2E_SMTP_PORT ?? 12125) });
});
test.afterAll(async () => {
  await smtp?.close();
});

const INVALID_CREDENTIALS = "That email and password don't match. Check them and try again.";

type TestUser = { name: string; email: string; password: string };

function newUser(tag: string): TestUser {
  const id = randomUUID().slice(0, 8);
  return {
    name: `E2E ${tag} ${id}`,
    email: `e2e-${tag}-${Date.now()}-${id}@example.test`,
    password: `correct horse ${id}`,
  };
}

/** The password input itself, not the "Show password" toggle next to it. */
const passwordField = (page: Page, label = "Password") => page.getByLabel(label, { exact: true });

async function expectSignedIn(page: Page, user: TestUser) {
  await expect(page).not.toHaveURL(/\/(sign-in|sign-up)(\?|$)/);
  const menu = page.getByRole("button", { name: `Account menu for ${user.name}` });
  await expect(menu).toBeVisible();
  await menu.click();
  await expect(page.getByRole("menu").getByText(user.email, { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
}

async function signUp(page: Page, user: TestUser) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await passwordField(page).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-up");
  await expectSignedIn(page, user);
}

async function signOut(page: Page, user: TestUser) {
  await page.getByRole("button", { name: `Account menu for ${user.name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
}

/** The form's own error alert (Next's route announcer is an `alert` too). */
const formAlert = (page: Page) => page.locator("form").getByRole("alert");

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await passwordField(page).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("sign up, sign out, sign in, reset the password through the emailed link, sign in with it", async ({
  page,
}) => {
  const user = newUser("flow");

  await test.step("sign up lands signed in", async () => {
    await signUp(page, user);
  });

  await test.step("sign out, then sign in again", async () => {
    await signOut(page, user);
    await fillSignIn(page, user.email, user.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await expectSignedIn(page, user);
    await signOut(page, user);
  });

  await test.step("ask for a reset link (no local mailbox is offered in production)", async () => {
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status").getByText("Check your email")).toBeVisible();
    await expect(page.getByRole("link", { name: /local mailbox/i })).toHaveCount(0);
  });

  await test.step("follow the link from the email", async () => {
    const mail = await smtp.waitForMail(user.email, (m) => m.subject === "Reset Your Password");
    await page.goto(mail.links[0]!);
    await expect(page).toHaveURL(/\/reset-password$/);
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  });

  const newPassword = `${user.password} renewed`;
  await test.step("choose a new password", async () => {
    await passwordField(page, "New password").fill(newPassword);
    await passwordField(page, "Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Update password" }).click();
    await page.waitForURL((url) => url.pathname !== "/reset-password");
    await expectSignedIn(page, user);
    await signOut(page, user);
  });

  await test.step("the old password no longer works", async () => {
    await fillSignIn(page, user.email, user.password);
    await expect(formAlert(page)).toHaveText(INVALID_CREDENTIALS);
    await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  });

  await test.step("the new one does", async () => {
    await fillSignIn(page, user.email, newPassword);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await expectSignedIn(page, user);
  });
});

test("a protected page sends a signed-out visitor to sign in and back", async ({ page }) => {
  const user = newUser("next");
  await signUp(page, user);
  await signOut(page, user);

  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile$/);
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();

  await fillSignIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "Profile", exact: true })).toBeVisible();
  await expectSignedIn(page, user);
});

test("keyboard only: Tab from Email reaches Password, Enter signs in", async ({ page }) => {
  const user = newUser("keys");
  await signUp(page, user);
  await signOut(page, user);

  await page.goto("/sign-in");
  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toBeFocused();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(passwordField(page)).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/\/(sign-in|forgot-password)(\?|$)/);
  await expectSignedIn(page, user);
});

test("bad input gets clear messages", async ({ page }) => {
  await test.step("sign-up: an invalid email and a short password", async () => {
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Work email").fill("not-an-email");
    await passwordField(page).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(formAlert(page)).toHaveText("Please correct the highlighted fields.");
    const email = page.getByLabel("Work email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription("Enter a valid email address, like name@company.com.");
    await expect(email).toHaveValue("not-an-email");
    await expect(email).toBeFocused();
    const password = passwordField(page);
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/Use at least 8 characters\./);
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  await test.step("sign-in: empty fields", async () => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription(
      "Enter your email address.",
    );
    await expect(passwordField(page)).toHaveAccessibleDescription("Enter your password.");
  });

  await test.step("sign-in: a wrong password for a real account", async () => {
    const user = newUser("bad");
    await signUp(page, user);
    await signOut(page, user);
    await fillSignIn(page, user.email, `${user.password}-wrong`);
    await expect(formAlert(page)).toHaveText(INVALID_CREDENTIALS);
    await expect(page).toHaveURL(/\/sign-in(\?|$)/);
    // The email is kept for another try; the password is not.
    await expect(page.getByLabel("Email", { exact: true })).toHaveValue(user.email);
    await expect(passwordField(page)).toHaveValue("");
  });
});

test("changing the sign-in email waits until both addresses confirm it", async ({ page }) => {
  const user = newUser("move");
  const newEmail = `e2e-moved-${Date.now()}-${randomUUID().slice(0, 8)}@example.test`;
  await signUp(page, user);

  const emailOnProfile = () => page.getByLabel("Email", { exact: true });

  await test.step("ask for the change on the profile page", async () => {
    await page.goto("/profile");
    await page.getByLabel("New email").fill(newEmail);
    await page.getByRole("button", { name: "Change email" }).click();
    await expect(page.getByText(`We've sent a confirmation link to ${newEmail}`)).toBeVisible();
    await page.reload();
    await expect(emailOnProfile()).toHaveValue(user.email);
  });

  /** Opens the email-change link emailed to `address`. */
  async function followChangeLink(address: string) {
    const mail = await smtp.waitForMail(address, (m) => m.subject === "Confirm Email Change");
    await page.goto(mail.links[0]!);
    // The link lands on /profile?flash=…; the flash toast then takes the parameter off the address
    // (components/flash-toast.tsx), which on a fast page happens before the first look: the path
    // says where it landed, the toast (checked by the caller) what it said.
    await expect(page).toHaveURL(/\/profile(\?|$)/);
  }

  await test.step("the new address alone changes nothing", async () => {
    await followChangeLink(newEmail);
    await expect(page.getByText("One address confirmed.", { exact: false })).toBeVisible();
    await expect(emailOnProfile()).toHaveValue(user.email);
  });

  await test.step("the current address confirms too: the email changes", async () => {
    await followChangeLink(user.email);
    await expect(page.getByText("Your email address has been changed.")).toBeVisible();
    await expect(emailOnProfile()).toHaveValue(newEmail);
  });

  await test.step("sign in with the new address", async () => {
    await signOut(page, { ...user, email: newEmail });
    await fillSignIn(page, newEmail, user.password);
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await expectSignedIn(page, { ...user, email: newEmail });
  });
});

/** The session @supabase/ssr keeps in this context's cookies (sb-<ref>-auth-token, maybe chunked). */
async function sessionCookie(context: BrowserContext) {
  const chunks = (await context.cookies())
    .filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  expect(chunks.length).toBeGreaterThan(0);
  const name = chunks[0]!.name.replace(/\.\d+$/, "");
  const value = chunks.map((c) => c.value).join("");
  const session = JSON.parse(Buffer.from(value.replace(/^base64-/, ""), "base64url").toString("utf8")) as {
    access_token: string;
    user: { id: string; email: string };
  };
  return { name, chunks, session };
}

/** A token signed (HS256) with the Supabase CLI's public default JWT secret, as an attacker can. */
function forge(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(CLI_JWT_SECRET));
}

test.describe("production refuses what anyone could forge or read (issue #15)", () => {
  test("the stack runs on secrets it generated, kept 0600 in a 0700 folder", () => {
    const dir = path.join(E2E_DATA_DIR, "secrets");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(e2eSecrets().publishableKey).toMatch(/^sb_publishable_/);
    expect(e2eSecrets().publishableKey).not.toBe(CLI_PUBLISHABLE_KEY);
  });

  test("/dev/mailbox is a 404", async ({ page }) => {
    const response = await page.goto("/dev/mailbox");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: /local mailbox/i })).toHaveCount(0);
  });

  test("a session cookie with an HS256 token forged for another user gets the sign-in page", async ({
    browser,
  }) => {
    const victimContext = await browser.newContext();
    const victimPage = await victimContext.newPage();
    const victim = newUser("victim");
    await signUp(victimPage, victim);
    await victimPage.goto("/dashboard");
    await victimPage.waitForURL(/\/o\/[a-z0-9-]+$/);
    const victimOrgPath = new URL(victimPage.url()).pathname;
    const victimId = (await sessionCookie(victimContext)).session.user.id;
    await victimContext.close();

    const attackerContext = await browser.newContext();
    const page = await attackerContext.newPage();
    try {
      const attacker = newUser("attacker");
      await signUp(page, attacker);
      const { name, chunks, session } = await sessionCookie(attackerContext);
      const forged = {
        ...session,
        access_token: await forge({
          sub: victimId,
          role: "authenticated",
          aud: "authenticated",
          email: victim.email,
          user_metadata: { display_name: victim.name },
        }),
        user: { ...session.user, id: victimId, email: victim.email },
      };
      const url = new URL(page.url());
      await attackerContext.clearCookies({ name: new RegExp(`^${name}(\\.\\d+)?$`) });
      await attackerContext.addCookies([
        {
          name,
          value: `base64-${Buffer.from(JSON.stringify(forged)).toString("base64url")}`,
          domain: url.hostname,
          path: "/",
          sameSite: "Lax",
        },
      ]);
      expect(chunks.length).toBeGreaterThan(0);

      await page.goto(victimOrgPath);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
      await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
      await expect(page.getByRole("button", { name: `Account menu for ${victim.name}` })).toHaveCount(0);
    } finally {
      await attackerContext.close();
    }
  });

  test("a service_role token forged the same way does not open the auth admin API", async ({ request }) => {
    const forged = await forge({ role: "service_role", iss: "supabase-demo" });
    const withCliKey = await request.get(`${apiUrl}/admin/users`, {
      headers: { apikey: CLI_SECRET_KEY, authorization: `Bearer ${forged}` },
    });
    expect(withCliKey.status()).toBe(401);
    const withOwnKey = await request.get(`${apiUrl}/admin/users`, {
      headers: { apikey: e2eSecrets().publishableKey, authorization: `Bearer ${forged}` },
    });
    expect(withOwnKey.status()).toBe(403);
    expect(await withOwnKey.text()).toContain("bad_jwt");
  });
});
