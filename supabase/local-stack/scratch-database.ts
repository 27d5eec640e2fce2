import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { loginUrl, prepareAppAccess } from "./app-access";
import { migrate } from "./migrate";
import { freePort } from "./ports";
import { redact, startEmbeddedPostgres, type RunningPostgres } from "./postgres";

/**
 * A fresh, fully migrated database for tests and benchmarks: on the server named by `serverUrl`
 * (e.g. DATABASE_URL: the machine's PostgreSQL 15) or on a throwaway embedded PostgreSQL 17
 * cluster. `url` is the superuser's (set-up, inspection); `appUrl` logs in as a login role of its
 * own made like the local stack's `authenticator` (app-access.ts), which the app's code and the
 * workers use, so tests run them with the privileges they have in production. `drop()` removes
 * the database and that role, and the cluster if one was started.
 */
export type ScratchDatabase = {
  url: string;
  appUrl: string;
  name: string;
  server: string;
  drop(): Promise<void>;
};

export async function createScratchDatabase(prefix: string, serverUrl?: string): Promise<ScratchDatabase> {
  let embedded: RunningPostgres | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), "orgflow-pg-"));
    await chmod(dataDir, 0o755); // the server may run as the `postgres` user
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "data"),
      port: await freePort(),
      password: randomBytes(18).toString("base64url"),
    });
    serverUrl = embedded.url;
  }
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  // Roles are cluster-wide: one per scratch database, so parallel runs on one server never share it.
  const appRole = `${name}_app`;
  const appPassword = randomBytes(18).toString("base64url");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const drop = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.unsafe(`drop role if exists ${appRole}`).catch(() => {});
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
      await prepareAppAccess(db, { role: appRole, password: appPassword, mailbox: true, superuserUrl: url });
    } finally {
      await db.end();
    }
  } catch (e) {
    await drop();
    throw e;
  }
  return { url, appUrl: loginUrl(url, appRole, appPassword), name, server: redact(serverUrl), drop };
}
