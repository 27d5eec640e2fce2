import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { sql as appPool, type Sql, type UserClaims } from "@/lib/db/client";
import { testSql } from "@/tests/support/db";
import { plantWebhookToken } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const { saveDraftAction } = await import("@/lib/workflows/actions");
const { saveBotFlowAction } = await import("@/lib/chatbots/console-actions");
const runsRoute = await import("@/app/api/v1/workflows/[id]/runs/route");
const chatStart = await import("@/app/api/chat/[botKey]/sessions/route");
const chatMessage = await import("@/app/api/chat/[botKey]/sessions/[id]/messages/route");
const hooksRoute = await import("@/app/api/hooks/[workflowId]/[token]/route");
const stripeRoute = await import("@/app/api/webhooks/stripe/route");
const ghlRoute = await import("@/app/api/webhooks/ghl/[integrationId]/route");

const DEEP = "[".repeat(20_000) + "]".repeat(20_000);
const deepDefinition = JSON.stringify({
  nodes: [{ id: "set_1", type: "set", position: { x: 0, y: 0 }, data: { config: { values: "__DEEP__" } } }],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
}).replace('"__DEEP__"', DEEP);

/**
 * Deep JSON: a server action with a 20,000-deep array never answered and left a pooled connection
 * "idle in transaction" for good; ten of them took the pool. Every boundary now refuses it with a
 * 4xx before any database work, and the pool stays free.
 */
describe("a 20,000-deep JSON array", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let workflowId: string;
  let hookToken: string;
  let bot: { id: string; public_key: string };
  let apiKey: string;

  beforeAll(async () => {
    sql = testSql(2);
    tenant = await createTenant(sql, "Deep");
    const [workflow] = await sql<{ id: string }[]>`
      insert into workflows (organization_id, name) values (${tenant.id}, 'Deep') returning id`;
    workflowId = workflow!.id;
    hookToken = await plantWebhookToken(sql, tenant.id, workflowId);
    const [created] = await sql<{ id: string; public_key: string }[]>`
      insert into bots (organization_id, name, allowed_origins) values (${tenant.id}, 'Deep', '{*}')
      returning id, public_key`;
    bot = created!;
    apiKey = (
      await createApiKey(tenant.members.owner, tenant.id, {
        name: "Deep",
        permissions: ["executions:create"],
      })
    ).secret;
  });
  afterAll(async () => {
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  /** Sessions of the app's pool sitting inside a transaction. */
  const stuck = async () =>
    (
      await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`
    )[0]!.n;

  it("in a server action's form: ten at once all answer 400 at once, no connection left in a transaction", async () => {
    signedIn.claims = tenant.members.owner;
    const save = () => {
      const form = new FormData();
      form.set("organization", tenant.slug);
      form.set("id", workflowId);
      form.set("expected_version", "1");
      form.set("definition", deepDefinition);
      return saveDraftAction(null, form);
    };
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, save));
    expect(Date.now() - started).toBeLessThan(5000);
    for (const result of results)
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: "validation_failed",
          fields: { definition: [expect.stringMatching(/nested too deeply/)] },
        },
      });
    const flow = new FormData();
    flow.set("organization", tenant.slug);
    flow.set("id", bot.id);
    flow.set("expected_version", "0");
    flow.set("definition", deepDefinition);
    expect(await saveBotFlowAction(null, flow)).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    expect(await stuck()).toBe(0);
    // The pool serves everyone else as before.
    const [row] = await appPool()<{ one: number }[]>`select 1 as one`;
    expect(row!.one).toBe(1);
  });

  it("in a body of the REST API, the public chat API and webhooks: 400 with the reason", async () => {
    // 20,000 levels are 40 KB; the chat API takes 8 KB, so it gets 4,000 levels.
    const post = (path: string, headers: Record<string, string> = {}, levels = 20_000) =>
      new NextRequest(`http://localhost${path}`, {
        method: "POST",
        body: `{"input":${"[".repeat(levels)}${"]".repeat(levels)},"text":"hi"}`,
        headers: { "content-type": "application/json", ...headers },
      });
    const answers = await Promise.all([
      runsRoute.POST(post(`/api/v1/workflows/${workflowId}/runs`, { authorization: `Bearer ${apiKey}` }), {
        params: Promise.resolve({ id: workflowId }),
      }),
      chatMessage.POST(
        post(`/api/chat/${bot.public_key}/sessions/x/messages`, { "x-visitor-token": "v".repeat(32) }, 4000),
        {
          params: Promise.resolve({ botKey: bot.public_key, id: "00000000-0000-4000-8000-000000000000" }),
        },
      ),
      hooksRoute.POST(post(`/api/hooks/${workflowId}/${hookToken}?test=1`), {
        params: Promise.resolve({ workflowId, token: hookToken }),
      }),
      stripeRoute.POST(post("/api/webhooks/stripe", { "stripe-signature": "t=1,v1=x" })),
      ghlRoute.POST(post("/api/webhooks/ghl/x"), {
        params: Promise.resolve({ integrationId: crypto.randomUUID() }),
      }),
    ]);
    for (const [i, res] of answers.entries()) {
      expect(res.status, `answer ${i}: ${await res.clone().text()}`).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /nested too deeply/,
      );
    }
    // Starting a chat takes no body; a deep one is still only read within its size cap.
    const start = await chatStart.POST(post(`/api/chat/${bot.public_key}/sessions`), {
      params: Promise.resolve({ botKey: bot.public_key }),
    });
    expect(start.status).toBeLessThan(500);
    expect(await stuck()).toBe(0);
  });
});
