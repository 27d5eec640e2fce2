import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { Page } from "@playwright/test";

/**
 * Sign-up and page helpers the e2e specs share. Support code, not a spec: Playwright collects only
 * `*.spec.ts` (playwright.config.ts `testMatch`).
 */

/** The e2e stack's data folder (playwright.config.ts ORGFLOW_DATA_DIR). */
export const E2E_DATA_DIR = path.resolve(".local", "e2e");

/** The e2e stack's generated secrets (.local/e2e/secrets/secrets.json), written when it started. */
export function e2eSecrets(): { databaseSuperuserPassword: string; publishableKey: string } {
  return JSON.parse(readFileSync(path.join(E2E_DATA_DIR, "secrets", "secrets.json"), "utf8"));
}

/**
 * The e2e stack's database as its superuser (scripts/dev.ts --prod), for setting up what the UI
 * cannot. The password is the one the stack generated on its first start.
 */
export function e2eDatabaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const password = encodeURIComponent(e2eSecrets().databaseSuperuserPassword);
  return `postgresql://postgres:${password}@127.0.0.1:${process.env.E2E_DB_PORT ?? "54332"}/postgres`;
}

export type TestUser = { name: string; email: string; password: string };

/** A user nobody has signed up yet; `emailPrefix` tells a spec's users apart in the mailbox. */
export function newUser(tag: string, emailPrefix = "e2e"): TestUser {
  const id = randomUUID().slice(0, 8);
  return {
    name: `E2E ${tag} ${id}`,
    email: `${emailPrefix}-${tag}-${Date.now()}-${id}@example.test`,
    password: `correct horse ${id}`,
  };
}

/** Fills in and sends the sign-up form already on the page. */
export async function fillSignUp(page: Page, user: TestUser) {
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/**
 * Signs up through the UI; returns the slug of the personal organization. By default waits to land
 * on it straight from sign-up; `viaDashboard` instead waits to leave /sign-up wherever that leads,
 * then opens /dashboard, which goes to the personal organization.
 */
export async function signUp(
  page: Page,
  user: TestUser,
  { viaDashboard = false }: { viaDashboard?: boolean } = {},
): Promise<string> {
  await page.goto("/sign-up");
  await fillSignUp(page, user);
  if (viaDashboard) {
    await page.waitForURL((url) => url.pathname !== "/sign-up");
    await page.goto("/dashboard");
    await page.waitForURL(/\/o\/[^/]+$/);
  } else {
    await page.waitForURL(/\/o\/[a-z0-9-]+$/);
  }
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** The organization's own navigation (the sidebar). */
export const orgNav = (page: Page) => page.getByRole("navigation", { name: /sections$/ });

/** A toast (sonner) with this text. */
export const toast = (page: Page, text: string | RegExp) =>
  page.locator("[data-sonner-toast]").filter({ hasText: text });

/**
 * Adds a signed-up user to an organization with a role straight in the database: what accepting an
 * invitation does (the organizations spec covers that flow through the UI).
 */
export async function addMember(slug: string, email: string, role: string) {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into organization_members (organization_id, user_id, role)
      select o.id, u.id, ${role} from organizations o, auth.users u where o.slug = ${slug} and u.email = ${email}`;
  } finally {
    await sql.end();
  }
}
