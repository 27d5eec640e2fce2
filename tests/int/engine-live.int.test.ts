import { randomUUID } from "node:crypto";
import net from "node:net";
import { NextRequest } from "next/server";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { POST as hook } from "@/app/api/hooks/[workflowId]/[token]/route";
import { withServiceRoleBypassingRls, withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { startWorker, type EngineWorker } from "@/lib/engine/worker";
import {
  cancelExecution,
  getExecution,
  listExecutions,
  readLiveState,
  rerunExecution,
} from "@/lib/executions/executions";
import { executionFilterSchema, type LiveStep } from "@/lib/executions/format";
import { startTestRun } from "@/lib/executions/test-runs";
import { subscribeToExecution, watchedExecutions } from "@/lib/executions/live";
import { executionEventStream } from "@/lib/executions/stream";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "@/lib/notifications/notifications";
import { issueWebhookToken } from "@/lib/workflows/webhook-tokens";
import { listWorkflows } from "@/lib/workflows/workflows";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  type TestServer,
} from "@/tests/support/engine";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The route handlers and server actions read the session: the signed-in user's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => {},
}));

const { GET: eventsRoute } = await import("@/app/api/executions/[id]/events/route");
const { GET: notificationsRoute } = await import("@/app/api/notifications/route");
const { cancelExecutionAction, rerunExecutionAction } = await import("@/lib/executions/actions");
const { markAllNotificationsReadAction } = await import("@/lib/notifications/actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

/**
 * Run history and manual runs through their real interfaces: the webhook trigger's wait mode, the
 * live event stream (LISTEN/NOTIFY → server-sent events, read as the user), manual runs, re-runs,
 * cancelling, the runs list's filters and pages, the workflows list's last run, notifications.
 */

describe("run history, live", () => {
  let sql: Sql;
  let a: TestTenant;
  let b: TestTenant;
  let worker: EngineWorker;
  let slow: TestServer;

  beforeAll(async () => {
    sql = testSql(4);
    a = await createTenant(sql, "LiveA");
    b = await createTenant(sql, "LiveB");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${a.id}`;
    slow = await startServer((_req, _body, res) => {
      setTimeout(() => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ slow: true }));
      }, 1500);
    });
    worker = await startWorker({
      connectionString: inject("appDatabaseUrl"),
      concurrency: 4,
      pollInterval: 200,
      schedules: false,
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await slow?.close();
    await deleteTenants(sql, [a, b]);
    await sql.end();
  });

  const callHook = async (workflowId: string, query: string, body: unknown) => {
    const [w] = await sql`select organization_id from workflows where id = ${workflowId}`;
    const { token } = await withServiceRoleBypassingRls(
      (tx) => issueWebhookToken(tx, w!.organization_id as string, workflowId),
      sql,
    );
    return hook(
      new NextRequest(`http://localhost/api/hooks/${workflowId}/${token}${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ workflowId, token }) },
    );
  };

  describe("webhook wait mode", () => {
    it("answers with the run's result when it finishes within 30 s", async () => {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition(
          [
            {
              id: "webhook_1",
              type: "webhook",
              config: { method: "POST", require_secret: true, sample_body: "" },
            },
            {
              id: "set_1",
              type: "set",
              config: { fields: [{ name: "greeting", value: "Hello {{ trigger.body.name }}" }] },
            },
          ],
          [["webhook_1", "set_1"]],
        ),
      );
      const started = Date.now();
      const res = await callHook(workflowId, "?wait=1", { name: "Ana" });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: "completed", output: { greeting: "Hello Ana" }, error: null });
      expect(body.execution_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.now() - started).toBeLessThan(30_000);
    });

    it("answers with the failure when the run fails", async () => {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition(
          [
            { id: "webhook_1", type: "webhook" },
            {
              id: "end_1",
              type: "end",
              config: { outcome: "failed", message: "Rejected {{ trigger.body.id }}" },
            },
          ],
          [["webhook_1", "end_1"]],
        ),
      );
      const res = await callHook(workflowId, "?wait=1", { id: "x1" });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "failed", error: "Rejected x1", output: null });
    });

    it("answers 202 with the execution id at once without wait, and after 30 s when the run is not done", async () => {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition(
          [
            { id: "webhook_1", type: "webhook" },
            { id: "delay_1", type: "delay", config: { amount: 1, unit: "hours" } },
          ],
          [["webhook_1", "delay_1"]],
        ),
      );
      const quick = await callHook(workflowId, "", {});
      expect(quick.status).toBe(202);
      const queued = (await quick.json()) as { execution_id: string; status: string };
      expect(queued).toMatchObject({
        status: "pending",
        execution_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });

      const started = Date.now();
      const res = await callHook(workflowId, "?wait=1", {});
      const waited = Date.now() - started;
      expect(res.status).toBe(202);
      const body = (await res.json()) as { execution_id: string; status: string; output: unknown };
      expect(body.status).toBe("waiting");
      expect(body.output).toBeNull();
      expect(waited).toBeGreaterThanOrEqual(29_000);
      expect(waited).toBeLessThan(40_000);
      const [row] = await sql`select status, trigger_type from executions where id = ${body.execution_id}`;
      expect(row).toEqual({ status: "waiting", trigger_type: "webhook" });
      for (const id of [queued.execution_id, body.execution_id])
        await cancelExecution(a.members.owner, a.id, id);
    }, 60_000);
  });

  describe("manual runs and the event stream", () => {
    let workflowId: string;

    beforeAll(async () => {
      workflowId = await createWorkflow(
        sql,
        a.id,
        definition(
          [
            { id: "manual_1", type: "manual" },
            {
              id: "set_1",
              type: "set",
              config: { fields: [{ name: "who", value: "{{ trigger.input.name }}" }] },
            },
            {
              id: "http_request_1",
              type: "http_request",
              config: { method: "GET", url: `${slow.url}/slow`, headers: [], body: "", timeout_seconds: 10 },
            },
            {
              id: "notify_1",
              type: "notify",
              config: {
                audience: "owners",
                title: "Ran for {{ steps.set_1.output.who }}",
                message: "Done.",
                link: "",
              },
            },
          ],
          [
            ["manual_1", "set_1"],
            ["set_1", "http_request_1"],
            ["http_request_1", "notify_1"],
          ],
        ),
        "Live stream",
      );
    });

    it("streams a snapshot, the steps as they change, and the end, as the user", async () => {
      const { executionId } = await startTestRun(a.members.owner, a.id, workflowId, {
        input: { name: "Ana" },
        liveSteps: ["http_request_1", "notify_1"],
      });
      const stream = await executionEventStream(a.members.viewer, executionId, { debounceMs: 20 });
      const events: { event: string; data: Record<string, unknown> }[] = [];
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const chunk = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.*)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
      const kinds = events.map((e) => e.event);
      expect(kinds[0]).toBe("snapshot");
      expect(kinds[kinds.length - 1]).toBe("end");
      expect(events[events.length - 1]!.data).toEqual({ status: "completed" });
      // The slow HTTP step was seen running before it completed: the stream was live.
      const seen = events.flatMap((e) =>
        ((e.data.steps as LiveStep[] | undefined) ?? []).map((s) => `${s.node_id}:${s.status}`),
      );
      expect(seen).toContain("http_request_1:running");
      expect(seen.indexOf("http_request_1:running")).toBeLessThan(seen.indexOf("http_request_1:completed"));
      expect(seen).toContain("notify_1:completed");
      // Updates carry only what changed: no step is sent twice with the same content.
      const sent = events
        .filter((e) => e.event === "update")
        .flatMap((e) => (e.data.steps as LiveStep[]).map((s) => JSON.stringify(s)));
      expect(new Set(sent).size).toBe(sent.length);
      // The stream closed and left the shared listener.
      expect(watchedExecutions()).toBe(0);

      const state = await withUser(a.members.viewer, (tx) => readLiveState(tx, executionId));
      expect(state!.steps.find((s) => s.node_id === "set_1")!.output).toEqual({ who: "Ana" });
      const [row] =
        await sql`select trigger_type, is_test, trigger_input from executions where id = ${executionId}`;
      expect(row).toMatchObject({
        trigger_type: "manual",
        is_test: true,
        trigger_input: { input: { name: "Ana" }, started_by: a.members.owner.email },
      });
    });

    it("does not let another organization's member see or stream the run", async () => {
      const { executionId } = await startTestRun(a.members.owner, a.id, workflowId, {
        input: {},
        liveSteps: [],
      });
      await expect(executionEventStream(b.members.owner, executionId)).rejects.toMatchObject({
        code: "not_found",
      });
      expect(await withUser(b.members.owner, (tx) => readLiveState(tx, executionId))).toBeNull();
      expect(await withUser(b.members.owner, (tx) => getExecution(tx, b.id, executionId))).toBeNull();
      // Nor through their own organization's id with someone else's run.
      expect(await withUser(a.members.owner, (tx) => getExecution(tx, b.id, executionId))).toBeNull();
      await awaitExecution(sql, executionId);
    });

    it("says to add a trigger first, and refuses another organization's workflow", async () => {
      const [draft] = await sql<{ id: string }[]>`
        insert into workflows (organization_id, name) values (${a.id}, 'Draft only') returning id`;
      await expect(
        startTestRun(a.members.owner, a.id, draft!.id, { input: {}, liveSteps: [] }),
      ).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/Add a trigger first/),
      });
      await expect(
        startTestRun(a.members.owner, b.id, workflowId, { input: {}, liveSteps: [] }),
      ).rejects.toMatchObject({
        code: "not_found",
      });
    });

    it("re-runs with the same input, and cancels a queued run", async () => {
      const { executionId } = await startTestRun(a.members.owner, a.id, workflowId, {
        input: { name: "Bo" },
        liveSteps: [],
      });
      await awaitExecution(sql, executionId);
      const again = await rerunExecution(a.members.administrator, a.id, executionId, "same");
      const { execution } = await awaitExecution(sql, again.executionId);
      expect(execution).toMatchObject({
        status: "completed",
        trigger_type: "rerun",
        rerun_of: executionId,
        trigger_input: { input: { name: "Bo" } },
      });
      const detail = await withUser(a.members.owner, (tx) => getExecution(tx, a.id, again.executionId));
      expect(detail!.steps.find((s) => s.node_id === "set_1")!.output).toEqual({ who: "Bo" });

      // A finished run cannot be cancelled; a viewer cannot cancel at all.
      await expect(cancelExecution(a.members.owner, a.id, executionId)).rejects.toMatchObject({
        code: "conflict",
      });
      const [queued] = await sql<{ id: string }[]>`
        insert into executions (organization_id, workflow_id, trigger_type, status)
        values (${a.id}, ${workflowId}, 'manual', 'pending') returning id`;
      await expect(cancelExecution(a.members.viewer, a.id, queued!.id)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(cancelExecution(b.members.owner, b.id, queued!.id)).rejects.toMatchObject({
        code: "not_found",
      });
      expect(await cancelExecution(a.members.administrator, a.id, queued!.id)).toBe("cancelled");
      const [row] = await sql`select status, error from executions where id = ${queued!.id}`;
      expect(row).toEqual({ status: "cancelled", error: "Cancelled." });
    });
  });

  describe("permissions from data, the same in the page and the actions", () => {
    it("re-running needs executions:create (as the builder's Run and the API), not workflows:update", async () => {
      const org = await createTenant(sql, "Rerun");
      try {
        const workflowId = await createWorkflow(
          sql,
          org.id,
          definition([{ id: "manual_1", type: "manual" }], []),
        );
        const { executionId } = await startTestRun(org.members.owner, org.id, workflowId, {
          input: {},
          liveSteps: [],
        });
        await awaitExecution(sql, executionId);
        const admin = org.members.administrator;
        await sql`update organization_members set custom_permissions = '{"revoke":["executions:create"]}'
                  where organization_id = ${org.id} and user_id = ${admin.sub}`;
        signedIn.claims = admin;
        const refused = await rerunExecutionAction(
          null,
          form({ organization: org.slug, id: executionId, version: "same" }),
        );
        expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });

        // Granted on top of a role without it, it is allowed.
        const sales = org.members.sales;
        await sql`update organization_members set custom_permissions = '{"grant":["executions:create"]}'
                  where organization_id = ${org.id} and user_id = ${sales.sub}`;
        signedIn.claims = sales;
        const allowed = await rerunExecutionAction(
          null,
          form({ organization: org.slug, id: executionId, version: "same" }),
        );
        expect(allowed).toMatchObject({ ok: true });
        if (allowed?.ok) await awaitExecution(sql, (allowed.data as { executionId: string }).executionId);

        // Cancel: executions:update, checked by the action and again by SQL.
        signedIn.claims = org.members.viewer;
        const cancel = await cancelExecutionAction(null, form({ organization: org.slug, id: executionId }));
        expect(cancel).toMatchObject({ ok: false, error: { code: "forbidden" } });
      } finally {
        signedIn.claims = null;
        await deleteTenants(sql, [org]);
      }
    });
  });

  describe("route handlers", () => {
    const events = (id: string) =>
      eventsRoute(new NextRequest(`http://localhost/api/executions/${encodeURIComponent(id)}/events`), {
        params: Promise.resolve({ id }),
      });

    it("streams with headers that keep proxies from buffering, and answers 401/404 as JSON", async () => {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition([{ id: "manual_1", type: "manual" }], []),
      );
      const [queued] = await sql<{ id: string }[]>`
        insert into executions (organization_id, workflow_id, trigger_type, status)
        values (${a.id}, ${workflowId}, 'manual', 'cancelled') returning id`;
      try {
        signedIn.claims = null;
        expect((await events(queued!.id)).status).toBe(401);
        signedIn.claims = a.members.viewer;
        const res = await events(queued!.id);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
        expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
        expect(res.headers.get("x-accel-buffering")).toBe("no");
        // A finished run: the snapshot and the end, then the stream closes.
        expect(await res.text()).toMatch(
          /event: snapshot[\s\S]*event: end\ndata: {"status":"cancelled"}\n\n$/,
        );
        for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "x".repeat(5000)]) {
          const bad = await events(id);
          expect(bad.status).toBe(404);
          expect(await bad.json()).toMatchObject({ error: { code: "not_found" } });
        }
        // Another organization's member: the same 404.
        signedIn.claims = b.members.owner;
        expect((await events(queued!.id)).status).toBe(404);
      } finally {
        signedIn.claims = null;
        await sql`delete from executions where id = ${queued!.id}`;
      }
    });

    it("answers the bell with my notifications only, and 4xx for a bad or foreign organization", async () => {
      const bell = (query: string) =>
        notificationsRoute(new NextRequest(`http://localhost/api/notifications${query}`));
      signedIn.claims = null;
      expect((await bell(`?organization=${a.slug}`)).status).toBe(401);
      signedIn.claims = a.members.viewer;
      for (const query of [
        "",
        "?organization=",
        "?organization=NOT%20A%20SLUG",
        `?organization=${"a".repeat(300)}`,
      ]) {
        const res = await bell(query);
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
      }
      expect((await bell(`?organization=${b.slug}`)).status).toBe(404);
      const ok = await bell(`?organization=${a.slug}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("no-store");
      const body = (await ok.json()) as { notifications: { id: string }[] };
      const mine = await sql`
        select id from notifications where organization_id = ${a.id} and recipient_user_id = ${a.members.viewer.sub}`;
      expect(body.notifications.map((n) => n.id).sort()).toEqual(mine.map((r) => r.id as string).sort());
      signedIn.claims = null;
    });
  });

  describe("lists", () => {
    it("filters and pages runs, newest first, and fills the workflows list's last run", async () => {
      const org = await createTenant(sql, "Lists");
      try {
        const one = await createWorkflow(
          sql,
          org.id,
          definition([{ id: "manual_1", type: "manual" }], []),
          "One",
        );
        const two = await createWorkflow(
          sql,
          org.id,
          definition([{ id: "webhook_1", type: "webhook" }], []),
          "Two",
        );
        const rows = Array.from({ length: 7 }, (_, i) => ({
          organization_id: org.id,
          workflow_id: i % 2 ? two : one,
          trigger_type: i % 2 ? "webhook" : "manual",
          status: i === 6 ? "failed" : "completed",
          created_at: new Date(Date.UTC(2026, 0, 1 + i, 12)),
        }));
        // createTenant seeds a row of every table: start from none.
        await sql`delete from executions where organization_id = ${org.id}`;
        await sql`insert into executions ${sql(rows as never)}`;
        const list = (filter: Record<string, string>, limit = 3) =>
          withUser(org.members.viewer, (tx) =>
            listExecutions(tx, org.id, executionFilterSchema.parse(filter), limit),
          );

        const first = await list({});
        expect(first.total).toBe(7);
        expect(first.executions.map((e) => e.created_at.getUTCDate())).toEqual([7, 6, 5]);
        expect(first.executions[0]).toMatchObject({ status: "failed", workflow_name: "One", version: null });
        const second = await list({ before: first.nextBefore! });
        expect(second.executions.map((e) => e.created_at.getUTCDate())).toEqual([4, 3, 2]);
        const third = await list({ before: second.nextBefore! });
        expect(third.executions.map((e) => e.created_at.getUTCDate())).toEqual([1]);
        expect(third.nextBefore).toBeNull();

        expect((await list({ status: "failed" }, 10)).executions).toHaveLength(1);
        expect((await list({ trigger: "webhook" }, 10)).total).toBe(3);
        expect((await list({ workflow: two }, 10)).executions.every((e) => e.workflow_id === two)).toBe(true);
        const range = await list({ from: "2026-01-02", to: "2026-01-04" }, 10);
        expect(range.executions.map((e) => e.created_at.getUTCDate())).toEqual([4, 3, 2]);
        // Another organization's member sees none of them.
        expect(
          (
            await withUser(a.members.owner, (tx) =>
              listExecutions(tx, org.id, executionFilterSchema.parse({}), 10),
            )
          ).executions,
        ).toEqual([]);

        const { workflows } = await withUser(org.members.viewer, (tx) => listWorkflows(tx, org.id));
        const byName = Object.fromEntries(workflows.map((w) => [w.name, w]));
        expect(byName.One!.last_run).toMatchObject({ status: "failed" });
        expect(byName.One!.last_run_at!.getUTCDate()).toBe(7);
        expect(byName.Two!.last_run_at!.getUTCDate()).toBe(6);
      } finally {
        await deleteTenants(sql, [org]);
      }
    });
  });

  describe("notifications", () => {
    it("lists my notifications in this organization, marks one and then all read", async () => {
      const org = await createTenant(sql, "Bell");
      try {
        const mine = (title: string, user = org.members.administrator.sub, orgId = org.id) => ({
          organization_id: orgId,
          recipient_user_id: user,
          title,
        });
        await sql`delete from notifications where organization_id = ${org.id}`;
        await sql`insert into notifications ${sql([mine("First"), mine("Second"), mine("Not yours", org.members.owner.sub)] as never)}`;
        const me = org.members.administrator;
        signedIn.claims = me;
        const listed = await listNotifications(me, org.id);
        expect(listed.unread).toBe(2);
        expect(listed.notifications.map((n) => n.title).sort()).toEqual(["First", "Second"]);
        await markNotificationRead(me, org.id, listed.notifications[0]!.id);
        expect((await listNotifications(me, org.id)).unread).toBe(1);
        const others =
          await sql`select id from notifications where recipient_user_id = ${org.members.owner.sub} and organization_id = ${org.id}`;
        await expect(markNotificationRead(me, org.id, others[0]!.id as string)).rejects.toMatchObject({
          code: "not_found",
        });
        // "Mark all read" marks up to the newest one shown: one that arrived since stays unread,
        // whatever the sub-millisecond part of its time.
        const shown = await listNotifications(me, org.id);
        const [later] = await sql<{ id: string }[]>`
          insert into notifications ${sql({ ...mine("Arrived since"), created_at: new Date(Date.now() + 60_000) } as never)}
          returning id`;
        await sql`update notifications set created_at = created_at + interval '0.0004 seconds'
                  where id = ${shown.notifications[0]!.id}`;
        const marked = await markAllNotificationsReadAction(
          null,
          form({ organization: org.slug, until: shown.notifications[0]!.created_at.toISOString() }),
        );
        expect(marked).toMatchObject({ ok: true, data: { marked: 1 } });
        expect(
          (await listNotifications(me, org.id)).notifications.filter((n) => !n.read_at).map((n) => n.id),
        ).toEqual([later!.id]);
        expect(
          await markAllNotificationsReadAction(null, form({ organization: org.slug, until: "yesterday" })),
        ).toMatchObject({ ok: false, error: { code: "validation_failed" } });
        expect(await markAllNotificationsRead(me, org.id)).toBe(1);
        expect((await listNotifications(me, org.id)).unread).toBe(0);
        expect((await listNotifications(org.members.owner, org.id)).unread).toBe(1);
      } finally {
        await deleteTenants(sql, [org]);
      }
    });
  });

  describe("the shared listener and each stream's resources", () => {
    it("listens again after the database restarts, wakes every stream once, and does not pile up", async () => {
      const proxy = await startTcpProxy(inject("appDatabaseUrl"));
      const db = postgres(proxy.url, { max: 1, onnotice: () => {} }) as unknown as Sql;
      try {
        const id = randomUUID();
        let woken = 0;
        const unsubscribe = await subscribeToExecution(id, () => woken++, db);
        const announce = () =>
          sql`select pg_notify('orgflow_execution_steps', ${JSON.stringify({ execution_id: id })})`;
        await announce();
        await vi.waitFor(() => expect(woken).toBe(1));

        // The server goes away for a while (connections dropped, new ones refused), then returns.
        await proxy.down();
        await new Promise((r) => setTimeout(r, 2500));
        await proxy.up();
        // Notifications sent while it was away are lost: every stream is woken to re-read.
        await vi.waitFor(() => expect(woken).toBeGreaterThan(1), { timeout: 20_000, interval: 100 });
        // And new ones arrive again, once each (no second LISTEN piled on the first).
        await new Promise((r) => setTimeout(r, 300));
        const before = woken;
        await announce();
        await vi.waitFor(() => expect(woken).toBe(before + 1), { timeout: 5_000 });
        await new Promise((r) => setTimeout(r, 300));
        expect(woken).toBe(before + 1);
        unsubscribe();
        expect(watchedExecutions(db)).toBe(0);
      } finally {
        await db.end({ timeout: 1 });
        await proxy.close();
      }
    }, 40_000);

    it("releases the listener and its timers when the client goes away while it subscribes", async () => {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition([{ id: "manual_1", type: "manual" }], []),
      );
      // A queued run nobody picks up (inserted, not enqueued): the stream stays open until cancelled.
      const [queued] = await sql<{ id: string }[]>`
        insert into executions (organization_id, workflow_id, trigger_type, status)
        values (${a.id}, ${workflowId}, 'manual', 'pending') returning id`;
      const stream = await executionEventStream(a.members.owner, queued!.id);
      await stream.cancel();
      await new Promise((r) => setTimeout(r, 200));
      expect(watchedExecutions()).toBe(0);
      await sql`delete from executions where id = ${queued!.id}`;
    });

    /** A queued run nobody picks up (inserted, not enqueued): its stream stays open until it ends. */
    async function queuedRun(): Promise<string> {
      const workflowId = await createWorkflow(
        sql,
        a.id,
        definition([{ id: "manual_1", type: "manual" }], []),
      );
      const [queued] = await sql<{ id: string }[]>`
        insert into executions (organization_id, workflow_id, trigger_type, status)
        values (${a.id}, ${workflowId}, 'manual', 'pending') returning id`;
      return queued!.id;
    }

    /** Reads a byte stream as text: what is queued right now, or until it ends. */
    function textReader(stream: ReadableStream<Uint8Array>) {
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let pending: ReturnType<typeof reader.read> | null = null;
      return {
        /** Only what is queued now: a read of a queued chunk settles before an already-settled marker. */
        async queued(): Promise<string> {
          let text = "";
          for (;;) {
            pending ??= reader.read();
            const next = await Promise.race([pending, Promise.resolve(null)]);
            if (next === null || next.done) return text;
            pending = null;
            text += decoder.decode(next.value, { stream: true });
          }
        },
        /** Everything until the stream ends (or `ms` pass). */
        async rest(ms = 10_000): Promise<{ text: string; done: boolean }> {
          const deadline = Date.now() + ms;
          let text = "";
          while (Date.now() < deadline) {
            pending ??= reader.read();
            const next = await Promise.race([
              pending,
              new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
            ]);
            if (next === null) break;
            pending = null;
            if (next.done) return { text, done: true };
            text += decoder.decode(next.value, { stream: true });
          }
          return { text, done: false };
        },
      };
    }

    it("waits for a client that does not read (no pings, no re-reads pile up) and catches up after", async () => {
      const id = await queuedRun();
      const reader = textReader(
        await executionEventStream(a.members.owner, id, {
          pingMs: 1,
          pollMs: 5,
          debounceMs: 1,
          highWaterMark: 1024,
        }),
      );
      await new Promise((r) => setTimeout(r, 1000));
      // About a thousand pings were due: only what fits the high-water mark was queued.
      const queued = await reader.queued();
      expect(queued).toMatch(/^retry: 2000\n\nevent: snapshot\n/);
      expect(new TextEncoder().encode(queued).length).toBeLessThan(2048);
      // A change made while it was behind arrives once it reads again, and the stream ends.
      await sql`update executions set status = 'cancelled', completed_at = now() where id = ${id}`;
      const rest = await reader.rest();
      expect(rest.done).toBe(true);
      expect(rest.text).toMatch(/event: end\ndata: {"status":"cancelled"}/);
      expect(watchedExecutions()).toBe(0);
    });

    it("ends the stream when the access token it was opened with expires", async () => {
      const id = await queuedRun();
      const claims = { ...a.members.owner, exp: Math.floor(Date.now() / 1000) + 1 };
      const started = Date.now();
      const reader = textReader(await executionEventStream(claims, id));
      const rest = await reader.rest(5000);
      expect(rest.done).toBe(true);
      expect(rest.text).not.toContain("event: end");
      expect(Date.now() - started).toBeLessThan(3000);
      expect(watchedExecutions()).toBe(0);
      await sql`delete from executions where id = ${id}`;
    });
  });
});

/**
 * A TCP proxy in front of the test database that can play a database restart: `down()` drops every
 * connection and refuses new ones (the port closes), `up()` accepts them again on the same port.
 */
async function startTcpProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const down = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
  return {
    url: url.toString(),
    down,
    up: async () => void (await listen(port)),
    close: () => (server.listening ? down() : Promise.resolve()),
  };
}
