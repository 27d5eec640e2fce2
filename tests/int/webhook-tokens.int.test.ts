import { createHmac, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as hookRoute from "@/app/api/hooks/[workflowId]/[token]/route";
import { CLI_SECRET_KEY } from "@/lib/config/well-known";
import { withServiceRoleBypassingRls, withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { issueWebhookToken } from "@/lib/workflows/webhook-tokens";
import { testSql } from "@/tests/support/db";
import { createWorkflow, definition, webhookHook } from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// Server actions read the session: the signed-in member's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));
const { publishWorkflowAction, rotateWebhookUrlAction } = await import("@/lib/workflows/actions");

/**
 * Webhook URLs (issue #15, item 4) attacked through the route handler: the old HMAC-of-the-id URL
 * computed with the public default key, another workflow's token, a rotated token, a workflow
 * whose trigger is not a webhook, the wrong HTTP method, and a member who may not edit rotating.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function call(
  workflowId: string,
  token: string,
  init: { method?: Method; query?: string; body?: unknown } = {},
) {
  const method = init.method ?? "POST";
  const hasBody = method !== "GET" && init.body !== undefined;
  const request = new NextRequest(`http://localhost/api/hooks/${workflowId}/${token}${init.query ?? ""}`, {
    method,
    headers: hasBody ? { "content-type": "application/json" } : {},
    body: hasBody ? JSON.stringify(init.body) : undefined,
  });
  return hookRoute[method](request, { params: Promise.resolve({ workflowId, token }) });
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const webhookThenSet = (method: Method = "POST") =>
  definition(
    [
      { id: "webhook_1", type: "webhook", config: { method, require_secret: true, sample_body: "" } },
      {
        id: "set_1",
        type: "set",
        config: { fields: [{ name: "hello", value: "Hi {{ trigger.body.name }}" }] },
      },
    ],
    [["webhook_1", "set_1"]],
  );

describe("webhook URLs", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    sql = testSql(6);
    [a, b] = await Promise.all([createTenant(sql, "HooksA"), createTenant(sql, "HooksB")]);
  });
  afterAll(async () => {
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  it("refuses the URL anyone could compute (HMAC of the id with the default secret key)", async () => {
    const workflowId = await createWorkflow(sql, a.id, webhookThenSet());
    await webhookHook(sql, a.id, workflowId);
    for (const key of [CLI_SECRET_KEY, "secret"]) {
      const old = createHmac("sha256", key).update(`webhook:${workflowId}`).digest("base64url").slice(0, 32);
      for (const query of ["", "?wait=1", "?test=1"]) {
        const res = await call(workflowId, old, { query, body: { name: "Mallory" } });
        expect(res.status).toBe(404);
      }
    }
    expect(await sql`select 1 from executions where workflow_id = ${workflowId}`).toHaveLength(0);
  });

  // ?wait=1 answering with the output is covered with real workers in engine-live.int.test.ts and
  // in the browser (tests/e2e/security.spec.ts); this file starts no worker of its own, so it never
  // takes (and abandons) the runs of the engine suites sharing the tier's database.
  it("starts a run with the workflow's own token; only the token's hash is stored", async () => {
    const workflowId = await createWorkflow(sql, a.id, webhookThenSet());
    const { token } = await webhookHook(sql, a.id, workflowId);
    expect(token).toMatch(/^whk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    const res = await call(workflowId, token, { body: { name: "Ana" } });
    expect(res.status).toBe(202);
    const { execution_id } = (await res.json()) as { execution_id: string };
    const [run] =
      await sql`select workflow_id, trigger_type, trigger_input from executions where id = ${execution_id}`;
    expect(run).toMatchObject({
      workflow_id: workflowId,
      trigger_type: "webhook",
      trigger_input: { body: { name: "Ana" } },
    });
    const [row] =
      await sql`select to_jsonb(t)::text as row from workflow_webhook_tokens t where workflow_id = ${workflowId}`;
    expect(row!.row).not.toContain(token);
    expect(row!.row).not.toContain(token.slice(12));
  });

  it("refuses one workflow's token on another workflow, in the same or another organization", async () => {
    const mine = await createWorkflow(sql, a.id, webhookThenSet());
    const sibling = await createWorkflow(sql, a.id, webhookThenSet());
    const theirs = await createWorkflow(sql, b.id, webhookThenSet());
    const { token } = await webhookHook(sql, a.id, mine);
    await webhookHook(sql, a.id, sibling);
    await webhookHook(sql, b.id, theirs);
    expect((await call(sibling, token, { body: {} })).status).toBe(404);
    expect((await call(theirs, token, { body: {} })).status).toBe(404);
    expect((await call(mine, token, { body: {} })).status).toBe(202);
  });

  it("kills the old URL (and its test URL) at once on rotation", async () => {
    const workflowId = await createWorkflow(sql, a.id, webhookThenSet());
    const first = await webhookHook(sql, a.id, workflowId);
    const second = await withUser(
      a.members.administrator,
      (tx) => issueWebhookToken(tx, a.id, workflowId),
      sql,
    );
    expect(second.token).not.toBe(first.token);
    expect((await call(workflowId, first.token, { body: {} })).status).toBe(404);
    expect((await call(workflowId, first.token, { query: "?test=1", body: {} })).status).toBe(404);
    expect((await call(workflowId, second.token, { body: {} })).status).toBe(202);
    expect((await call(workflowId, second.token, { query: "?test=1", body: {} })).status).toBe(200);
  });

  it("starts only workflows whose trigger is a webhook", async () => {
    const manual = await createWorkflow(
      sql,
      a.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "set_1", type: "set", config: { fields: [{ name: "x", value: "1" }] } },
        ],
        [["manual_1", "set_1"]],
      ),
    );
    await expect(
      withUser(a.members.owner, (tx) => issueWebhookToken(tx, a.id, manual), sql),
    ).rejects.toMatchObject({ code: "unprocessable" });
    // A token row for it anyway (say, left from when its trigger was a webhook) opens nothing.
    const token = `whk_${"A".repeat(43)}`;
    const { hashWebhookToken } = await import("@/lib/workflows/webhook-tokens");
    await withServiceRoleBypassingRls(
      (tx) => tx`insert into workflow_webhook_tokens (organization_id, workflow_id, token_hash, token_prefix)
                 values (${a.id}, ${manual}, ${hashWebhookToken(token)}, 'whk_AAAAAA')`,
      sql,
    );
    expect((await call(manual, token, { body: {} })).status).toBe(404);
    expect((await call(manual, token, { query: "?wait=1", body: {} })).status).toBe(404);
    expect(await sql`select 1 from executions where workflow_id = ${manual}`).toHaveLength(0);
  });

  it("answers only the method the trigger names (405 with Allow otherwise)", async () => {
    const put = await createWorkflow(sql, a.id, webhookThenSet("PUT"));
    const { token } = await webhookHook(sql, a.id, put);
    for (const method of ["POST", "GET", "PATCH", "DELETE"] as const) {
      const res = await call(put, token, { method, body: {} });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("PUT");
    }
    expect((await call(put, token, { method: "PUT", body: { name: "Bo" } })).status).toBe(202);

    const get = await createWorkflow(sql, a.id, webhookThenSet("GET"));
    const hookOfGet = await webhookHook(sql, a.id, get);
    expect((await call(get, hookOfGet.token, { method: "POST", body: {} })).status).toBe(405);
    expect((await call(get, hookOfGet.token, { method: "GET", query: "?name=Cy" })).status).toBe(202);
  });

  it("lets only members who may edit the workflow make or rotate its URL", async () => {
    const workflowId = await createWorkflow(sql, a.id, webhookThenSet());
    const { token } = await webhookHook(sql, a.id, workflowId);
    for (const role of ["viewer", "sales", "bot_trainer"] as const) {
      signedIn.claims = a.members[role];
      const result = await rotateWebhookUrlAction(null, form({ organization: a.slug, id: workflowId }));
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    // B's owner cannot rotate A's either.
    signedIn.claims = b.members.owner;
    const foreign = await rotateWebhookUrlAction(null, form({ organization: b.slug, id: workflowId }));
    expect(foreign.ok).toBe(false);
    expect((await call(workflowId, token, { body: {} })).status).toBe(202);

    signedIn.claims = a.members.administrator;
    const rotated = await rotateWebhookUrlAction(null, form({ organization: a.slug, id: workflowId }));
    if (!rotated.ok) throw new Error(rotated.error.message);
    expect(rotated.data.url).toMatch(new RegExp(`/api/hooks/${workflowId}/whk_[A-Za-z0-9_-]{43}$`));
    expect(rotated.data.testUrl).toBe(`${rotated.data.url}?test=1`);
    expect((await call(workflowId, token, { body: {} })).status).toBe(404);
    const fresh = rotated.data.url.split("/").pop()!;
    expect((await call(workflowId, fresh, { body: {} })).status).toBe(202);
  });

  it("gives a webhook workflow its URL when first published, once", async () => {
    signedIn.claims = a.members.owner;
    const [w] = await withUser(
      a.members.owner,
      (tx) => tx<{ id: string; version: number }[]>`
        insert into workflows (organization_id, name, definition)
        values (${a.id}, ${`Hook ${randomUUID().slice(0, 6)}`}, ${tx.json(webhookThenSet() as never)})
        returning id, version`,
      sql,
    );
    const publish = (expected: number) =>
      publishWorkflowAction(
        null,
        form({
          organization: a.slug,
          id: w!.id,
          expected_version: String(expected),
          definition: JSON.stringify(webhookThenSet()),
        }),
      );
    const first = await publish(w!.version);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.data.webhook?.url).toMatch(/\/whk_[A-Za-z0-9_-]{43}$/);
    const second = await publish(first.data.draftVersion);
    if (!second.ok) throw new Error(second.error.message);
    expect(second.data.webhook).toBeNull();
    const token = first.data.webhook!.url.split("/").pop()!;
    expect((await call(w!.id, token, { body: {} })).status).toBe(202);
  });
});
