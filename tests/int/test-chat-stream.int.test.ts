import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBot, type Bot } from "@/lib/chatbots/bots";
import { createTextDocumentTx } from "@/lib/chatbots/documents";
import { processDocument } from "@/lib/chatbots/processing";
import { startTestConversation } from "@/lib/chatbots/test-chat";
import { withUser, type Sql, type UserClaims } from "@/lib/db/client";
import { roofingFaq } from "@/tests/fixtures/answers";
import { testSql } from "@/tests/support/db";
import { startLlmServer, type LlmTestServer } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

// The route reads the session: the signed-in member's verified claims are given.
const signedIn = vi.hoisted(() => ({ claims: null as UserClaims | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/session")>()),
  getClaims: async () => signedIn.claims,
}));

const route = await import("@/app/(app)/o/[slug]/bots/[id]/test-chat/route");

/**
 * The console's test chat, streamed: a member who may edit the bot sends a message to the draft
 * flow and reads the LLM's answer as server-sent events; everyone else is refused as JSON.
 */

let sql: Sql;
let a: TestTenant;
let b: TestTenant;
let bot: Bot;
let llm: LlmTestServer;

function post(claims: UserClaims | null, body: unknown, slug = a.slug, id = bot.id) {
  signedIn.claims = claims;
  return route.POST(
    new Request(`http://localhost/o/${slug}/bots/${id}/test-chat`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ slug, id }) },
  );
}

async function events(res: Response) {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => ({
      event: /^event: (.*)$/m.exec(frame)![1]!,
      data: JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as Record<string, unknown>,
    }));
}

beforeAll(async () => {
  sql = testSql();
  a = await createTenant(sql, "Test chat A");
  b = await createTenant(sql, "Test chat B");
  const made = await withUser(
    a.members.bot_trainer,
    async (tx) => {
      const created = await createBot(tx, a.id, { name: "Roofer" });
      const doc = await createTextDocumentTx(tx, a.id, created.id, roofingFaq.documents[0]!);
      return { created, docId: doc.id };
    },
    sql,
  );
  expect(await processDocument(made.docId, sql)).toBe("ready");
  bot = made.created;
  llm = await startLlmServer();
  Object.assign(process.env, llm.env);
});

afterAll(async () => {
  delete process.env.LLM_BASE_URL;
  delete process.env.LLM_API_KEY;
  await llm.close();
  await deleteTenants(sql, [a, b]);
  await sql.end();
});

describe("the streamed test chat", () => {
  it("streams the LLM's answer to a member who may edit the bot, then the stored turn", async () => {
    const started = await startTestConversation(a.members.bot_trainer, a.id, bot.id);
    const res = await post(a.members.bot_trainer, {
      session_id: started.sessionId,
      token: started.visitorToken,
      text: "How long is the warranty?",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const all = await events(res);
    expect(all[0]).toMatchObject({ event: "sources", data: { sources: [{ title: "Roofing FAQ" }] } });
    const text = all
      .filter((e) => e.event === "delta")
      .map((e) => e.data.text)
      .join("");
    const done = all.at(-1)!;
    expect(done.event).toBe("done");
    const messages = done.data.messages as { role: string; content: string; sources: { title: string }[] }[];
    expect(messages.map((m) => m.role)).toEqual(["user", "bot"]);
    expect(messages[1]!.content).toBe(text);
    expect(messages[1]!.content).toMatch(/warranty/i);
    expect(messages[1]!.sources[0]!.title).toBe("Roofing FAQ");
  });

  it("refuses a viewer, another organization, a bad bot id and a malformed message as JSON", async () => {
    const started = await startTestConversation(a.members.bot_trainer, a.id, bot.id);
    const message = { session_id: started.sessionId, token: started.visitorToken, text: "Hi" };
    const viewer = await post(a.members.viewer, message);
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await post(b.members.owner, message)).status).toBe(404);
    expect((await post(a.members.owner, message, a.slug, "not-a-bot")).status).toBe(404);
    const empty = await post(a.members.owner, { ...message, text: "  " });
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.fields.text).toEqual(["Type a message."]);
    expect((await post(null, message)).status).toBe(401);
  });
});
