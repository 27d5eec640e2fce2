/**
 * A whole app for a benchmark, on a stack of its own: a scratch database, the local auth server on
 * a free port, and the production Next server (`next start`) on another, all stopped and removed
 * again by `cleanup()` (also on Ctrl+C). Needs a production build (`npm run build`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@/supabase/local-stack/ports";
import { createScratchDatabase, type ScratchDatabase } from "@/supabase/local-stack/scratch-database";
import type { LocalStack, LocalStackOptions } from "@/supabase/local-stack/stack";
import { startRoundTripCounter, type RoundTripCounter } from "./db-round-trips";

/** The 1-minute load average: figures taken on a busy machine say so. */
export const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPU(s)`;

/** The machine's CPU counters (Linux /proc/stat: total and stolen ticks); null elsewhere. */
function cpuTicks(): { total: number; steal: number } | null {
  if (!existsSync("/proc/stat")) return null;
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
}

/**
 * Starts watching for CPU time the hypervisor takes away (steal); the function returned says how
 * much was taken since, e.g. "steal 42%": on a shared virtual machine that, more than the code,
 * can explain slow figures.
 */
export function watchSteal(): () => string {
  const start = cpuTicks();
  return () => {
    const end = cpuTicks();
    if (!start || !end || end.total === start.total) return "steal unknown";
    return `CPU steal ${(((end.steal - start.steal) / (end.total - start.total)) * 100).toFixed(0)}%`;
  };
}

/**
 * CPU seconds used so far by the processes of a process group (Linux /proc; null elsewhere), so
 * the cost per request can be read apart from how busy the machine is.
 */
export function groupCpuSeconds(pgid: number): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the ")" that ends the command name: state ppid pgrp … utime(12th) stime(13th).
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

let portsTaken = 0;

/**
 * A free port for a benchmark's servers: within BENCH_PORT_RANGE ("3300-3399") when set (a shared
 * machine's engineers each have a block), else any port the OS offers.
 */
async function benchPort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORT_RANGE ?? "");
  if (!range) return freePort();
  const [low, high] = [Number(range[1]), Number(range[2])];
  for (let port = low + portsTaken; port <= high; port++) {
    portsTaken = port - low + 1;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen({ port, host: "127.0.0.1" }, () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port left in BENCH_PORT_RANGE ${process.env.BENCH_PORT_RANGE}`);
}

async function waitForHttp(url: string, next: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (next.exitCode !== null) throw new Error(`next start exited with ${next.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * Stops a child started with `detached: true` and its whole process group (`next start` and
 * scripts/dev.ts run processes of their own): SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopProcessGroup(child: ChildProcess | undefined, graceMs = 5_000) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export type BenchApp = {
  appUrl: string;
  stack: LocalStack;
  scratch: ScratchDatabase;
  /** The `next start` process (its pid is its process group's). */
  next: ChildProcess;
  /** Round trips between the Next server and the database so far. */
  dbRoundTrips: () => number;
  /** Another `next start` on the same stack and database (scale-out: app servers behind a balancer). */
  addAppServer: () => Promise<{ url: string; next: ChildProcess }>;
  cleanup: () => Promise<void>;
};

/**
 * Starts the stack and `next start`. `name` names the scratch database; `authSettings` goes to
 * the local auth server (e.g. higher sign-in rate limits).
 */
export async function startBenchApp(
  name: string,
  options: Pick<LocalStackOptions, "authSettings"> = {},
): Promise<BenchApp> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    throw new Error("No production build found (.next/BUILD_ID). Run `npm run build` first.");
  }
  // The auth server keeps its signing keys under the data folder, which stack.ts reads at import:
  // point it at a temporary folder first, so the benchmark never touches .local/.
  const dataDir = await mkdtemp(path.join(tmpdir(), `${name}-`));
  process.env.ORGFLOW_DATA_DIR = dataDir;

  let scratch: ScratchDatabase | undefined;
  let stack: LocalStack | undefined;
  let next: ChildProcess | undefined;
  let counter: RoundTripCounter | undefined;
  let nextOutput = "";
  const more: ChildProcess[] = [];
  let addAppServer: BenchApp["addAppServer"] = () => Promise.reject(new Error("not started"));
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const n of [next, ...more])
        await stopProcessGroup(n).catch((e) => console.error("stopping next:", e));
      await counter?.close();
      await stack?.stop().catch((e) => console.error("stopping the stack:", e));
      await scratch?.drop().catch((e) => console.error("dropping the scratch database:", e));
      await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const t0 = performance.now();
    scratch = await createScratchDatabase(name, process.env.DATABASE_URL);
    const { startLocalStack } = await import("@/supabase/local-stack/stack");
    const [authPort, appPort] = [await benchPort(), await benchPort()];
    const appUrl = `http://127.0.0.1:${appPort}`;
    stack = await startLocalStack({
      siteUrl: appUrl,
      databaseUrl: scratch.url,
      authPort,
      mode: "production",
      authSettings: options.authSettings,
    });
    // The Next server reaches the database through a relay that counts round trips.
    const appDbUrl = new URL(scratch.appUrl);
    counter = await startRoundTripCounter({ host: appDbUrl.hostname, port: Number(appDbUrl.port) });
    appDbUrl.port = String(counter.port);
    // BENCH_CPU_PROFILE=<folder>: the Next server writes a V8 CPU profile there when it stops.
    const profileDir = process.env.BENCH_CPU_PROFILE;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      ORGFLOW_API_PORT: String(authPort),
      ORGFLOW_DB_PORT: new URL(scratch.url).port,
      // As `npm start` runs it: the app's login role and the stack's generated keys.
      DATABASE_URL: appDbUrl.toString(),
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
      SUPABASE_SECRET_KEY: stack.secretKey,
      INTEGRATIONS_ENCRYPTION_KEY: stack.integrationsEncryptionKey,
      NEXT_PUBLIC_SITE_URL: appUrl,
    };
    const launch = (port: number): ChildProcess =>
      spawn(
        process.execPath,
        [
          ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
          path.join("node_modules", "next", "dist", "bin", "next"),
          "start",
          "-p",
          String(port),
          "-H",
          "127.0.0.1",
        ],
        { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...env, PORT: String(port) } },
      );
    const first = launch(appPort);
    next = first;
    const keep = (chunk: Buffer) => {
      nextOutput = (nextOutput + chunk.toString()).slice(-8_000);
    };
    first.stdout!.on("data", keep);
    first.stderr!.on("data", keep);
    addAppServer = async () => {
      const port = await benchPort();
      const another = launch(port);
      more.push(another);
      let output = "";
      const keepMore = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-8_000));
      another.stdout!.on("data", keepMore);
      another.stderr!.on("data", keepMore);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/sign-in`, another, () => output);
      return { url, next: another };
    };
    await waitForHttp(`${appUrl}/sign-in`, next, () => nextOutput);
    console.log(
      `stack ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: database ${scratch.server}/${scratch.name}, ` +
        `auth ${stack.authUrl}, app ${appUrl} (next start)`,
    );
    console.log(`node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${load()}`);
    const { count } = counter;
    return { appUrl, stack, scratch, next, dbRoundTrips: count, addAppServer, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
