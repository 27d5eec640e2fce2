import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrl, newUser, signUp } from "./support/accounts";

/**
 * Hostile input against the real production server (`next start` behind proxy.ts): what Next
 * itself used to answer with a 500 is a 4xx now, and a definition stored before the depth cap,
 * 3,000 levels deep, no longer breaks its builder page.
 */

/** The id Next gave a server action in this build (the manifest `next build` wrote). */
function actionId(name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${name} in this build`);
  return id;
}

test.describe("malformed requests get a 4xx from the real server", () => {
  test("malformed %-escapes in route params answer 400", async ({ request }) => {
    expect((await request.get("/api/v1/executions/%ZZ")).status()).toBe(400);
    const ghl = await request.post("/api/webhooks/ghl/%E0%A4%A", { data: "{}" });
    expect(ghl.status()).toBe(400);
    expect((await ghl.json()).error.message).toMatch(/malformed %-escape/);
  });

  test("a server action from a foreign Origin answers 403, broken bodies 400", async ({
    request,
    baseURL,
  }) => {
    for (const name of ["markNotificationReadAction", "markAllNotificationsReadAction"]) {
      const headers = { "next-action": actionId(name), origin: baseURL!, accept: "text/x-component" };
      const foreign = await request.post("/dashboard", {
        headers: { ...headers, origin: "https://evil.example" },
        multipart: { "1_organization": "x", "0": '["$K1"]' },
      });
      expect(foreign.status(), name).toBe(403);
      const broken = await request.post("/dashboard", {
        headers: { ...headers, "content-type": "multipart/form-data; boundary=XYZ" },
        data: Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"'),
      });
      expect(broken.status(), name).toBe(400);
      const notReact = await request.post("/dashboard", {
        headers: { ...headers, "content-type": "text/plain;charset=UTF-8" },
        data: '["$Q9", {"a": "$@4"}]',
      });
      expect(notReact.status(), name).toBe(400);
      // Well formed, same origin, signed out: the action answers for itself, not with a 500.
      const fine = await request.post("/dashboard", {
        headers,
        multipart: { "1_organization": "x", "0": '["$K1"]' },
      });
      expect(fine.status(), name).toBeLessThan(500);
    }
  });
});

test("a stored definition 3,000 levels deep opens in the builder, trimmed and said so", async ({ page }) => {
  const slug = await signUp(page, newUser("deep"));
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  let deep: unknown = "{{ trigger.body.email }}";
  for (let i = 0; i < 3000; i++) deep = [deep];
  const definition = {
    nodes: [
      { id: "manual_1", type: "manual", position: { x: 0, y: 0 }, data: { config: {} } },
      {
        id: "set_1",
        type: "set",
        position: { x: 0, y: 160 },
        data: { label: "Deep step", config: { values: [], deep } },
      },
    ],
    edges: [
      {
        id: "manual_1.out->set_1.in",
        source: "manual_1",
        sourceHandle: "out",
        target: "set_1",
        targetHandle: "in",
      },
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  };
  let id: string;
  try {
    const [row] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name, definition)
      select id, 'Stored too deep', ${sql.json(definition as never)} from organizations where slug = ${slug}
      returning id`;
    id = row!.id;
  } finally {
    await sql.end();
  }
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`/o/${slug}/workflows/${id}`);
  await expect(page.getByText("Part of this workflow was nested too deeply to open")).toBeVisible();
  await expect(page.getByText(/The settings of Deep step held data nested more than/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Workflow: Stored too deep" })).toBeAttached();
  await expect(page.getByText("This page couldn't be loaded")).toHaveCount(0);
  expect(errors.filter((e) => /call stack/i.test(e))).toEqual([]);
});
