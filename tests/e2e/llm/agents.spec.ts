import { newUser, signUp } from "../support/accounts";
import { builder, canvasNode, connect, dragStep, handle, selectStep, stepSettings } from "../support/canvas";
import { expect, test } from "../support/csp";

/**
 * Agents end to end (run by playwright.llm.config.ts, against the LLM test server): an agent is
 * created from the empty agents page, tried in the playground (the answer streamed, the run's
 * tokens and cost shown), picked by a workflow's AI step instead of a prompt, and both runs are
 * listed on the agent's page with their totals.
 */

test.use({ viewport: { width: 1600, height: 900 } });
test.describe.configure({ timeout: 300_000 });

// The test server's answer costs 100 tokens in and 20 out on gpt-4o-mini ($0.15 / $0.60 per million).
const ONE_RUN = "$0.000027";

test("create an agent, try it in the playground, use it in a workflow step, see its runs and cost", async ({
  page,
}) => {
  const slug = await signUp(page, newUser("agents"), { viaDashboard: true });
  let agentPath = "";

  await test.step("create an agent from the empty agents page", async () => {
    await page.getByRole("link", { name: "Agents" }).click();
    await expect(page.getByRole("heading", { name: "No agents yet" })).toBeVisible();
    await page.getByRole("link", { name: "New agent" }).click();
    await page.getByLabel("Name").fill("Lead scorer");
    await page.getByLabel("Instructions").fill("You rate sales leads from 0 to 100. Be brief.");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
    agentPath = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { name: "Lead scorer" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
  });

  await test.step("the playground streams the answer and shows the run's cost", async () => {
    await page.getByLabel("Message").fill("Rate Ann, a roofing lead from the website.");
    await page.getByRole("button", { name: "Run" }).click();
    await expect(page.getByLabel("Answer", { exact: true })).toHaveText("NO_ANSWER");
    await expect(page.getByTestId("playground-usage")).toContainText(`100 tokens in, 20 out · ${ONE_RUN}`);
    const runs = page.getByRole("region", { name: "Runs" });
    await expect(runs.getByRole("row", { name: /Playground/ })).toBeVisible();
  });

  await test.step("a workflow's AI step picks the agent and runs it", async () => {
    await page.goto(`/o/${slug}/workflows/new`);
    await page.getByLabel("Name").fill("Score new leads");
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    await expect(builder(page)).toHaveAttribute("data-ready", "true");
    await dragStep(page, "Manual start", { x: 150, y: 260 });
    await dragStep(page, "AI agent", { x: 550, y: 260 });
    await connect(page, handle(page, "manual_1", "out"), handle(page, "ai_agent_1", "in"));
    await expect(page.locator(".react-flow__edge")).toHaveCount(1);
    await selectStep(page, "ai_agent_1");
    await stepSettings(page)
      .getByRole("combobox", { name: /^Agent/ })
      .selectOption({ label: "Lead scorer" });
    await expect(stepSettings(page).getByRole("combobox", { name: /^Model/ })).toHaveCount(0);
    await stepSettings(page).getByRole("combobox", { name: "Prompt" }).fill("Rate {{ trigger.input.name }}");
    await expect(page.locator("[data-save-status]")).toHaveAttribute("data-save-status", "saved", {
      timeout: 20_000,
    });
    await page.getByRole("button", { name: "Test run", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Test the draft" });
    await dialog.getByLabel("Test input").fill('{"name":"Bea"}');
    await dialog.getByRole("checkbox", { name: /^Run “.*” for real/ }).check();
    await dialog.getByRole("button", { name: "Start test run" }).click();
    await expect(canvasNode(page, "ai_agent_1").locator("[data-run-status]")).toHaveAttribute(
      "data-run-status",
      "completed",
      { timeout: 60_000 },
    );
  });

  await test.step("the agent's page lists both runs with their cost and the totals", async () => {
    await page.goto(agentPath);
    const runs = page.getByRole("region", { name: "Runs" });
    await expect(runs.getByRole("row", { name: /Workflow/ })).toBeVisible();
    await expect(runs.getByRole("row", { name: /Playground/ })).toBeVisible();
    await expect(runs.getByRole("row", { name: /Workflow/ })).toContainText(ONE_RUN);
    const totals = page.locator('dl[aria-label="Totals"]');
    await expect(totals).toContainText("Runs2");
    await expect(totals).toContainText("Tokens200 in, 40 out");
    await expect(totals).toContainText("Cost$0.000054");
  });
});
