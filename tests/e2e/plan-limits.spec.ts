import postgres from "postgres";
import { e2eDatabaseUrl, newUser, signUp } from "./support/accounts";
import { expect, test } from "./support/csp";

/** A plan limit is explained with the way out: at the Free plan's workflow limit, "See plans". */

test("a Free organization at its workflow limit is shown its plans", async ({ page }) => {
  const slug = await signUp(page, newUser("limits"));
  // The Free plan's five workflows, made in the database (the builder spec covers making one).
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into workflows (organization_id, name)
      select o.id, 'Workflow ' || n from organizations o, generate_series(1, o.max_workflows) n
      where o.slug = ${slug}`;
  } finally {
    await sql.end();
  }

  await page.goto(`/o/${slug}/workflows/new`);
  await page.getByLabel("Name").fill("One too many");
  await page.getByRole("button", { name: "Create workflow" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Upgrade your plan" });
  await expect(alert).toBeVisible();
  const plans = alert.getByRole("link", { name: "See plans" });
  await expect(plans).toHaveAttribute("href", `/o/${slug}/billing`);
  await plans.click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
});
