import { NextRequest } from "next/server";
import type { Sql, UserClaims } from "@/lib/db/client";
import { isExpectedPassage, type KnowledgeSuite } from "@/tests/fixtures/answers";

/**
 * Runs the answer-quality suite (tests/fixtures/answers) the way a visitor meets it: a bot with
 * the default flow and the suite's documents (processed by the real job), and every question asked
 * in a conversation of its own through the public chat API's route handlers
 * (POST /api/chat/<key>/sessions, then …/messages). Shared by tests/int/answers.int.test.ts and
 * bench/answers.ts. Route modules are imported when first used, after the caller has pointed
 * DATABASE_URL at its database.
 */

export type SuiteBot = {
  id: string;
  public_key: string;
  chunks: Map<string, { heading: string; content: string }>;
};

export type QuestionOutcome = {
  question: string;
  expected: string | null;
  /** The passage the bot answered from (its first source), or null when it declined. */
  answeredFrom: { heading: string; content: string } | null;
  verdict: "right" | "wrong" | "missed" | "declined" | "answered_unanswerable";
};

export type SuiteResult = {
  name: string;
  answerable: number;
  right: number;
  wrong: number;
  missed: number;
  unanswerable: number;
  declined: number;
  outcomes: QuestionOutcome[];
};

export async function createSuiteBot(
  sql: Sql,
  claims: UserClaims,
  organizationId: string,
  suite: KnowledgeSuite,
): Promise<SuiteBot> {
  const { withUser } = await import("@/lib/db/client");
  const { createBot } = await import("@/lib/chatbots/bots");
  const { createTextDocumentTx } = await import("@/lib/chatbots/documents");
  const { processDocument } = await import("@/lib/chatbots/processing");
  const { bot, docIds } = await withUser(
    claims,
    async (tx) => {
      const bot = await createBot(tx, organizationId, {
        name: `Suite ${suite.name}`,
        allowed_origins: ["*"],
      });
      const docIds: string[] = [];
      for (const d of suite.documents)
        docIds.push((await createTextDocumentTx(tx, organizationId, bot.id, d)).id);
      return { bot, docIds };
    },
    sql,
  );
  for (const id of docIds) {
    const outcome = await processDocument(id, sql);
    if (outcome !== "ready") throw new Error(`document ${id} of suite ${suite.name}: ${outcome}`);
  }
  const rows = await sql<{ id: string; heading: string; content: string }[]>`
    select id, heading, content from document_chunks where bot_id = ${bot.id}`;
  return {
    id: bot.id,
    public_key: bot.public_key,
    chunks: new Map(rows.map((r) => [r.id, { heading: r.heading, content: r.content }])),
  };
}

type Message = { role: string; content: string; sources: { chunk_id: string }[] };

let visitor = 0;

/** A new conversation, one question; what the bot answered from (null: it declined). */
export async function askThroughChatApi(
  bot: SuiteBot,
  question: string,
): Promise<{ chunkId: string | null; replies: string[] }> {
  const sessions = await import("@/app/api/chat/[botKey]/sessions/route");
  const messages = await import("@/app/api/chat/[botKey]/sessions/[id]/messages/route");
  const ip = `10.9.${Math.floor(++visitor / 250) % 250}.${visitor % 250}`;
  const headers = (token?: string) =>
    new Headers({
      "content-type": "application/json",
      "x-forwarded-for": ip,
      ...(token ? { "x-visitor-token": token } : {}),
    });
  const res = await sessions.POST(
    new NextRequest(`http://localhost/api/chat/${bot.public_key}/sessions`, {
      method: "POST",
      headers: headers(),
      body: "{}",
    }),
    { params: Promise.resolve({ botKey: bot.public_key }) },
  );
  const started = (await res.json()) as { session: { id: string }; visitorToken: string };
  if (res.status !== 201) throw new Error(`start session: ${res.status} ${JSON.stringify(started)}`);
  const id = started.session.id;
  const reply = await messages.POST(
    new NextRequest(`http://localhost/api/chat/${bot.public_key}/sessions/${id}/messages`, {
      method: "POST",
      headers: headers(started.visitorToken),
      body: JSON.stringify({ text: question }),
    }),
    { params: Promise.resolve({ botKey: bot.public_key, id }) },
  );
  const body = (await reply.json()) as { messages: Message[] };
  if (reply.status !== 201) throw new Error(`message: ${reply.status} ${JSON.stringify(body)}`);
  const sourced = body.messages.find((m) => m.sources?.length);
  return { chunkId: sourced?.sources[0]?.chunk_id ?? null, replies: body.messages.map((m) => m.content) };
}

/** Every question of the suite through the chat API, tallied. */
export async function runSuiteThroughChatApi(bot: SuiteBot, suite: KnowledgeSuite): Promise<SuiteResult> {
  const outcomes: QuestionOutcome[] = [];
  for (const { q, a } of suite.questions) {
    const { chunkId } = await askThroughChatApi(bot, q);
    const chunk = chunkId ? (bot.chunks.get(chunkId) ?? null) : null;
    outcomes.push({
      question: q,
      expected: a,
      answeredFrom: chunk,
      verdict: !chunk ? "missed" : isExpectedPassage(chunk, a) ? "right" : "wrong",
    });
  }
  for (const q of suite.unanswerable) {
    const { chunkId } = await askThroughChatApi(bot, q);
    const chunk = chunkId ? (bot.chunks.get(chunkId) ?? null) : null;
    outcomes.push({
      question: q,
      expected: null,
      answeredFrom: chunk,
      verdict: chunk ? "answered_unanswerable" : "declined",
    });
  }
  return tally(suite.name, outcomes);
}

export function tally(name: string, outcomes: QuestionOutcome[]): SuiteResult {
  const count = (v: QuestionOutcome["verdict"]) => outcomes.filter((o) => o.verdict === v).length;
  return {
    name,
    answerable: outcomes.filter((o) => o.expected !== null).length,
    right: count("right"),
    wrong: count("wrong"),
    missed: count("missed"),
    unanswerable: outcomes.filter((o) => o.expected === null).length,
    declined: count("declined"),
    outcomes,
  };
}

/** Several suites' results as one. */
export function combine(results: SuiteResult[]): SuiteResult {
  return tally(
    "overall",
    results.flatMap((r) => r.outcomes),
  );
}

export const pct = (n: number, of: number) => (of ? (100 * n) / of : 0);

/** "right 92.1% · wrong 2.6% · declined 94.0%" and the counts. */
export function describeResult(r: SuiteResult): string {
  const p = (n: number, of: number) => `${pct(n, of).toFixed(1)}%`.padStart(6);
  return (
    `${r.name.padEnd(11)} right ${p(r.right, r.answerable)}  wrong ${p(r.wrong, r.answerable)}  ` +
    `missed ${p(r.missed, r.answerable)}  (of ${r.answerable})   declined ${p(r.declined, r.unanswerable)} (of ${r.unanswerable})`
  );
}
