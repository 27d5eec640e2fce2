import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-server";
import { expect, test } from "./support/csp";
import {
  fillSignUp,
  newUser as newTestUser,
  orgNav,
  signUp as signUpThroughUi,
  toast,
  type TestUser,
} from "./support/accounts";

/**
 * Organizations through the UI (issue 3), against the production build and the local stack: the
 * personal organization made at sign-up, creating another, inviting by email (sent through SMTP
 * to a local test server: production has no mailbox page), accepting as a new user in a second
 * browser, roles deciding what a member sees, and removal taking access away at once. Every test
 * signs up its own users.
 */

const newUser = (tag: string) => newTestUser(tag, "e2e-org");

let smtp: SmtpTestServer;
test.beforeAll(async () => {
  smtp = await startSmtpTestServer({ port: Number(process.env.E2E_SMTP_PORT ?? 12125) });
});
test.afterAll(async () => {
  await smtp?.close();
});

/** A slug nobody else has: lowercase letters, digits and hyphens. */
function uniqueSlug(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
}

/** Signs up and lands on the personal organization's dashboard. */
async function signUp(page: Page, user: TestUser): Promise<string> {
  const slug = await signUpThroughUi(page, user);
  await expect(page.getByRole("heading", { level: 1, name: `${user.name}'s workspace` })).toBeVisible();
  return slug;
}

async function createOrganization(page: Page, name: string, slug: string) {
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("URL name").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
}

async function openMemberMenu(page: Page, memberName: string) {
  await page.getByRole("button", { name: `Actions for ${memberName}` }).click();
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("create an organization, invite someone, change their role, remove them", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const owner = newUser("owner");
  const member = newUser("member");
  const orgName = `Acme ${randomUUID().slice(0, 6)}`;
  const slug = uniqueSlug("acme");

  await test.step("sign-up lands on the personal organization's dashboard", async () => {
    await signUp(page, owner);
    await expect(page.getByText("Your role")).toBeVisible();
    await expect(orgNav(page).getByRole("link", { name: "Members" })).toBeVisible();
  });

  await test.step("create a second organization from the switcher", async () => {
    await page.getByRole("button", { name: /Switch organization/ }).click();
    await page.getByRole("menuitem", { name: "Create organization" }).click();
    await expect(page).toHaveURL(/\/organizations\/new$/);
    await page.getByLabel("Organization name").fill(orgName);
    await page.getByLabel("URL name").fill(slug);
    await expect(page.getByText(`/o/${slug}`)).toBeVisible();
    await page.getByRole("button", { name: "Create organization" }).click();
    // The notice comes along with the redirect (?flash=…), which is then tidied from the address.
    await expect(toast(page, "Your organization is ready")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));
    await expect(page.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
    const checklist = page.getByRole("region", { name: "Get started with Orgflow" });
    await expect(checklist).toContainText("0 of 5 done");
    await expect(checklist.getByRole("link", { name: "Invite people" })).toHaveAttribute(
      "href",
      `/o/${slug}/members`,
    );
  });

  await test.step("invite the member as a viewer", async () => {
    await orgNav(page).getByRole("link", { name: "Members" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await page.getByLabel("Email address").fill(member.email);
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(toast(page, `Invitation sent to ${member.email}.`)).toBeVisible();
    const invitations = page.getByRole("region", { name: "Open invitations" });
    await expect(invitations.getByRole("cell", { name: member.email, exact: true })).toBeVisible();
  });

  await test.step("the dashboard ticks the invitation, says it in a sentence, and the checklist goes away", async () => {
    await orgNav(page).getByRole("link", { name: "Dashboard" }).click();
    const checklist = page.getByRole("region", { name: "Get started with Orgflow" });
    await expect(checklist).toContainText("1 of 5 done");
    await expect(checklist.getByRole("link", { name: "Invite people" })).toHaveCount(0);
    await expect(page.getByText(`${owner.name} invited ${member.email} as Viewer`)).toBeVisible();
    await checklist.getByRole("button", { name: "Dismiss" }).click();
    await expect(checklist).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
    await expect(page.getByRole("region", { name: "Get started with Orgflow" })).toHaveCount(0);
  });

  const memberPage = await newPage(browser);

  await test.step("the invitation arrives by email and its link opens the invitation", async () => {
    const mail = await smtp.waitForMail(member.email, (m) => m.subject.includes(`invited you to ${orgName}`));
    await memberPage.goto(mail.links[0]!);
    await expect(memberPage).toHaveURL(/\/invitations\/[A-Za-z0-9_-]+$/);
    await expect(memberPage.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
    await expect(memberPage.getByRole("definition").filter({ hasText: member.email })).toBeVisible();
    await expect(memberPage.getByText("Viewer", { exact: true })).toBeVisible();
  });

  await test.step("the member signs up with the invited address and accepts", async () => {
    const invitationUrl = memberPage.url();
    await memberPage.getByRole("link", { name: "Create account" }).click();
    await expect(memberPage).toHaveURL(/\/sign-up\?/);
    await expect(memberPage.getByLabel("Work email")).toHaveValue(member.email);
    await fillSignUp(memberPage, member);
    await memberPage.waitForURL(invitationUrl);
    await memberPage.getByRole("button", { name: `Accept and join ${orgName}` }).click();
    await expect(toast(memberPage, "You've joined the organization")).toBeVisible();
    await expect(memberPage).toHaveURL(new RegExp(`/o/${slug}$`));
    // Joining through the invitation made no personal workspace nobody asked for.
    await memberPage.getByRole("button", { name: /Switch organization/ }).click();
    await expect(memberPage.getByRole("menuitem", { name: new RegExp(orgName) })).toBeVisible();
    await expect(memberPage.getByRole("menuitem", { name: /workspace/ })).toHaveCount(0);
    await memberPage.keyboard.press("Escape");
    await expect(memberPage.getByRole("heading", { level: 1, name: orgName })).toBeVisible();
    // Setting the organization up is for those who run it: a viewer gets no checklist.
    await expect(memberPage.getByRole("region", { name: "Get started with Orgflow" })).toHaveCount(0);
    // A viewer reads members and the team, and has no settings.
    await expect(orgNav(memberPage).getByRole("link", { name: "Team" })).toBeVisible();
    await expect(orgNav(memberPage).getByRole("link", { name: "API keys" })).toHaveCount(0);
  });

  await test.step("the owner makes the member a sales rep", async () => {
    await orgNav(page).getByRole("link", { name: "Members" }).click();
    const row = page.getByRole("row").filter({ hasText: member.email });
    await expect(row.getByText("Viewer")).toBeVisible();
    await openMemberMenu(page, member.name);
    await page.getByRole("menuitem", { name: "Change role" }).click();
    const dialog = page.getByRole("dialog", { name: `Change ${member.name}'s role` });
    await dialog.getByLabel("Role").selectOption("sales");
    await dialog.getByRole("button", { name: "Change role" }).click();
    await expect(dialog).toBeHidden();
    await expect(toast(page, "Role changed to Sales.")).toBeVisible();
    await expect(row.getByText("Sales", { exact: true })).toBeVisible();
  });

  await test.step("the sales rep sees only what the role allows", async () => {
    await memberPage.goto(`/o/${slug}`);
    const nav = orgNav(memberPage);
    await expect(nav.getByRole("link", { name: "Team" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Members" })).toBeVisible();
    for (const hidden of ["General", "Permissions", "API keys", "Audit log"]) {
      await expect(nav.getByRole("link", { name: hidden })).toHaveCount(0);
    }
    await expect(memberPage.getByText("Settings", { exact: true })).toHaveCount(0);

    // The refusal streams in under the loading skeleton, so it arrives with a 200 (and noindex):
    // the page is what counts.
    await memberPage.goto(`/o/${slug}/settings/api-keys`);
    await expect(
      memberPage.getByRole("heading", { name: "You don't have access to this page" }),
    ).toBeVisible();

    await memberPage.goto(`/o/${slug}/team`);
    await expect(memberPage.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
    // Sales may read the team but not add to it.
    await expect(memberPage.getByRole("button", { name: "Add team member" })).toHaveCount(0);
  });

  await test.step("the owner removes the member", async () => {
    await openMemberMenu(page, member.name);
    await page.getByRole("menuitem", { name: "Remove from organization" }).click();
    const dialog = page.getByRole("dialog", { name: `Remove ${member.name}?` });
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect(toast(page, "Member removed.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: member.email })).toHaveCount(0);
  });

  await test.step("the removed member loses access at once", async () => {
    await memberPage.reload();
    await expect(memberPage.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    // With no organization left, the dashboard offers to create one.
    await memberPage.goto("/dashboard");
    await expect(memberPage.getByRole("heading", { name: "You're not in any organization" })).toBeVisible();
    await expect(memberPage.getByRole("link", { name: "Create organization" })).toBeVisible();
  });

  await memberPage.context().close();
});

test("bad input is explained: a taken URL name, an invalid or existing email", async ({ page }) => {
  const owner = newUser("input");
  const slug = uniqueSlug("taken");
  await signUp(page, owner);

  await createOrganization(page, "First Org", slug);
  await expect(page).toHaveURL(new RegExp(`/o/${slug}$`));

  await test.step("a URL name that is taken", async () => {
    await createOrganization(page, "Second Org", slug);
    const slugField = page.getByLabel("URL name");
    await expect(page.getByText(`The URL name "${slug}" is taken. Try another.`)).toBeVisible();
    await expect(slugField).toHaveAttribute("aria-invalid", "true");
    await expect(slugField).toHaveValue(slug);
    await expect(page).toHaveURL(/\/organizations\/new$/);
  });

  await test.step("a URL name with characters it cannot have", async () => {
    await page.getByLabel("URL name").fill("Not OK!");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText("Use lowercase letters, digits and hyphens only.")).toBeVisible();
  });

  await test.step("an email address that is not one", async () => {
    await page.goto(`/o/${slug}/members`);
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText("Enter a valid email address.")).toBeVisible();
    await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  });

  await test.step("someone who is already a member", async () => {
    await page.getByLabel("Email address").fill(owner.email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`${owner.email} is already a member of this organization.`)).toBeVisible();
  });
});

test("the team, CSV import, permissions, API keys, settings and the audit log", async ({ page, request }) => {
  test.setTimeout(180_000);
  const owner = newUser("admin");
  let slug = await signUp(page, owner);

  await test.step("add and edit a team member", async () => {
    await page.goto(`/o/${slug}/team`);
    await expect(page.getByRole("heading", { name: "No team members yet" })).toBeVisible();
    await page.getByRole("button", { name: "Add team member" }).click();
    const add = page.getByRole("dialog", { name: "Add a team member" });
    await add.getByLabel("Full name").fill("Ana Lima");
    await add.getByLabel("Email").fill("ana@example.com");
    await add.getByLabel("GoHighLevel user ID").fill("ghl_1");
    await add.getByLabel("Rate (%)").fill("10");
    await add.getByRole("button", { name: "Add team member" }).click();
    await expect(toast(page, "Ana Lima has been added to the team.")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "ana@example.com" });
    await expect(row.getByRole("cell", { name: "10%" })).toBeVisible();

    await page.getByRole("button", { name: "Edit Ana Lima" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Ana Lima" });
    await expect(edit.getByLabel("GoHighLevel user ID")).toHaveValue("ghl_1");
    await edit.getByLabel("Full name").fill("Ana Lima Souza");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(toast(page, "Ana Lima Souza has been saved.")).toBeVisible();
    await expect(row.getByText("Ana Lima Souza")).toBeVisible();
  });

  await test.step("import a CSV: good lines are imported, bad ones listed with their line numbers", async () => {
    await page
      .getByLabel("Or paste the rows")
      .fill(
        [
          "full_name,email,external_id,commission_rate",
          "Bo Diaz,bo@example.com,ghl_2,5",
          ",nobody@example.com,,",
          "Cy Park,not-an-email,,",
          "Di Moss,di@example.com,ghl_1,",
        ].join("\n"),
      );
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByText("Imported 1 team member.").first()).toBeVisible();
    const problems = page.getByRole("table", { name: "Lines that were not imported" });
    await expect(problems.getByRole("row").filter({ hasText: "Enter a name." })).toContainText("3");
    await expect(problems.getByRole("row").filter({ hasText: "Enter a valid email address." })).toContainText(
      "4",
    );
    await expect(problems.getByRole("row").filter({ hasText: 'external id "ghl_1"' })).toContainText("5");
    await expect(page.getByRole("row").filter({ hasText: "bo@example.com" })).toBeVisible();
  });

  await test.step("delete a team member after confirming", async () => {
    await page.getByRole("button", { name: "Delete Bo Diaz" }).click();
    await page
      .getByRole("dialog", { name: "Delete Bo Diaz?" })
      .getByRole("button", { name: "Delete team member" })
      .click();
    await expect(toast(page, "Team member deleted.")).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "bo@example.com" })).toHaveCount(0);
  });

  await test.step("grant a permission to a role, then reset the role", async () => {
    await page.goto(`/o/${slug}/settings/permissions?role=viewer`);
    const box = page.getByRole("checkbox", { name: "Viewer: Create Members" });
    await expect(box).not.toBeChecked();
    await box.check();
    await expect(page.getByText("Changes save as you tick")).toBeVisible();
    await page.reload();
    await expect(box).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Owner: Delete Organization" })).toHaveCount(0);

    await page.getByRole("button", { name: "Reset to defaults" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Reset to defaults" }).click();
    await expect(toast(page, "Viewer permissions are back to the defaults.")).toBeVisible();
    await expect(box).not.toBeChecked();
  });

  await test.step("create an API key, use it, revoke it", async () => {
    await page.goto(`/o/${slug}/settings/api-keys`);
    await page.getByLabel("Name").fill("CI");
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("dialog", { name: "Your new key “CI”" });
    await expect(shown.getByText("Copy it now. You won't see it again.")).toBeVisible();
    const secret = await shown.getByLabel("API key").inputValue();
    expect(secret).toMatch(/^of_[0-9a-f]{10}_/);

    const me = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).key.name).toBe("CI");

    await shown.getByRole("button", { name: "I've stored it safely" }).click();
    await expect(shown).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: "CI" });
    await expect(row.getByText("Active")).toBeVisible();
    await row.getByRole("button", { name: "Revoke CI" }).click();
    await page
      .getByRole("dialog", { name: "Revoke “CI”?" })
      .getByRole("button", { name: "Revoke key" })
      .click();
    await expect(row.getByText("Revoked")).toBeVisible();
    const refused = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
  });

  await test.step("change the URL name: the organization moves to its new address", async () => {
    const oldSlug = slug;
    slug = uniqueSlug("moved");
    await page.goto(`/o/${oldSlug}/settings`);
    // Typed before the page is interactive, the text would be reset by hydration: type until the
    // preview follows.
    await expect(async () => {
      await page.getByLabel("URL name").fill(slug);
      await expect(page.getByText(`/o/${slug}`)).toBeVisible({ timeout: 1000 });
    }).toPass();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(toast(page, "The organization's settings have been saved.")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/o/${slug}/settings$`));
    const gone = await page.goto(`/o/${oldSlug}`);
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    // A real 404, not a 200 page that says so (the organization is checked before anything streams).
    expect(gone?.status()).toBe(404);
    // Inside the signed-in layout: its header once, and one main landmark.
    await expect(page.getByRole("banner")).toHaveCount(1);
    await expect(page.getByRole("main")).toHaveCount(1);
  });

  await test.step("settings sections save on their own and check what is typed", async () => {
    await page.goto(`/o/${slug}/settings`);
    const regional = page.getByRole("region", { name: "Time zone and currency" });
    await regional.getByLabel("Time zone").selectOption("Europe/Lisbon");
    await regional.getByLabel("Currency").selectOption("EUR");
    await regional.getByRole("button", { name: "Save" }).click();
    await expect(toast(page, "Time zone and currency saved.")).toBeVisible();
    const network = page.getByRole("region", { name: "Network access for workflow steps" });
    await network.getByLabel("Allow HTTP steps to call private network addresses").check();
    await network.getByRole("button", { name: "Save" }).click();
    await expect(toast(page, "Network access for workflow steps saved.")).toBeVisible();
    const branding = page.getByRole("region", { name: "Branding" });
    await branding.getByLabel("Brand colour", { exact: true }).fill("not a colour");
    await branding.getByRole("button", { name: "Save" }).click();
    await expect(branding.getByText("A colour is written #rrggbb")).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole("region", { name: "Time zone and currency" }).getByLabel("Currency"),
    ).toHaveValue("EUR");
    await expect(page.getByLabel("Allow HTTP steps to call private network addresses")).toBeChecked();
  });

  await test.step("the audit log shows who changed what, filtered and in detail", async () => {
    await page.goto(`/o/${slug}/audit-log`);
    await page.getByLabel("What", { exact: true }).selectOption("team_members");
    await page.getByLabel("Change", { exact: true }).selectOption("update");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/resource=team_members/);
    const entry = page.getByRole("article").filter({ hasText: "updated Ana Lima Souza's team details" });
    await expect(entry).toContainText(owner.name);
    await entry.getByText("1 field changed").click();
    await expect(entry.getByRole("definition")).toContainText("Ana Lima");
    await expect(entry.getByRole("definition")).toContainText("Ana Lima Souza");
    await expect(page.getByRole("article").filter({ hasText: "created" })).toHaveCount(0);
  });
});
