/**
 * `npm run bench:answers`: answer quality of the chatbot (issue #19). Three small knowledge bases
 * of different kinds (tests/fixtures/answers: a roofing FAQ, a thermostat's product docs, a
 * returns and privacy policy), each with 30+ questions written as visitors write them and 15+
 * questions it cannot answer. Every question is asked in a new conversation through the public chat
 * API's route handlers, on a bot with the default flow, no LLM (the answer is the best passage).
 *
 * Figures, per knowledge base and overall, for full-text retrieval and for hybrid retrieval
 * (full-text fused with vectors): right = answered from the labelled passage, wrong = answered
 * from another passage, missed = declined although answerable (all of the answerable questions),
 * declined = unanswerable questions declined. Targets: right ≥ 90%, wrong ≤ 5%, declined ≥ 90%.
 * Then a sweep of the answer threshold (the same retrieval and decision the chat uses, called
 * directly) shows what each threshold would give.
 *
 * The vectors come from a TEST EMBEDDER (tests/support/llm-server.ts: hashed bag of stemmed words
 * and character trigrams, with a few general concept groups folded together), not from a real
 * model: the hybrid figures show the fusion and the vector path work, not what a real model gives.
 * To measure a real model, set EMBEDDING_BASE_URL, EMBEDDING_MODEL (and EMBEDDING_API_KEY,
 * EMBEDDING_DIMENSIONS) when running the bench: it then uses that provider instead.
 * BENCH_VERBOSE=1 lists every miss.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";
import { answerSuites, isExpectedPassage, type KnowledgeSuite } from "@/tests/fixtures/answers";
import {
  combine,
  createSuiteBot,
  describeResult,
  pct,
  runSuiteThroughChatApi,
  type SuiteBot,
  type SuiteResult,
} from "@/tests/support/answer-suite";
import { startLlmServer, TEST_LLM_KEY } from "@/tests/support/llm-server";

const THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8];
const SIMILARITIES = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

type Variant = { name: string; embeddings: boolean; fusionWeight?: string };
const VARIANTS: Variant[] = [
  { name: "full-text", embeddings: false },
  { name: "hybrid, vectors weigh 1 in the fusion", embeddings: true, fusionWeight: "1" },
  { name: "hybrid, vectors weigh 0.5", embeddings: true, fusionWeight: "0.5" },
  { name: "hybrid, vectors weigh 0.25 (the default)", embeddings: true, fusionWeight: "0.25" },
];

async function main() {
  const scratch = await createScratchDatabase("orgflow_bench_answers", process.env.DATABASE_URL);
  process.env.DATABASE_URL = scratch.url;
  process.env.CHAT_RATE_LIMIT_IP_PER_MINUTE = "100000";
  process.env.CHAT_RATE_LIMIT_BOT_PER_MINUTE = "100000";
  delete process.env.LLM_BASE_URL; // the figures are for the no-LLM answer: the best passage
  delete process.env.LLM_API_KEY;
  const own = process.env.EMBEDDING_MODEL && process.env.EMBEDDING_BASE_URL;
  const embedder = own ? null : await startLlmServer();
  const embeddingEnv = own
    ? {
        EMBEDDING_BASE_URL: process.env.EMBEDDING_BASE_URL!,
        EMBEDDING_API_KEY: process.env.EMBEDDING_API_KEY ?? "",
        EMBEDDING_MODEL: process.env.EMBEDDING_MODEL!,
      }
    : {
        EMBEDDING_BASE_URL: `${embedder!.url}/v1`,
        EMBEDDING_API_KEY: TEST_LLM_KEY,
        EMBEDDING_MODEL: "orgflow-test-embedder",
      };
  const vectorsFrom = own ? `the configured provider (${process.env.EMBEDDING_MODEL})` : "the test embedder";
  Object.assign(process.env, embeddingEnv); // documents are processed with vectors
  const sql = postgres(scratch.url, { max: 4, onnotice: () => {} });
  const { sql: appSql } = await import("@/lib/db/client");
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    const userId = randomUUID();
    await sql`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
              values (${userId}, 'authenticated', 'authenticated', ${`bench-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
    const [org] = await sql<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    await sql`update organizations set max_bots = 10, max_knowledge_base_mb = 1000 where id = ${org!.id}`;
    const claims = { sub: userId, role: "authenticated" };
    const bots: [KnowledgeSuite, SuiteBot][] = [];
    for (const suite of answerSuites) bots.push([suite, await createSuiteBot(sql, claims, org!.id, suite)]);
    const { hybridAvailability } = await import("@/lib/chatbots/embeddings");
    const { withServiceRoleBypassingRls } = await import("@/lib/db/client");
    const questions = answerSuites.reduce((n, s) => n + s.questions.length, 0);
    const unanswerable = answerSuites.reduce((n, s) => n + s.unanswerable.length, 0);
    console.log(
      `PostgreSQL ${server_version}; ${answerSuites.length} knowledge bases (${answerSuites
        .map((s, i) => `${s.name}: ${s.kind}, ${bots[i]![1].chunks.size} chunks`)
        .join("; ")}); ${questions} answerable and ${unanswerable} unanswerable questions; no LLM.`,
    );
    console.log(
      own
        ? `Vectors come from ${vectorsFrom}.\n`
        : "Vectors come from a test embedder (hashed bag of words with concept folding), not a real model.\n",
    );

    for (const variant of VARIANTS) {
      if (variant.embeddings) Object.assign(process.env, embeddingEnv);
      else delete process.env.EMBEDDING_MODEL;
      if (variant.fusionWeight) process.env.EMBEDDING_FUSION_WEIGHT = variant.fusionWeight;
      const availability = await withServiceRoleBypassingRls((tx) => hybridAvailability(tx));
      console.log(
        `== ${variant.name}${variant.embeddings ? `, vectors from ${vectorsFrom}` : ""}: ${availability.reason}`,
      );
      const results: SuiteResult[] = [];
      const t0 = performance.now();
      for (const [suite, bot] of bots) results.push(await runSuiteThroughChatApi(bot, suite));
      const ms = (performance.now() - t0) / (questions + unanswerable);
      for (const r of [...results, combine(results)]) console.log(`  ${describeResult(r)}`);
      console.log(`  (${ms.toFixed(1)} ms per question: a new session and one message)`);
      if (process.env.BENCH_VERBOSE)
        for (const r of results)
          for (const o of r.outcomes.filter((o) => o.verdict !== "right" && o.verdict !== "declined"))
            console.log(
              `    ${r.name} ${o.verdict}: "${o.question}" → ${o.answeredFrom ? `"${o.answeredFrom.heading}: ${o.answeredFrom.content.slice(0, 60)}…"` : "declined"}${o.expected ? ` (expected "${o.expected}")` : ""}`,
            );
      await sweep(bots, variant.embeddings);
      console.log("");
    }
    await appSql().end();
  } finally {
    await embedder?.close();
    await sql.end();
    await scratch.drop();
    process.exit(0);
  }
}

/**
 * What each answer threshold would give: the chat's retrieval called directly for every question,
 * its best passage kept when its confidence reaches the threshold (or, with vectors, its cosine
 * similarity reaches the minimum similarity). With vectors, a sweep of that minimum follows.
 */
async function sweep(bots: [KnowledgeSuite, SuiteBot][], vectors: boolean) {
  const { searchKnowledge, DEFAULT_MIN_CONFIDENCE } = await import("@/lib/chatbots/retrieval");
  const { embeddingConfig } = await import("@/lib/chatbots/embeddings");
  const { withServiceRoleBypassingRls } = await import("@/lib/db/client");
  type Top = { confidence: number; similarity: number; right: boolean } | null;
  const answerable: Top[] = [];
  const unanswerable: Top[] = [];
  for (const [suite, bot] of bots) {
    const top = async (q: string, label: string | null): Promise<Top> => {
      const { hits } = await withServiceRoleBypassingRls((tx) =>
        searchKnowledge(tx, bot.id, q, { limit: 1 }),
      );
      const hit = hits[0];
      if (!hit) return null;
      const right = label !== null && isExpectedPassage(hit, label);
      return { confidence: hit.confidence, similarity: hit.similarity ?? 0, right };
    };
    for (const { q, a } of suite.questions) answerable.push(await top(q, a));
    for (const q of suite.unanswerable) unanswerable.push(await top(q, null));
  }
  const row = (label: string, kept: (x: NonNullable<Top>) => boolean) => {
    const right = answerable.filter((x) => x && kept(x) && x.right).length;
    const wrong = answerable.filter((x) => x && kept(x) && !x.right).length;
    const declined = unanswerable.filter((x) => !x || !kept(x)).length;
    const f = (n: number, of: number) => `${pct(n, of).toFixed(1).padStart(5)}%`;
    console.log(
      `    ${label.padEnd(34)} ${f(right, answerable.length)}  ${f(wrong, answerable.length)}  ${f(declined, unanswerable.length)}`,
    );
  };
  const minSimilarity = vectors ? (embeddingConfig()?.minSimilarity ?? 1) : Infinity;
  console.log(`  threshold sweep (all knowledge bases)     right   wrong   declined`);
  for (const t of THRESHOLDS)
    row(
      `confidence ≥ ${t.toFixed(2)}${t === DEFAULT_MIN_CONFIDENCE ? " (default)" : ""}${vectors ? ` or similarity ≥ ${minSimilarity}` : ""}`,
      (x) => x.confidence >= t || x.similarity >= minSimilarity,
    );
  if (!vectors) return;
  for (const s of SIMILARITIES)
    row(
      `confidence ≥ ${DEFAULT_MIN_CONFIDENCE} or similarity ≥ ${s}`,
      (x) => x.confidence >= DEFAULT_MIN_CONFIDENCE || x.similarity >= s,
    );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
