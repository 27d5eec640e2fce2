import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "@/lib/db/client";
import { answerSuites, type KnowledgeSuite } from "@/tests/fixtures/answers";
import {
  combine,
  createSuiteBot,
  describeResult,
  pct,
  runSuiteThroughChatApi,
  type SuiteBot,
  type SuiteResult,
} from "@/tests/support/answer-suite";
import { testSql } from "@/tests/support/db";
import { startLlmServer, TEST_LLM_KEY, type LlmTestServer } from "@/tests/support/llm-server";
import { createTenant, deleteTenants, type TestTenant } from "@/tests/support/tenants";

/**
 * The answer-quality floor (issue #19): the three knowledge bases of tests/fixtures/answers, every
 * question asked in a new conversation through the public chat API's route handlers, on bots with
 * the default flow and no LLM. Full-text retrieval must keep answering from the right passage,
 * rarely from a wrong one, and decline what the knowledge base cannot answer; hybrid retrieval
 * (vectors from the test embedder, scanned exactly: no pgvector here) must not fall below it.
 * bench/answers.ts prints the exact figures; the floors sit a little below them so that only a
 * real regression fails.
 */

const FLOOR = { right: 85, wrong: 8, declined: 85 };

let sql: Sql;
let tenant: TestTenant;
let embedder: LlmTestServer;
const bots: [KnowledgeSuite, SuiteBot][] = [];

beforeAll(async () => {
  sql = testSql();
  tenant = await createTenant(sql, "Answers");
  embedder = await startLlmServer();
  process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = "100000";
  process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE = "100000";
  delete process.env.LLM_BASE_URL;
  // Documents are processed with vectors, for the hybrid run.
  Object.assign(process.env, {
    EMBEDDING_BASE_URL: `${embedder.url}/v1`,
    EMBEDDING_API_KEY: TEST_LLM_KEY,
    EMBEDDING_MODEL: "orgflow-test-embedder",
  });
  for (const suite of answerSuites)
    bots.push([suite, await createSuiteBot(sql, tenant.members.bot_trainer, tenant.id, suite)]);
}, 120_000);

afterAll(async () => {
  delete process.env.EMBEDDING_MODEL;
  await embedder.close();
  await deleteTenants(sql, [tenant]);
  await sql.end();
});

async function runAll(): Promise<SuiteResult> {
  const results: SuiteResult[] = [];
  for (const [suite, bot] of bots) results.push(await runSuiteThroughChatApi(bot, suite));
  const overall = combine(results);
  for (const r of [...results, overall]) console.log(`[answers] ${describeResult(r)}`);
  return overall;
}

function expectFloor(r: SuiteResult) {
  expect(r.answerable).toBeGreaterThanOrEqual(90);
  expect(r.unanswerable).toBeGreaterThanOrEqual(45);
  const misses = r.outcomes
    .filter((o) => o.verdict !== "right" && o.verdict !== "declined")
    .map((o) => `${o.verdict}: ${o.question}`);
  expect(pct(r.right, r.answerable), misses.join("\n")).toBeGreaterThanOrEqual(FLOOR.right);
  expect(pct(r.wrong, r.answerable), misses.join("\n")).toBeLessThanOrEqual(FLOOR.wrong);
  expect(pct(r.declined, r.unanswerable), misses.join("\n")).toBeGreaterThanOrEqual(FLOOR.declined);
}

describe("answer quality through the public chat API", () => {
  it("answers from the right passage and declines what the knowledge base cannot answer (full-text)", async () => {
    delete process.env.EMBEDDING_MODEL;
    const overall = await runAll();
    expectFloor(overall);
    // The issue's own examples.
    const said = (q: string) => overall.outcomes.find((o) => o.question === q)!.verdict;
    expect(said("What payment options do you have?")).toBe("right");
    expect(said("How long is the warranty?")).toBe("right");
    expect(said("Do you sell cars?")).toBe("declined");
  }, 120_000);

  it("keeps the floor with hybrid retrieval (test embedder, exact vector scan)", async () => {
    process.env.EMBEDDING_MODEL = "orgflow-test-embedder";
    try {
      const before = embedder.embeddingRequests;
      expectFloor(await runAll());
      // Every question was embedded: the vector path ran.
      expect(embedder.embeddingRequests - before).toBeGreaterThanOrEqual(150);
    } finally {
      delete process.env.EMBEDDING_MODEL;
    }
  }, 120_000);
});
