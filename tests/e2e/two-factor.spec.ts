import type { Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { newUser, signUp, type TestUser } from "./support/accounts";
import { expect, test } from "./support/csp";

/**
 * Two-factor authentication through the UI: enrolment on the profile (QR code, key, first code,
 * recovery codes shown once), then a keyboard-only sign-in that asks for the code after the
 * password. Codes are made here from the key the page shows, with the same TOTP library.
 */

function codeFor(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });
}

async function signOut(page: Page, user: TestUser) {
  await page.getByRole("button", { name: `Account menu for ${user.name}` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
}

test("turn on two-factor authentication, then sign in with the keyboard and a code", async ({ page }) => {
  test.setTimeout(180_000); // sign-up, enrolment, two sign-ins and a password change
  const user = newUser("totp");
  await signUp(page, user);
  let secret = "";

  await test.step("enrol on the profile", async () => {
    await page.goto("/profile");
    const section = page.getByRole("region", { name: "Two-factor authentication" });
    await section.getByRole("button", { name: "Set up two-factor authentication" }).click();
    const qr = section.getByRole("img", { name: /QR code/ });
    await expect(qr).toBeVisible();
    // Drawn, not a broken image.
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    secret = (await section.getByTestId("totp-secret").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await section.getByLabel("Code from the app").fill("000000" === codeFor(secret) ? "111111" : "000000");
    await section.getByRole("button", { name: "Turn on" }).click();
    await expect(section.getByLabel("Code from the app")).toHaveAccessibleDescription(/isn't right/);

    await section.getByLabel("Code from the app").fill(codeFor(secret));
    await section.getByRole("button", { name: "Turn on" }).click();
    await expect(section.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
    await expect(section.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
    await section.getByRole("button", { name: "I've saved them" }).click();
    await expect(section.getByText("Status: On")).toBeVisible();
    await expect(section.getByText("10 recovery codes left.")).toBeVisible();
    const sessions = page.getByRole("region", { name: "Where you're signed in" });
    await expect(sessions.getByTestId("session-row").filter({ hasText: "This device" })).toHaveCount(1);
  });

  await test.step("keyboard only: email, Tab, password, Enter, then the code and Enter", async () => {
    await signOut(page, user);
    await page.goto("/sign-in?next=%2Fprofile");
    await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
    await page.keyboard.type(user.email);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");

    // Server actions and the redirect after them: slower than one expect's default on a busy machine.
    await expect(page).toHaveURL(/\/sign-in\/verify\?next=%2Fprofile$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
    // Nothing signed-in opens before the code.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/sign-in\/verify/);
    await page.goto("/sign-in/verify?next=%2Fprofile");
    const code = page.getByLabel("Authentication code");
    await expect(code).toBeFocused();
    // The enrolment used this time step's code; a code is good once, so the next step's is typed.
    await page.keyboard.type(codeFor(secret, 1));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/profile$/, { timeout: 30_000 });
    await expect(
      page.getByRole("region", { name: "Two-factor authentication" }).getByText("Status: On"),
    ).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Where you're signed in" }).getByText("Two-factor").first(),
    ).toBeVisible();
  });

  await test.step("change the password with the current one", async () => {
    const section = page.getByRole("region", { name: "Password", exact: true });
    await section.getByLabel("Current password", { exact: true }).fill("not my password");
    await section.getByLabel("New password", { exact: true }).fill(`${user.password} two`);
    await section.getByLabel("Repeat new password").fill(`${user.password} two`);
    await section.getByRole("button", { name: "Change password" }).click();
    await expect(section.getByLabel("Current password", { exact: true })).toHaveAccessibleDescription(
      "That isn't your current password.",
    );
    await section.getByLabel("Current password", { exact: true }).fill(user.password);
    await section.getByLabel("New password", { exact: true }).fill(`${user.password} two`);
    await section.getByLabel("Repeat new password").fill(`${user.password} two`);
    await section.getByRole("button", { name: "Change password" }).click();
    await expect(section.getByText("Your password has been changed.")).toBeVisible();
  });
});
