import { NextRequest } from "next/server";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { OPTIONS as preflight, POST as postSession } from "@/app/api/chat/[botKey]/sessions/route";
import {
  GET as getMessages,
  POST as postMessage,
} from "@/app/api/chat/[botKey]/sessions/[id]/messages/route";
import { GET as getWidget } from "@/app/widget.js/route";
import { createBot, publishBotFlow, saveBotFlow, updateBot, type Bot } from "@/lib/chatbots/bots";
import { createTextDocumentTx, createUploadedDocumentTx, getDocument } from "@/lib/chatbots/documents";
import { STARTER_OFFER, type FlowDefinition } from "@/lib/chatbots/flow/definition";
import { extractPdf, pdfLimits, processDocument, STOPPED_MESSAGE } from "@/lib/chatbots/processing";
import { handleVisitorMessage, startConversation } from "@/lib/chatbots/runtime";
import { getTranscript, listSessions, replyAsAgent } from "@/lib/chatbots/sessions";
import { withUser, type Sql } from "@/lib/db/client";
import { startWorker } from "@/lib/engine/worker";
import { roofingFaq } from "@/tests/fixtures/answers";
import { corpusDocuments } from "@/tests/fixtures/chatbot-corpus";
import { testSql } from "@/tests/support/db";
import { startLlmServer } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The public chat API through its route handlers and the real database: a conversation follows
 * the bot's flow (email validated and re-asked, lead into contacts, goal, hand-off seen by the
 * team's inbox, agent reply seen by the visitor), and every refusal is a clear 4xx.
 */

const SHOP = "https://shop.example";
let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let botA: Bot;
let botB: Bot;
let ipCounter = 0;

type Msg = {
  seq: number;
  role: string;
  content: string;
  sources: { title: string }[];
  choices: string[] | null;
};

function request(
  method: string,
  path: string,
  {
    origin = SHOP,
    token,
    body,
    ip,
  }: { origin?: string | null; token?: string; body?: unknown; ip?: string } = {},
) {
  const headers = new Headers({
    "content-type": "application/json",
    "x-forwarded-for": ip ?? `10.0.0.${++ipCounter % 250}`,
  });
  if (origin) headers.set("origin", origin);
  if (token) headers.set("x-visitor-token", token);
  return new NextRequest(`http://localhost${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function start(bot: Pick<Bot, "public_key">, options: Parameters<typeof request>[2] = {}) {
  const res = await postSession(
    request("POST", `/api/chat/${bot.public_key}/sessions`, { body: {}, ...options }),
    {
      params: Promise.resolve({ botKey: bot.public_key }),
    },
  );
  return { res, body: await res.json() };
}

async function say(
  bot: Pick<Bot, "public_key">,
  session: { id: string; token: string },
  text: unknown,
  options: Parameters<typeof request>[2] = {},
) {
  const res = await postMessage(
    request("POST", `/api/chat/${bot.public_key}/sessions/${session.id}/messages`, {
      token: session.token,
      body: typeof text === "string" ? { text } : text,
      ...options,
    }),
    { params: Promise.resolve({ botKey: bot.public_key, id: session.id }) },
  );
  return { res, body: await res.json() };
}

function node(id: string, type: string, config: Record<string, unknown>) {
  return { id, type, position: { x: 0, y: 0 }, data: { config } };
}
function edge(source: string, sourceHandle: string, target: string) {
  return { id: `${source}.${sourceHandle}->${target}.in`, source, sourceHandle, target, targetHandle: "in" };
}

const leadFlow: FlowDefinition = {
  nodes: [
    node("start_1", "start", {}),
    node("message_1", "message", { text: "I can help you get set up." }),
    node("ask_name", "ask", { question: "What's your name?", kind: "text", variable: "name" }),
    node("ask_email", "ask", {
      question: "Thanks {{ name }}! What's your email?",
      kind: "email",
      variable: "email",
    }),
    node("collect_lead_1", "collect_lead", {
      email_variable: "email",
      first_name_variable: "name",
      tags: ["chatbot"],
    }),
    node("tag_contact_1", "tag_contact", { tags: ["trial-interest"] }),
    node("goal_1", "goal", { name: "Lead captured", message: "Great, you're on our list." }),
    node("ask_next", "ask", {
      question: "What next?",
      kind: "choice",
      variable: "next",
      choices: ["Ask a question", "Talk to a person"],
    }),
    node("condition_1", "condition", { variable: "next", operator: "equals", value: "Talk to a person" }),
    node("handoff_1", "handoff", { message: "Connecting you with our team." }),
    node("knowledge_answer_1", "knowledge_answer", { prompt: "Ask me anything." }),
  ],
  edges: [
    edge("start_1", "out", "message_1"),
    edge("message_1", "out", "ask_name"),
    edge("ask_name", "out", "ask_email"),
    edge("ask_email", "out", "collect_lead_1"),
    edge("collect_lead_1", "out", "tag_contact_1"),
    edge("tag_contact_1", "out", "goal_1"),
    edge("goal_1", "out", "ask_next"),
    edge("ask_next", "out", "condition_1"),
    edge("condition_1", "true", "handoff_1"),
    edge("condition_1", "false", "knowledge_answer_1"),
  ],
  viewport: { x: 0, y: 0, zoom: 1 },
};

// These tests stand for a deployment behind one proxy of ours: each request's X-Forwarded-For ends
// with the address that proxy saw (tests/int/client-ip.int.test.ts covers no proxy at all).
const savedHops = process.env.TRUSTED_PROXY_HOPS;

beforeAll(async () => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  sql = testSql();
  a = await createTenant(sql, "Chat A");
  b = await createTenant(sql, "Chat B");
  botA = await withUser(
    a.members.bot_trainer,
    async (tx) => {
      const bot = await createBot(tx, a.id, {
        name: "Harborline",
        greeting: "Hi, I'm the Harborline assistant.",
        allowed_origins: [SHOP, "http://localhost:4000/"],
      });
      const saved = await saveBotFlow(tx, a.id, bot.id, leadFlow, 1);
      expect(saved.problems.filter((p) => p.severity === "error")).toEqual([]);
      await publishBotFlow(tx, a.id, bot.id);
      const doc = await createTextDocumentTx(tx, a.id, bot.id, {
        title: corpusDocuments[1]!.title,
        text: corpusDocuments[1]!.markdown,
        format: "markdown",
      });
      return { ...bot, docId: doc.id };
    },
    sql,
  );
  await processDocument((botA as Bot & { docId: string }).docId, sql);
  botB = await withUser(
    b.members.owner,
    (tx) => createBot(tx, b.id, { name: "Other", allowed_origins: ["*"] }),
    sql,
  );
});

afterAll(async () => {
  await deleteTenants(sql, [a, b]);
  await sql.end();
  if (savedHops === undefined) delete process.env.TRUSTED_PROXY_HOPS;
  else process.env.TRUSTED_PROXY_HOPS = savedHops;
});

describe("a conversation through the public API", () => {
  let session: { id: string; token: string };
  let lastSeq = 0;

  it("starts with the greeting and the flow's first question, with CORS for the allowed origin", async () => {
    const { res, body } = await start(botA);
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(body.messages.map((m: Msg) => m.content)).toEqual([
      "Hi, I'm the Harborline assistant.",
      "I can help you get set up.",
      "What's your name?",
    ]);
    expect(body.visitorToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    session = { id: body.session.id, token: body.visitorToken };
    const [row] =
      await sql`select visitor_token_hash, origin from conversation_sessions where id = ${session.id}`;
    expect(row!.visitor_token_hash).not.toContain(body.visitorToken);
    expect(row!.origin).toBe(SHOP);
  });

  it("validates the email and asks again when it is not one", async () => {
    const name = await say(botA, session, "Ana");
    expect(name.res.status).toBe(201);
    expect(name.body.messages.map((m: Msg) => m.content)).toEqual(["Thanks Ana! What's your email?"]);
    const bad = await say(botA, session, "ana at example dot com");
    expect(bad.body.messages).toHaveLength(1);
    expect(bad.body.messages[0].content).toMatch(
      /does not look like an email address[\s\S]*What's your email\?/,
    );
    const [contacts] =
      await sql`select count(*)::int as n from contacts where organization_id = ${a.id} and source = 'chatbot'`;
    expect(contacts!.n).toBe(0);
  });

  it("collects the lead into contacts, tags it and reaches the goal", async () => {
    const ok = await say(botA, session, "Ana.Lead@Example.test");
    expect(ok.res.status).toBe(201);
    expect(ok.body.session.goalReached).toBe(true);
    expect(ok.body.messages.map((m: Msg) => m.content)).toEqual(["Great, you're on our list.", "What next?"]);
    expect(ok.body.messages[1].choices).toEqual(["Ask a question", "Talk to a person"]);
    const [contact] = await sql`select id, first_name, email::text, tags, source from contacts
                                where organization_id = ${a.id} and email = 'ana.lead@example.test'`;
    expect(contact).toMatchObject({
      first_name: "Ana",
      source: "chatbot",
      tags: ["chatbot", "trial-interest"],
    });
    const [s] =
      await sql`select contact_id, goal_reached, contact_info from conversation_sessions where id = ${session.id}`;
    expect(s).toMatchObject({
      contact_id: contact!.id,
      goal_reached: true,
      contact_info: { email: "ana.lead@example.test" },
    });
  });

  it("does not let a visitor rewrite an existing contact by typing its email", async () => {
    const [known] = await sql<{ id: string }[]>`
      insert into contacts (organization_id, first_name, last_name, email, phone, tags, source)
      values (${a.id}, 'Maria', 'Known', 'maria.known@example.test', '+15550001', '{vip}', 'manual')
      returning id`;
    const { body } = await start(botA);
    const visitor = { id: body.session.id, token: body.visitorToken };
    await say(botA, visitor, "Mallory");
    const done = await say(botA, visitor, "maria.known@example.test");
    expect(done.body.session.goalReached).toBe(true);
    const [contact] =
      await sql`select first_name, last_name, phone, tags from contacts where id = ${known!.id}`;
    expect(contact).toMatchObject({
      first_name: "Maria",
      last_name: "Known",
      phone: "+15550001",
      tags: ["chatbot", "trial-interest", "vip"],
    });
    const [s] = await sql`select contact_id from conversation_sessions where id = ${visitor.id}`;
    expect(s!.contact_id).toBe(known!.id);
  });

  it("answers from the knowledge base with its source", async () => {
    const choice = await say(botA, session, "ask a question");
    expect(choice.body.messages.map((m: Msg) => m.content)).toEqual(["Ask me anything."]);
    const answer = await say(botA, session, "How do I turn on two-factor authentication?");
    expect(answer.body.messages).toHaveLength(1);
    expect(answer.body.messages[0].content).toContain("authenticator app");
    expect(answer.body.messages[0].sources[0].title).toBe("Security and privacy");
    const unknown = await say(botA, session, "Do you sell garden furniture?");
    expect(unknown.body.messages[0].content).toBe(botA.fallback_message);
    const [flag] =
      await sql`select unanswered from conversation_messages where id = ${unknown.body.userMessage.id}`;
    expect(flag!.unanswered).toBe(true);
    lastSeq = unknown.body.messages[0].seq;
  });

  it("hands off to a human, and the team's inbox lists it as handed off", async () => {
    const handoff = await say(botA, session, "Can I talk to a human please?");
    expect(handoff.body.session.status).toBe("handed_off");
    const inbox = await withUser(
      a.members.sales,
      (tx) => listSessions(tx, a.id, { status: "handed_off" }),
      sql,
    );
    expect(inbox.sessions.map((s) => s.id)).toContain(session.id);
    const listed = inbox.sessions.find((s) => s.id === session.id)!;
    expect(listed).toMatchObject({
      bot_name: "Harborline",
      contact_email: "ana.lead@example.test",
      goal_reached: true,
    });
    // While a human has it, the bot stays quiet.
    const quiet = await say(botA, session, "Hello?");
    expect(quiet.body.messages).toEqual([]);
    lastSeq = quiet.body.userMessage.seq;
  });

  it("shows the agent's reply to the visitor on the next poll", async () => {
    await withUser(
      a.members.sales,
      (tx) => replyAsAgent(tx, a.id, session.id, "Hi Ana, Sam here. How can I help?"),
      sql,
    );
    const res = await getMessages(
      request("GET", `/api/chat/${botA.public_key}/sessions/${session.id}/messages?after=${lastSeq}`, {
        token: session.token,
      }),
      { params: Promise.resolve({ botKey: botA.public_key, id: session.id }) },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.messages).toMatchObject([
      { role: "agent", content: "Hi Ana, Sam here. How can I help?", author_name: expect.any(String) },
    ]);
    const transcript = await withUser(a.members.viewer, (tx) => getTranscript(tx, a.id, session.id), sql);
    expect(transcript.messages.map((m) => m.role)).toEqual([
      "bot",
      "bot",
      "bot",
      "user",
      "bot",
      "user",
      "bot",
      "user",
      "bot",
      "bot",
      "user",
      "bot",
      "user",
      "bot",
      "user",
      "bot",
      "user",
      "bot",
      "user",
      "agent",
    ]);
  });
});

describe("the default flow's lead capture is an offer, not a wall", () => {
  let roofer: Bot;

  beforeAll(async () => {
    // A new bot gets the default flow: answer from the knowledge base, offer to take an email on a miss.
    const { bot, docId } = await withUser(
      a.members.bot_trainer,
      async (tx) => {
        const bot = await createBot(tx, a.id, { name: "Roofer", allowed_origins: [SHOP] });
        const doc = await createTextDocumentTx(tx, a.id, bot.id, roofingFaq.documents[0]!);
        return { bot, docId: doc.id };
      },
      sql,
    );
    expect(await processDocument(docId, sql)).toBe("ready");
    roofer = bot;
  });

  it("answers the next question after a miss, asks again for a mistyped email, and still takes one", async () => {
    const { body } = await start(roofer);
    const visitor = { id: body.session.id, token: body.visitorToken };
    const miss = await say(roofer, visitor, "Do you sell cars?");
    expect(miss.body.messages.map((m: Msg) => m.content)).toEqual([STARTER_OFFER]);
    const [flag] =
      await sql`select unanswered from conversation_messages where id = ${miss.body.userMessage.id}`;
    expect(flag!.unanswered).toBe(true);

    // The visitor asks something else instead of leaving an email: it is answered.
    const next = await say(roofer, visitor, "When is your office open?");
    expect(next.res.status).toBe(201);
    expect(next.body.messages).toHaveLength(1);
    expect(next.body.messages[0].content).toContain("Monday to Friday");
    expect(next.body.messages[0].sources[0].title).toBe("Roofing FAQ");
    expect(next.body.messages[0].content).not.toMatch(/does not look like an email/);

    // Another miss meets the offer again; a mistyped email is asked for again.
    const again = await say(roofer, visitor, "Do you install swimming pools?");
    expect(again.body.messages.map((m: Msg) => m.content)).toEqual([STARTER_OFFER]);
    const typo = await say(roofer, visitor, "sam@roofs");
    expect(typo.body.messages[0].content).toMatch(
      /does not look like an email address[\s\S]*ask me something else/,
    );

    const email = await say(roofer, visitor, "Sam.Roof@Example.test");
    expect(email.body.session.goalReached).toBe(true);
    expect(email.body.messages.map((m: Msg) => m.content)).toEqual(["Thanks! We will be in touch soon."]);
    const [contact] = await sql`select source, tags from contacts
                                where organization_id = ${a.id} and email = 'sam.roof@example.test'`;
    expect(contact).toMatchObject({ source: "chatbot", tags: ["chatbot"] });

    // After the goal, questions are still answered from the knowledge base.
    const after = await say(roofer, visitor, "How long is the warranty?");
    expect(after.body.messages[0].content).toContain("10-year workmanship warranty");
  });

  it("hands off from the offer when the visitor asks for a person", async () => {
    const { body } = await start(roofer);
    const visitor = { id: body.session.id, token: body.visitorToken };
    await say(roofer, visitor, "Do you sell cars?");
    const handoff = await say(roofer, visitor, "Can I talk to a real person?");
    expect(handoff.body.session.status).toBe("handed_off");
  });
});

describe("refusals", () => {
  it("refuses a browser on a disallowed origin, before and after preflight", async () => {
    const { res, body } = await start(botA, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(body.error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("https://evil.example"),
    });
    const denied = await preflight(
      request("OPTIONS", `/api/chat/${botA.public_key}/sessions`, { origin: "https://evil.example" }),
      {
        params: Promise.resolve({ botKey: botA.public_key }),
      },
    );
    expect(denied.status).toBe(403);
    const allowed = await preflight(
      request("OPTIONS", `/api/chat/${botA.public_key}/sessions`, { origin: "http://localhost:4000" }),
      {
        params: Promise.resolve({ botKey: botA.public_key }),
      },
    );
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:4000");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("x-visitor-token");
  });

  it("refuses a message from a disallowed origin on an existing session", async () => {
    const { body } = await start(botA);
    const session = { id: body.session.id, token: body.visitorToken };
    const { res, body: refused } = await say(botA, session, "Ana", { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(refused.error.code).toBe("forbidden");
  });

  it("refuses messages over the per-IP rate limit with 429 and Retry-After", async () => {
    const saved = process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE;
    process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = "3";
    try {
      const ip = "192.0.2.77";
      const { body } = await start(botA, { ip });
      const session = { id: body.session.id, token: body.visitorToken };
      let refused: { res: Response; body: { error: { code: string; message: string } } } | undefined;
      for (let i = 0; i < 8 && !refused; i++) {
        const r = await say(botA, session, "Ana", { ip });
        if (r.res.status !== 201) refused = r;
      }
      expect(refused?.res.status).toBe(429);
      expect(Number(refused!.res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused!.body.error).toMatchObject({
        code: "rate_limited",
        message: expect.stringMatching(/Too many messages/),
      });
      // Another visitor is not affected.
      expect((await say(botA, session, "Ana", { ip: "192.0.2.78" })).res.status).toBe(201);
    } finally {
      if (saved === undefined) delete process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE;
      else process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = saved;
    }
  });

  it("counts the IP our proxy saw, so a made-up X-Forwarded-For does not dodge the per-IP limit", async () => {
    const saved = process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE;
    process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = "3";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // The client writes a new address each time; our proxy appends the real one.
        const { res } = await start(botA, { ip: `203.0.113.${i + 1}, 192.0.2.99` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
    } finally {
      if (saved === undefined) delete process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE;
      else process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = saved;
    }
  });

  it("refuses messages over the per-bot rate limit, whatever the IP", async () => {
    const bot = await withUser(
      a.members.owner,
      (tx) => createBot(tx, a.id, { name: "Busy", allowed_origins: ["*"] }),
      sql,
    );
    const saved = process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE;
    process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE = "4";
    try {
      const statuses: number[] = [];
      let refusal: { error: { code: string; message: string } } | undefined;
      for (let i = 0; i < 10 && !refusal; i++) {
        const { res, body } = await start(bot, { ip: `198.51.100.${i + 1}` });
        statuses.push(res.status);
        if (res.status !== 201) refusal = body;
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(4);
      expect(refusal!.error.code).toBe("rate_limited");
      // Another bot of the same organization is not affected.
      const quiet = await withUser(
        a.members.owner,
        (tx) => createBot(tx, a.id, { name: "Quiet", allowed_origins: ["*"] }),
        sql,
      );
      expect((await start(quiet, { ip: "198.51.100.200" })).res.status).toBe(201);
    } finally {
      if (saved === undefined) delete process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE;
      else process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE = saved;
    }
  });

  it("reaches only the bot whose key it was given", async () => {
    const { body } = await start(botA);
    const session = { id: body.session.id, token: body.visitorToken };
    // Bot B's key with A's session: not found, and nothing is written to A's session.
    const cross = await say(botB, session, "hello");
    expect(cross.res.status).toBe(404);
    expect(cross.body.error.code).toBe("not_found");
    const [count] =
      await sql`select count(*)::int as n from conversation_messages where session_id = ${session.id} and role = 'user'`;
    expect(count!.n).toBe(0);
    const poll = await getMessages(
      request("GET", `/api/chat/${botB.public_key}/sessions/${session.id}/messages?after=0`, {
        token: session.token,
      }),
      { params: Promise.resolve({ botKey: botB.public_key, id: session.id }) },
    );
    expect(poll.status).toBe(404);
    // A wrong token, no token, an unknown key.
    expect((await say(botA, { ...session, token: "x".repeat(43) }, "hello")).res.status).toBe(404);
    const noToken = await say(botA, { ...session, token: "" }, "hello");
    expect(noToken.res.status).toBe(401);
    expect(noToken.body.error.message).toContain("x-visitor-token");
    expect((await start({ public_key: "bot_" + "0".repeat(40) })).res.status).toBe(404);
    expect((await start({ public_key: "not-a-key" })).res.status).toBe(404);
  });

  it("refuses bad input with clear 4xx errors, never a 500", async () => {
    const { body } = await start(botA);
    const session = { id: body.session.id, token: body.visitorToken };
    const long = await say(botA, session, "x".repeat(2001));
    expect(long.res.status).toBe(400);
    expect(long.body.error.fields.text[0]).toContain("2000 characters");
    expect((await say(botA, session, { text: "" })).res.status).toBe(400);
    expect((await say(botA, session, { message: "hi" })).res.status).toBe(400);
    const notJson = await postMessage(
      request("POST", `/api/chat/${botA.public_key}/sessions/${session.id}/messages`, {
        token: session.token,
        body: "{not json",
      }),
      { params: Promise.resolve({ botKey: botA.public_key, id: session.id }) },
    );
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toBe("The body is not valid JSON.");
    const huge = await say(botA, session, { text: "hi", pad: "y".repeat(9000) });
    expect(huge.res.status).toBe(413);
    expect((await say(botA, { ...session, id: "not-a-uuid" }, "hi")).res.status).toBe(404);
    const poll = await getMessages(
      request("GET", `/api/chat/${botA.public_key}/sessions/${session.id}/messages?after=abc`, {
        token: session.token,
      }),
      { params: Promise.resolve({ botKey: botA.public_key, id: session.id }) },
    );
    expect(poll.status).toBe(400);
  });

  it("refuses a paused bot, telling the widget on an allowed site why", async () => {
    const paused = await withUser(
      a.members.owner,
      (tx) => createBot(tx, a.id, { name: "Paused", status: "paused", allowed_origins: [SHOP] }),
      sql,
    );
    const { res, body } = await start(paused);
    expect(res.status).toBe(403);
    expect(body.error.message).toBe("This chat bot is turned off.");
    // CORS headers, or the browser hides the reason from the widget.
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    const foreign = await start(paused, { origin: "https://evil.example" });
    expect(foreign.res.status).toBe(403);
    expect(foreign.res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a closed conversation with 410 so the widget starts a new one", async () => {
    const { body } = await start(botA);
    await sql`update conversation_sessions set status = 'closed', closed_at = now() where id = ${body.session.id}`;
    const closed = await say(botA, { id: body.session.id, token: body.visitorToken }, "hello");
    expect(closed.res.status).toBe(410);
  });
});

describe("knowledge base uploads", () => {
  it("processes a 20-page PDF with progress visible page by page", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 1; p <= 20; p++) {
      const page = pdf.addPage();
      page.drawText(`Chapter ${p}: warranty terms`, { x: 50, y: 750, size: 16, font });
      for (let l = 0; l < 20; l++)
        page.drawText(
          `Line ${l} of page ${p} explains how claim number ${p * 100 + l} is handled by our service desk.`,
          {
            x: 50,
            y: 720 - l * 18,
            size: 10,
            font,
          },
        );
    }
    const bytes = await pdf.save();
    const doc = await withUser(
      a.members.bot_trainer,
      (tx) =>
        createUploadedDocumentTx(tx, a.id, botA.id, { name: "warranty.pdf", type: "application/pdf", bytes }),
      sql,
    );
    expect(doc).toMatchObject({
      status: "pending",
      mime_type: "application/pdf",
      title: "warranty",
      size_bytes: bytes.length,
    });
    const seen: { progress: number; status: string }[] = [];
    const outcome = await processDocument(doc.id, sql, async () => {
      // What the console's list shows at this moment, as the member sees it.
      const now = await withUser(a.members.viewer, (tx) => getDocument(tx, a.id, doc.id), sql);
      seen.push({ progress: now.progress, status: now.status });
    });
    expect(outcome).toBe("ready");
    const during = seen.filter((s) => s.status === "processing").map((s) => s.progress);
    expect(new Set(during).size).toBeGreaterThanOrEqual(20);
    expect(during).toEqual([...during].sort((x, y) => x - y));
    const done = await withUser(a.members.viewer, (tx) => getDocument(tx, a.id, doc.id), sql);
    expect(done).toMatchObject({ status: "ready", progress: 100, page_count: 20 });
    expect(done.chunk_count).toBeGreaterThan(5);
    const [page] =
      await sql`select max(page)::int as last from document_chunks where document_id = ${doc.id}`;
    expect(page!.last).toBe(20);
  });

  it("refuses files that are not what they claim, too large, or not text", async () => {
    const attempt = (file: { name: string; type: string; bytes: Uint8Array }) =>
      withUser(a.members.bot_trainer, (tx) => createUploadedDocumentTx(tx, a.id, botA.id, file), sql).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      );
    expect(
      await attempt({ name: "fake.pdf", type: "application/pdf", bytes: Buffer.from("hello") }),
    ).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("not a PDF"),
    });
    expect(
      await attempt({ name: "image.png", type: "image/png", bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]) }),
    ).toMatchObject({
      code: "validation_failed",
    });
    expect(
      await attempt({ name: "big.txt", type: "text/plain", bytes: Buffer.alloc(2 * 1024 * 1024 + 1, 97) }),
    ).toMatchObject({
      code: "payload_too_large",
    });
    expect(
      await attempt({ name: "latin1.txt", type: "text/plain", bytes: Buffer.from([0x63, 0x61, 0x66, 0xe9]) }),
    ).toMatchObject({
      message: "The text file is not UTF-8 text.",
    });
  });

  it("marks a damaged PDF failed with a reason", async () => {
    const doc = await withUser(
      a.members.bot_trainer,
      (tx) =>
        createUploadedDocumentTx(tx, a.id, botA.id, {
          name: "broken.pdf",
          type: "application/pdf",
          bytes: Buffer.from("%PDF-1.7\n garbage garbage garbage"),
        }),
      sql,
    );
    expect(await processDocument(doc.id, sql)).toBe("failed");
    const row = await withUser(a.members.viewer, (tx) => getDocument(tx, a.id, doc.id), sql);
    expect(row.status).toBe("failed");
    expect(row.error).toBe("This PDF could not be read: the file seems damaged.");
  });

  it("stops reading a PDF past its time limit and marks the document failed with a reason", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 1; p <= 30; p++) pdf.addPage().drawText(`Page ${p}`, { x: 50, y: 750, size: 12, font });
    const bytes = await pdf.save();
    await expect(extractPdf(bytes, () => {}, { ...pdfLimits(), timeoutMs: 1 })).rejects.toThrow(
      /took longer than/,
    );
    const doc = await withUser(
      a.members.bot_trainer,
      (tx) =>
        createUploadedDocumentTx(tx, a.id, botA.id, { name: "slow.pdf", type: "application/pdf", bytes }),
      sql,
    );
    const saved = process.env.KNOWLEDGE_PDF_TIMEOUT_SECONDS;
    process.env.KNOWLEDGE_PDF_TIMEOUT_SECONDS = "0.001";
    try {
      expect(await processDocument(doc.id, sql)).toBe("failed");
    } finally {
      if (saved === undefined) delete process.env.KNOWLEDGE_PDF_TIMEOUT_SECONDS;
      else process.env.KNOWLEDGE_PDF_TIMEOUT_SECONDS = saved;
    }
    const row = await withUser(a.members.viewer, (tx) => getDocument(tx, a.id, doc.id), sql);
    expect(row).toMatchObject({ status: "failed", error: expect.stringMatching(/took longer than/) });
    // Within the limit the same file reads fine.
    expect((await extractPdf(bytes)).map((p) => p.page)).toHaveLength(30);
  });

  it("fails a document a dead run left in processing instead of reading it again", async () => {
    const doc = await withUser(
      a.members.bot_trainer,
      (tx) => createTextDocumentTx(tx, a.id, botA.id, { title: "Crashed", text: "Some text." }),
      sql,
    );
    await sql`update documents set status = 'processing', progress = 40 where id = ${doc.id}`;
    expect(await processDocument(doc.id, sql)).toBe("failed");
    const row = await withUser(a.members.viewer, (tx) => getDocument(tx, a.id, doc.id), sql);
    expect(row).toMatchObject({ status: "failed", error: STOPPED_MESSAGE, progress: 0 });
  });

  it("serves the widget script", async () => {
    const res = getWidget();
    expect(res.headers.get("content-type")).toContain("javascript");
    const text = await res.text();
    expect(text).toContain("data-bot-key");
    expect(() => new Function(text)).not.toThrow();
  });
});

describe("answers with a language model", () => {
  it("answers through the OpenAI-compatible API with citations, and falls back to the passage when it fails", async () => {
    const llm = await startLlmServer();
    const saved = { base: process.env.LLM_BASE_URL, key: process.env.LLM_API_KEY };
    Object.assign(process.env, llm.env);
    try {
      await withUser(
        a.members.bot_trainer,
        (tx) =>
          updateBot(tx, a.id, botA.id, {
            persona: "Speak like a friendly sailor.",
            model_settings: { model: "gpt-4.1-mini", temperature: 0.1, max_tokens: 300 },
          }),
        sql,
      );
      const { res, body } = await start(botA);
      expect(res.status, JSON.stringify(body)).toBe(201);
      const session = { id: body.session.id, token: body.visitorToken };
      await say(botA, session, "Ana");
      await say(botA, session, "ana.llm@example.test");
      await say(botA, session, "Ask a question");
      const tokensIn = async () =>
        Number(
          (
            await sql`select coalesce(sum(tokens_in), 0) as n from tenant_usage where organization_id = ${a.id}`
          )[0]!.n,
        );
      const tokensBefore = await tokensIn();
      const answer = await say(botA, session, "Where is customer data stored?");
      // The answer's tokens count in the organization's usage.
      expect((await tokensIn()) - tokensBefore).toBe(100);
      expect(answer.body.messages).toHaveLength(1);
      expect(answer.body.messages[0].content).toMatch(/Frankfurt.*\[\d\]$/);
      expect(answer.body.messages[0].sources).toMatchObject([{ title: "Security and privacy" }]);
      const sent = llm.requests.at(-1)!;
      expect(sent).toMatchObject({ model: "gpt-4.1-mini", temperature: 0.1, max_tokens: 300 });
      expect(sent.messages[0]!.content).toContain("Speak like a friendly sailor.");
      expect(sent.messages[0]!.content).toContain("[1] Security and privacy");
      expect(sent.messages.at(-1)).toEqual({ role: "user", content: "Where is customer data stored?" });
      // The provider fails (and again on the retry): the visitor still gets the best passage.
      llm.fail(500, 2);
      const fallback = await say(botA, session, "How do I turn on two-factor authentication?");
      expect(fallback.body.messages[0].content).toContain("authenticator app");
      expect(fallback.body.messages[0].content).not.toMatch(/\[\d\]/);
      // The model finds no answer in the sources: the question counts as unanswered.
      llm.answerNext("NO_ANSWER");
      const none = await say(botA, session, "Where is customer data stored in Virginia exactly?");
      expect(none.body.messages[0].content).toBe(botA.fallback_message);
      const [flag] =
        await sql`select unanswered from conversation_messages where id = ${none.body.userMessage.id}`;
      expect(flag!.unanswered).toBe(true);
    } finally {
      process.env.LLM_BASE_URL = saved.base;
      process.env.LLM_API_KEY = saved.key;
      if (saved.base === undefined) delete process.env.LLM_BASE_URL;
      if (saved.key === undefined) delete process.env.LLM_API_KEY;
      await llm.close();
    }
  });
});

describe("workflows started by a conversation", () => {
  it("queues contact.created for a new lead and conversation.started from a start-workflow step", async () => {
    const def = (event: string) => ({
      nodes: [
        {
          id: "event_1",
          type: "event",
          position: { x: 0, y: 0 },
          data: { config: { event, status: "any" } },
        },
      ],
      edges: [],
      viewport: { x: 0, y: 0, zoom: 1 },
    });
    const workflows: Record<string, string> = {};
    for (const event of ["contact.created", "conversation.started"]) {
      const [w] = await sql<{ id: string }[]>`insert into workflows (organization_id, name, definition)
        values (${a.id}, ${`On ${event}`}, ${sql.json(def(event))}) returning id`;
      const [v] = await sql<
        { id: string }[]
      >`insert into workflow_versions (organization_id, workflow_id, version, definition)
        values (${a.id}, ${w!.id}, 1, ${sql.json(def(event))}) returning id`;
      await sql`update workflows set status = 'active', published_version_id = ${v!.id}, trigger_type = 'event',
                trigger_config = ${sql.json({ event })} where id = ${w!.id}`;
      workflows[event] = w!.id;
    }
    const bot = await withUser(
      a.members.owner,
      async (tx) => {
        const b = await createBot(tx, a.id, { name: "Events", greeting: "" });
        await saveBotFlow(
          tx,
          a.id,
          b.id,
          {
            nodes: [
              node("start_1", "start", {}),
              node("ask_email", "ask", { question: "Your email?", kind: "email", variable: "email" }),
              node("collect_lead_1", "collect_lead", { email_variable: "email" }),
              node("start_workflow_1", "start_workflow", { mode: "event" }),
              node("message_1", "message", { text: "Done." }),
            ],
            edges: [
              edge("start_1", "out", "ask_email"),
              edge("ask_email", "out", "collect_lead_1"),
              edge("collect_lead_1", "out", "start_workflow_1"),
              edge("start_workflow_1", "out", "message_1"),
            ],
            viewport: { x: 0, y: 0, zoom: 1 },
          },
          1,
        );
        return b;
      },
      sql,
    );
    const { body } = await start(bot, { origin: null });
    const reply = await say(bot, { id: body.session.id, token: body.visitorToken }, "events@example.test", {
      origin: null,
    });
    expect(reply.body.messages.map((m: Msg) => m.content)).toEqual(["Done."]);
    // Queued with the turn (the outbox), delivered by a worker: not by the request's process.
    const worker = await startWorker({
      connectionString: inject("appDatabaseUrl"),
      pollInterval: 100,
      schedules: false,
    });
    let runs: { workflow_id: string; trigger_input: Record<string, unknown> }[] = [];
    try {
      for (const deadline = Date.now() + 15_000; runs.length < 2 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        runs = await sql<{ workflow_id: string; trigger_input: Record<string, unknown> }[]>`
          select workflow_id, trigger_input from executions where organization_id = ${a.id}
            and workflow_id in ${sql(Object.values(workflows))}`;
      }
    } finally {
      await worker.stop();
    }
    expect(runs).toHaveLength(2);
    const byWorkflow = Object.fromEntries(runs.map((r) => [r.workflow_id, r.trigger_input]));
    expect(byWorkflow[workflows["contact.created"]!]).toMatchObject({
      event: "contact.created",
      contact: { email: "events@example.test", source: "chatbot" },
    });
    expect(byWorkflow[workflows["conversation.started"]!]).toMatchObject({
      event: "conversation.started",
      conversation: {
        id: body.session.id,
        bot_id: bot.id,
        channel: "chat",
        first_message: "events@example.test",
      },
    });
  });
});

describe("flow edits", () => {
  it("reach visitors when published and the test chat at once, though the parsed flow is cached", async () => {
    const flow = (reply: string): FlowDefinition => ({
      nodes: [
        node("start_1", "start", {}),
        node("ask_1", "ask", { question: "Your name?", kind: "text", variable: "name" }),
        node("message_1", "message", { text: reply }),
      ],
      edges: [edge("start_1", "out", "ask_1"), edge("ask_1", "out", "message_1")],
      viewport: { x: 0, y: 0, zoom: 1 },
    });
    const bot = await withUser(
      a.members.owner,
      async (tx) => {
        const b = await createBot(tx, a.id, { name: "Edited", greeting: "", allowed_origins: [SHOP] });
        await saveBotFlow(tx, a.id, b.id, flow("Old reply {{ name }}."), 1);
        await publishBotFlow(tx, a.id, b.id);
        return b;
      },
      sql,
    );
    const first = await start(bot);
    const second = await start(bot); // the published flow is now cached in this process
    expect(first.body.messages.map((m: Msg) => m.content)).toEqual(["Your name?"]);
    const old = await say(bot, { id: first.body.session.id, token: first.body.visitorToken }, "Ana");
    expect(old.body.messages.map((m: Msg) => m.content)).toEqual(["Old reply Ana."]);

    // A draft edit changes nothing for visitors until it is published; the test chat has it at once.
    await withUser(
      a.members.owner,
      (tx) => saveBotFlow(tx, a.id, bot.id, flow("New reply {{ name }}."), 2),
      sql,
    );
    const draftOnly = await say(bot, { id: second.body.session.id, token: second.body.visitorToken }, "Bo");
    expect(draftOnly.body.messages.map((m: Msg) => m.content)).toEqual(["Old reply Bo."]);
    const test = await startConversation(bot, { channel: "test", useDraft: true, db: sql });
    const tested = await handleVisitorMessage(bot, test.sessionId, test.visitorToken, "Di", {
      useDraft: true,
      db: sql,
    });
    expect(tested.messages.map((m) => m.content)).toEqual(["New reply Di."]);

    await withUser(a.members.owner, (tx) => publishBotFlow(tx, a.id, bot.id), sql);
    const third = await start(bot);
    const fresh = await say(bot, { id: third.body.session.id, token: third.body.visitorToken }, "Cy");
    expect(fresh.body.messages.map((m: Msg) => m.content)).toEqual(["New reply Cy."]);
  });
});

describe("bots", () => {
  it("changes only the fields a patch names", async () => {
    const before = await withUser(
      a.members.owner,
      (tx) => createBot(tx, a.id, { name: "Patch me", allowed_origins: [SHOP], greeting: "Ahoy" }),
      sql,
    );
    const after = await withUser(
      a.members.owner,
      (tx) => updateBot(tx, a.id, before.id, { persona: "Brief." }),
      sql,
    );
    expect(after).toMatchObject({
      persona: "Brief.",
      greeting: "Ahoy",
      allowed_origins: [SHOP],
      status: "active",
      name: "Patch me",
    });
  });

  it("normalises allowed origins and refuses a malformed one", async () => {
    const updated = await withUser(
      a.members.bot_trainer,
      (tx) => updateBot(tx, a.id, botA.id, { allowed_origins: [SHOP, "https://www.example.com/some/path"] }),
      sql,
    );
    expect(updated.allowed_origins).toEqual([SHOP, "https://www.example.com"]);
    const bad = await withUser(
      a.members.bot_trainer,
      (tx) => updateBot(tx, a.id, botA.id, { allowed_origins: ["not a site"] }),
      sql,
    ).catch((e: Error) => e);
    expect((bad as Error).message).toContain("not a website address");
  });
});
