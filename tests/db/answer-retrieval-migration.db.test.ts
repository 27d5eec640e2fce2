import { randomBytes, randomUUID } from "node:crypto";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate, SUPABASE_DIR } from "@/supabase/local-stack/migrate";
import { STARTER_OFFER } from "@/lib/chatbots/flow/definition";
import { testSql } from "@/tests/support/db";

/**
 * 20261207000600_answer_retrieval.sql on a database that already has bots: applied after the
 * migrations before it, over a bot with the old default flow and a chunk, it keeps the chunk's
 * search data (now in the bot's language, with its vocabulary) and turns the old default flow's
 * threshold and lead capture into the new defaults, leaving a member's own choices alone.
 */

const MIGRATION = "20261207000600";
const OLD_OFFER = "I could not find that. Leave your email and our team will get back to you.";

let admin: postgres.Sql;
let db: postgres.Sql;
let name: string;
let dir: string;

const flow = (minConfidence: number, question: string) => ({
  nodes: [
    { id: "start_1", type: "start", position: { x: 0, y: 0 }, data: { config: {} } },
    {
      id: "knowledge_answer_1",
      type: "knowledge_answer",
      position: { x: 0, y: 140 },
      data: { config: { prompt: "Ask me.", min_confidence: minConfidence, max_sources: 3 } },
    },
    {
      id: "ask_1",
      type: "ask",
      position: { x: 0, y: 300 },
      data: { config: { question, kind: "email", variable: "email" } },
    },
  ],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
});

beforeAll(async () => {
  admin = testSql(1);
  name = `orgflow_migration_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/${name}`;
  db = postgres(url.toString(), { max: 1, onnotice: () => {} });
  // The project's supabase folder without this migration and those after it.
  dir = await mkdtemp(path.join(tmpdir(), "orgflow-migration-"));
  await symlink(path.join(SUPABASE_DIR, "local"), path.join(dir, "local"));
  await cp(path.join(SUPABASE_DIR, "seed.sql"), path.join(dir, "seed.sql"));
  await cp(path.join(SUPABASE_DIR, "migrations"), path.join(dir, "migrations"), {
    recursive: true,
    filter: (source) => !path.basename(source).match(/^\d{14}_/) || path.basename(source) < MIGRATION,
  });
  await migrate(db, { supabaseDir: dir });
}, 120_000);

afterAll(async () => {
  await db?.end();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

describe("the answer-retrieval migration over existing bots", () => {
  it("keeps chunks searchable and moves the old default flow to the new defaults", async () => {
    expect((await listMigrations(path.join(dir, "migrations"))).every((m) => m.version < MIGRATION)).toBe(
      true,
    );
    const userId = randomUUID();
    await db`insert into auth.users (id, aud, role, email, encrypted_password, created_at, updated_at)
             values (${userId}, 'authenticated', 'authenticated', ${`m-${userId.slice(0, 8)}@example.test`}, '', now(), now())`;
    const [org] = await db<{ id: string }[]>`select id from organizations where created_by = ${userId}`;
    await db`update organizations set max_bots = 10 where id = ${org!.id}`;
    const bots: string[] = [];
    for (const [minConfidence, question] of [
      [0.35, OLD_OFFER],
      [0.7, "Your email, please?"],
    ] as const) {
      const [bot] = await db<{ id: string }[]>`
        insert into bots (organization_id, name) values (${org!.id}, 'Old bot') returning id`;
      await db`insert into chatbot_workflows (organization_id, bot_id, definition, published_definition)
               values (${org!.id}, ${bot!.id}, ${db.json(flow(minConfidence, question))},
                       ${db.json(flow(minConfidence, question))})
               on conflict (bot_id) do update set definition = excluded.definition,
                 published_definition = excluded.published_definition`;
      bots.push(bot!.id);
    }
    const [doc] = await db<{ id: string }[]>`
      insert into documents (organization_id, bot_id, title, source, mime_type, status, chunk_count)
      values (${org!.id}, ${bots[0]!}, 'FAQ', 'text', 'text/plain', 'ready', 1) returning id`;
    await db`insert into document_chunks (organization_id, bot_id, document_id, position, heading, content, token_count)
             values (${org!.id}, ${bots[0]!}, ${doc!.id}, 0, 'Warranties', 'Every roof has a ten-year warranty.', 9)`;

    await migrate(db, { supabaseDir: SUPABASE_DIR });

    const [chunk] = await db<{ tsv: string; language: string }[]>`
      select c.tsv::text as tsv, b.language from document_chunks c join bots b on b.id = c.bot_id
      where c.document_id = ${doc!.id}`;
    expect(chunk).toMatchObject({ language: "english", tsv: expect.stringContaining("'warranti'") });
    const vocabulary = await db<{ lexeme: string; chunk_count: number }[]>`
      select lexeme, chunk_count from document_vocabulary where bot_id = ${bots[0]!} order by lexeme`;
    expect(vocabulary).toContainEqual({ lexeme: "warranti", chunk_count: 1 });

    const flows = await db<
      { bot_id: string; definition: ReturnType<typeof flow>; published: ReturnType<typeof flow> }[]
    >`
      select bot_id, definition, published_definition as published from chatbot_workflows
      where bot_id = any(${bots}::uuid[])`;
    const config = (bot: string, id: string, which: "definition" | "published" = "definition") =>
      flows.find((f) => f.bot_id === bot)![which].nodes.find((n) => n.id === id)!.data.config as Record<
        string,
        unknown
      >;
    // The old default: the threshold goes (the new default applies), the lead capture becomes an offer.
    for (const which of ["definition", "published"] as const) {
      expect(config(bots[0]!, "knowledge_answer_1", which)).not.toHaveProperty("min_confidence");
      expect(config(bots[0]!, "ask_1", which)).toMatchObject({
        question: STARTER_OFFER,
        allow_other_questions: true,
      });
    }
    // A member's own choices stay.
    expect(config(bots[1]!, "knowledge_answer_1")).toMatchObject({ min_confidence: 0.7 });
    expect(config(bots[1]!, "ask_1")).toEqual({
      question: "Your email, please?",
      kind: "email",
      variable: "email",
    });
  });
});
