import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/local-stack/migrate";
import { freePort } from "@/lib/local-stack/ports";
import { redact, startEmbeddedPostgres, type RunningPostgres } from "@/lib/local-stack/postgres";

/**
 * Vitest global setup for the db and int tiers: a fresh database with the Supabase base schema,
 * every migration and the seed, on the server named by DATABASE_URL (e.g. the machine's
 * PostgreSQL 15) or, by default, on a throwaway embedded PostgreSQL 17 cluster.
 * Tests read its URL with `inject("databaseUrl")` and make their own data.
 */

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    serverVersion: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "orgflow-test-pg-"));
    await chmod(dataDir, 0o755); // the server may run as the `postgres` user
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
    serverUrl = embedded.url;
  }
  const database = `orgflow_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const teardown = async () => {
    await admin.unsafe(`drop database if exists ${database} with (force)`).catch(() => {});
    await admin.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const url = withDatabase(serverUrl, database);
  try {
    await admin.unsafe(`create database ${database}`);
    const db = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(db);
      const [{ server_version }] = (await db`show server_version`) as unknown as [{ server_version: string }];
      project.provide("serverVersion", server_version);
    } finally {
      await db.end();
    }
  } catch (e) {
    await teardown();
    throw e;
  }
  project.provide("databaseUrl", url);
  console.log(`[${project.name}] test database ${database} on ${redact(serverUrl)}`);
  return teardown;
}
