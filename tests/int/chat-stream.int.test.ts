import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postSession } from "@/app/api/chat/[botKey]/sessions/route";
import { POST as postMessage } from "@/app/api/chat/[botKey]/sessions/[id]/messages/route";
import { createBot, type Bot } from "@/lib/chatbots/bots";
import { createTextDocumentTx } from "@/lib/chatbots/documents";
import { STARTER_OFFER } from "@/lib/chatbots/flow/definition";
import { processDocument } from "@/lib/chatbots/processing";
import { withUser, type Sql } from "@/lib/db/client";
import { roofingFaq } from "@/tests/fixtures/answers";
import { testSql } from "@/tests/support/db";
import { startLlmServer, type LlmTestServer } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * Streamed answers through the public chat API: with `Accept: text/event-stream` the visitor's
 * message is answered as server-sent events (the passages, the LLM's text as it is written, then
 * the stored turn), with the widget's CORS headers; without an LLM the stream holds only the
 * usual answer; malformed requests are refused as JSON 4xx before any database work.
 */

const SITE = "https://roofs.example";
let sql: Sql;
let tenant: TestTenant;
let bot: Bot;
let llm: LlmTestServer;
let ip = 0;

type Event = { event: string; data: Record<string, unknown> };

function request(path: string, init: { token?: string; body?: unknown; stream?: boolean } = {}) {
  const headers = new Headers({
    "content-type": "application/json",
    origin: SITE,
    "x-forwarded-for": `10.9.0.${++ip % 250}`,
  });
  if (init.token) headers.set("x-visitor-token", init.token);
  if (init.stream) headers.set("accept", "text/event-stream");
  return new NextRequest(`http://localhost${path}`, {
    method: "POST",
    headers,
    body: typeof init.body === "string" ? init.body : JSON.stringify(init.body ?? {}),
  });
}

async function startSession() {
  const res = await postSession(request(`/api/chat/${bot.public_key}/sessions`), {
    params: Promise.resolve({ botKey: bot.public_key }),
  });
  const body = await res.json();
  return { id: body.session.id as string, token: body.visitorToken as string };
}

function send(session: { id: string; token: string }, body: unknown, stream = true) {
  return postMessage(
    request(`/api/chat/${bot.public_key}/sessions/${session.id}/messages`, {
      token: session.token,
      body,
      stream,
    }),
    { params: Promise.resolve({ botKey: bot.public_key, id: session.id }) },
  );
}

/** The events of a stream, in order, with when each arrived. */
async function readEvents(res: Response): Promise<(Event & { at: number })[]> {
  const events: (Event & { at: number })[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)![1]!);
      events.push({ event, data, at: Date.now() });
    }
  }
  return events;
}

beforeAll(async () => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  sql = testSql();
  tenant = await createTenant(sql, "Chat stream");
  const { created, docId } = await withUser(
    tenant.members.bot_trainer,
    async (tx) => {
      const created = await createBot(tx, tenant.id, { name: "Roofer", allowed_origins: [SITE] });
      const doc = await createTextDocumentTx(tx, tenant.id, created.id, roofingFaq.documents[0]!);
      return { created, docId: doc.id };
    },
    sql,
  );
  expect(await processDocument(docId, sql)).toBe("ready");
  bot = created;
  llm = await startLlmServer();
});

afterAll(async () => {
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  await llm.close();
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

describe("streamed answers with an LLM configured", () => {
  beforeAll(() => {
    Object.assign(process.env, llm.env);
  });
  afterAll(() => {
    delete process.env.LLM_BASE_URL;
    delete process.env.LLM_API_KEY;
  });

  it("sends the passages, then the text as it is written, then the stored answer, with CORS", async () => {
    const session = await startSession();
    llm.streamDelay(30);
    const res = await send(session, { text: "How long is the warranty?" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("access-control-allow-origin")).toBe(SITE);
    const events = await readEvents(res);
    llm.streamDelay(0);
    expect(events[0]).toMatchObject({ event: "sources", data: { sources: [{ title: "Roofing FAQ" }] } });
    const deltas = events.filter((e) => e.event === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    // Written over time, not all at once at the end.
    expect(deltas.at(-1)!.at - deltas[0]!.at).toBeGreaterThan(50);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const messages = done.data.messages as { role: string; content: string; sources: { title: string }[] }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.content).toBe(deltas.map((d) => d.data.text).join(""));
    expect(messages[0]!.content).toMatch(/warranty.*\[1\]$/i);
    expect(messages[0]!.sources).toMatchObject([{ title: "Roofing FAQ" }]);
    expect(done.data.userMessage).toMatchObject({ role: "user", content: "How long is the warranty?" });
    expect(llm.requests.at(-1)).toMatchObject({ stream: true });
  });

  it("shows nothing of a NO_ANSWER and ends with the bot's offer", async () => {
    const session = await startSession();
    llm.answerNext("NO_ANSWER");
    const events = await readEvents(await send(session, { text: "How long is the warranty on gutters?" }));
    expect(events.filter((e) => e.event === "delta")).toEqual([]);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect((done.data.messages as { content: string }[]).map((m) => m.content)).toEqual([STARTER_OFFER]);
  });

  it("ends with the best passage when the provider fails", async () => {
    const session = await startSession();
    llm.fail(500, 2);
    const events = await readEvents(await send(session, { text: "When is your office open?" }));
    expect(events.filter((e) => e.event === "delta")).toEqual([]);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const [answer] = done.data.messages as { content: string }[];
    expect(answer!.content).toContain("Monday to Friday");
  });
});

describe("without an LLM, and refusals", () => {
  it("answers from the knowledge base as before: the stream holds only the stored answer", async () => {
    const session = await startSession();
    const before = llm.requests.length;
    const events = await readEvents(await send(session, { text: "When is your office open?" }));
    expect(events.map((e) => e.event)).toEqual(["done"]);
    const [answer] = events[0]!.data.messages as { content: string; sources: { title: string }[] }[];
    expect(answer!.content).toContain("Monday to Friday");
    expect(answer!.sources[0]!.title).toBe("Roofing FAQ");
    // The same question as JSON: the same answer.
    const json = await send(session, { text: "When is your office open?" }, false);
    expect(json.status).toBe(201);
    expect((await json.json()).messages[0].content).toBe(answer!.content);
    expect(llm.requests.length).toBe(before);
  });

  it("refuses a malformed message or another visitor's token as JSON 4xx with CORS, not as a stream", async () => {
    const session = await startSession();
    const empty = await send(session, { text: "   " });
    expect(empty.status).toBe(400);
    expect(empty.headers.get("content-type")).toMatch(/^application\/json/);
    expect(empty.headers.get("access-control-allow-origin")).toBe(SITE);
    const tooLong = await send(session, { text: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    const wrongToken = await send({ id: session.id, token: "t".repeat(40) }, { text: "Hello there" });
    // Another visitor's token: the conversation is not theirs to see.
    expect(wrongToken.status).toBe(404);
    expect(wrongToken.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await wrongToken.json()).error.code).toBe("not_found");
  });
});
