import { expect, test } from "@playwright/test";
import { addMember, newUser, signUp, toast } from "./support/accounts";

/**
 * Issue 20, item 11: an owner makes a role beyond the five, gives it to a member, and grants or
 * revokes single permissions for that member; the member's pages follow at once (the one
 * permission function answers RLS and the UI alike). The audit log says what happened.
 */

test.describe.configure({ timeout: 180_000 });

test("an owner makes a custom role, gives it to a member and makes exceptions for them", async ({
  page,
  browser,
}) => {
  const owner = newUser("roles-owner");
  const member = newUser("roles-member");
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signUp(memberPage, member, { viaDashboard: true });
  const slug = await signUp(page, owner, { viaDashboard: true });
  await addMember(slug, member.email, "viewer");

  await test.step("the member, a viewer, cannot create workflows", async () => {
    await memberPage.goto(`/o/${slug}/workflows`);
    await expect(memberPage.getByRole("heading", { name: "Workflows", exact: true })).toBeVisible();
    await expect(memberPage.getByRole("link", { name: "New workflow" })).toHaveCount(0);
  });

  await test.step("the owner creates the role Workflow editor from the viewer's permissions", async () => {
    await page.goto(`/o/${slug}/settings/permissions`);
    await page.getByRole("navigation", { name: "Roles" }).getByRole("link", { name: "New role" }).click();
    await page.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByText("Give the role a name.")).toBeVisible();
    await page.getByLabel("Name").fill("Workflow editor");
    await page.getByLabel("What it is for").fill("Builds automations, nothing else changes.");
    await page.getByLabel("Start from").selectOption({ label: "Viewer" });
    await page.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByRole("heading", { name: "Workflow editor", level: 2 })).toBeVisible();
    await expect(page).toHaveURL(/role=[0-9a-f-]{36}/);
    const create = page.getByRole("checkbox", { name: "Workflow editor: Create Workflows" });
    await expect(create).not.toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Workflow editor: Read Workflows" })).toBeChecked();
    await create.check();
    await expect(page.getByText("Saving…")).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Workflow editor: Create Workflows" })).toBeChecked();
    await expect(
      page.getByRole("navigation", { name: "Roles" }).getByRole("link", { name: "Workflow editor" }),
    ).toHaveAttribute("aria-current", "page");
  });

  await test.step("the owner gives it to the member, and revokes one permission for them alone", async () => {
    await page.goto(`/o/${slug}/members`);
    await page.getByRole("link", { name: `${member.name}: permissions` }).click();
    await expect(page.getByRole("heading", { name: `${member.name}'s permissions` })).toBeVisible();
    await page.getByLabel("Permissions come from").selectOption({ label: "Custom role: Workflow editor" });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(toast(page, "Role changed.")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: `${member.name}: Create Workflows` })).toBeChecked();
    const contacts = page.getByRole("checkbox", { name: `${member.name}: Read Contacts` });
    await expect(contacts).toBeChecked();
    await contacts.uncheck();
    await expect(
      page.getByRole("checkbox", { name: `${member.name}: Read Contacts (revoked for this member)` }),
    ).not.toBeChecked();
    await expect(page.getByText("1 exception to their role")).toBeVisible();
    await page.reload();
    await expect(page.locator('[data-override="Revoked"]')).toHaveCount(1);
    await page.goto(`/o/${slug}/members`);
    await expect(page.getByText("Workflow editor", { exact: true })).toBeVisible();
  });

  await test.step("the member's pages follow: workflows can be created, contacts are out of reach", async () => {
    await memberPage.goto(`/o/${slug}/workflows`);
    await expect(memberPage.getByRole("link", { name: "New workflow" }).first()).toBeVisible();
    await memberPage.goto(`/o/${slug}/contacts`);
    await expect(
      memberPage.getByRole("heading", { name: "You don't have access to this page" }),
    ).toBeVisible();
    // Nobody changes their own permissions.
    await memberPage.goto(`/o/${slug}/members`);
    await expect(memberPage.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
  });

  await test.step("the audit log says who did what", async () => {
    await page.goto(`/o/${slug}/audit-log`);
    await expect(page.getByText("created the role Workflow editor")).toBeVisible();
    await expect(page.getByText(/gave .* a custom role/)).toBeVisible();
    await expect(page.getByText(/changed .*'s own permissions/)).toBeVisible();
  });

  await test.step("deleting the role asks first and puts the member back on their role", async () => {
    await page.goto(`/o/${slug}/settings/permissions`);
    await page
      .getByRole("navigation", { name: "Roles" })
      .getByRole("link", { name: "Workflow editor" })
      .click();
    await page.getByRole("button", { name: "Delete role" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the role “Workflow editor”?" });
    await expect(dialog.getByText("1 member has this role.", { exact: false })).toBeVisible();
    await dialog.getByRole("button", { name: "Delete role" }).click();
    await expect(toast(page, /Role “Workflow editor” deleted/)).toBeVisible();
    await memberPage.goto(`/o/${slug}/workflows`);
    await expect(memberPage.getByRole("heading", { name: "Workflows", exact: true })).toBeVisible();
    await expect(memberPage.getByRole("link", { name: "New workflow" })).toHaveCount(0);
  });
  await memberContext.close();
});
