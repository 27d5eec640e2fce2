import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migrate } from "./migrate";
import { freePort } from "./ports";
import { redact, startEmbeddedPostgres, type RunningPostgres } from "./postgres";

/**
 * A fresh, fully migrated database for tests and benchmarks: on the server named by `serverUrl`
 * (e.g. DATABASE_URL: the machine's PostgreSQL 15) or on a throwaway embedded PostgreSQL 17
 * cluster. `drop()` removes the database, and the cluster if one was started.
 */
export type ScratchDatabase = { url: string; name: string; server: string; drop(): Promise<void> };

export async function createScratchDatabase(prefix: string, serverUrl?: string): Promise<ScratchDatabase> {
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "orgflow-pg-"));
    await chmod(dataDir, 0o755); // the server may run as the `postgres` user
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort() });
    serverUrl = embedded.url;
  }
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    // As root with a private temporary folder, the data went to a shared folder instead.
    if (embedded?.relocated) {
      await rm(path.dirname(embedded.dataDir), { recursive: true, force: true });
    }
  };
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  try {
    await admin.unsafe(`create database ${name}`);
    const db = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(db);
    } finally {
      await db.end();
    }
  } catch (e) {
    await drop();
    throw e;
  }
  return { url, name, server: redact(serverUrl), drop };
}
