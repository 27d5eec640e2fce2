import type { ChildProcess } from "node:child_process";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBot, publishBotFlow } from "@/lib/chatbots/bots";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { startExecution } from "@/lib/engine/start";
import { testSql } from "@/tests/support/db";
import {
  awaitExecution,
  createWorkflow,
  definition,
  startServer,
  type TestServer,
} from "@/tests/support/engine";
import { ready, runScript, spawnWorker, stopAll } from "@/tests/support/processes";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The routes read the session: the signed-in user's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const { GET: liveRoute } = await import("@/app/api/live/route");
const { GET: eventsRoute } = await import("@/app/api/executions/[id]/events/route");

/**
 * Scale-out (issue #18, item 6): the browser's app process is not the one doing the work. This
 * test process serves the browser's routes (the run stream, /api/live for the inbox and the bell)
 * and runs no worker; the run executes in a worker process of its own (scripts/worker.ts) and the
 * visitor talks to another process again. Every live feature hears of it through LISTEN/NOTIFY
 * in Postgres, never through process memory.
 */

type Stream = { next: (event: string, ms?: number) => Promise<string | null>; close: () => void };

/** Reads server-sent events; `next(event)` resolves with that event's data (null after `ms`). */
function readEvents(body: ReadableStream<Uint8Array>, abort: AbortController): Stream {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; data: string }[] = [];
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    async next(event, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const at = seen.findIndex((e) => e.event === event);
        if (at >= 0) return seen.splice(0, at + 1)[at]!.data;
        const left = deadline - Date.now();
        if (left <= 0) return null;
        pending ??= reader.read();
        const result = await Promise.race([
          pending,
          new Promise<null>((r) => setTimeout(() => r(null), left)),
        ]);
        if (!result) return null;
        pending = null;
        if (result.done) return null;
        buffer += decoder.decode(result.value, { stream: true });
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const chunk = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const name = /^event: (.+)$/m.exec(chunk)?.[1];
          if (name) seen.push({ event: name, data: /^data: (.*)$/m.exec(chunk)?.[1] ?? "" });
        }
      }
    },
    close: () => abort.abort(),
  };
}

describe("live features across processes", () => {
  let sql: Sql;
  let tenant: TestTenant;
  let server: TestServer;
  const children: ChildProcess[] = [];
  const streams: Stream[] = [];

  beforeAll(async () => {
    sql = testSql(4);
    tenant = await createTenant(sql, "ScaleOut");
    await sql`update organizations set settings = '{"allow_private_network": true}' where id = ${tenant.id}`;
    server = await startServer((req, _body, res) => {
      setTimeout(() => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ path: req.url, pid: process.pid }));
      }, 300);
    });
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    stopAll(children);
    await server?.close();
    await deleteTenants(sql, [tenant]);
    await sql.end();
  });

  const live = async (claims: UserClaims) => {
    signedIn.claims = claims;
    const abort = new AbortController();
    const res = await liveRoute(
      new NextRequest(`http://localhost/api/live?organization=${tenant.slug}`, { signal: abort.signal }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const stream = readEvents(res.body!, abort);
    streams.push(stream);
    expect(await stream.next("ready")).not.toBeNull();
    return stream;
  };

  it("streams a run, rings the bell and wakes the inbox when the work happens in other processes", async () => {
    const worker = spawnWorker();
    children.push(worker);
    const workerProcess = await ready(worker);
    const owner = await live(tenant.members.owner);
    const sales = await live(tenant.members.sales);

    const workflowId = await createWorkflow(
      sql,
      tenant.id,
      definition(
        [
          { id: "manual_1", type: "manual" },
          { id: "http_request_1", type: "http_request", config: { method: "GET", url: `${server.url}/x` } },
          {
            id: "notify_1",
            type: "notify",
            config: { audience: "owners", title: "Done elsewhere", message: "From another process" },
          },
        ],
        [
          ["manual_1", "http_request_1"],
          ["http_request_1", "notify_1"],
        ],
      ),
    );
    const { executionId } = await startExecution({
      organizationId: tenant.id,
      workflowId,
      triggerType: "manual",
      input: {},
    });
    signedIn.claims = tenant.members.owner;
    const abort = new AbortController();
    const res = await eventsRoute(
      new NextRequest(`http://localhost/api/executions/${executionId}/events`, { signal: abort.signal }),
      { params: Promise.resolve({ id: executionId }) },
    );
    expect(res.status).toBe(200);
    const run = readEvents(res.body!, abort);
    streams.push(run);
    expect(await run.next("snapshot")).not.toBeNull();
    // Updates as the worker process checkpoints, then the end.
    expect(await run.next("update")).not.toBeNull();
    expect(JSON.parse((await run.next("end"))!)).toEqual({ status: "completed" });

    // The bell: the notify step's entry, made by the worker process.
    expect(await owner.next("bell")).not.toBeNull();
    const { execution } = await awaitExecution(sql, executionId);
    const [leased] =
      await sql`select process_id from private.engine_workers where worker_id = ${execution.leased_by}`;
    expect(leased?.process_id).toBe(workerProcess);

    // The inbox: a visitor served by yet another process asks for a person.
    const bot = await withUser(
      tenant.members.bot_trainer,
      async (tx) => {
        const made = await createBot(tx, tenant.id, { name: "Elsewhere" });
        await publishBotFlow(tx, tenant.id, made.id);
        return made;
      },
      sql,
    );
    const sessionId = (
      await runScript("tests/support/visitor-process.ts", {
        ORGANIZATION_ID: tenant.id,
        BOT_ID: bot.id,
      })
    ).trim();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sales.next("inbox")).not.toBeNull();
    expect(await sales.next("bell")).not.toBeNull();
  }, 120_000);
});
