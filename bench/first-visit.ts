/**
 * A newcomer's first visit, as they would make it: `npm run dev` (or `npm start`) on a fresh data
 * folder, then in a browser the home page, the sign-up page, and the first dashboard after
 * creating an account. Timed:
 *
 *   server up   from spawning the command until the app's port accepts connections (the local
 *               stack starts first: a new database cluster, migrations, the auth server)
 *   home        page.goto("/") until the load event and its heading are there
 *   sign-up     page.goto("/sign-up") until the load event and the form's button are there
 *   dashboard   from pressing "Create account" until the organization's dashboard heading shows
 *
 * each cold (the first visit after the server started; under `npm run dev` also without
 * Turbopack's cache in .next/dev, so every page compiles), on a restart with that cache kept
 * (dev only), and warm (a second newcomer right after, on pages already compiled and loaded).
 *
 *   npm run build && npm run bench:first-visit
 *   BENCH_MODES=dev npm run bench:first-visit        (dev, start, or both: dev,start)
 *
 * Ports BENCH_PORT (app, default 3110), +1 (database), +2 (auth). The data folder is temporary
 * and removed afterwards; .next/dev is removed for the cold dev run (a production build in .next
 * is left alone).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { load, stopProcessGroup } from "./app-server";

const PORT = Number(process.env.BENCH_PORT ?? 3110);
const MODES = (process.env.BENCH_MODES ?? "dev,start").split(",").map((m) => m.trim());
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
/** Generous: a cold compile on two busy cores takes a while, and that is what is measured. */
const STEP_TIMEOUT_MS = 180_000;

type Visit = { home: number; signUp: number; dashboard: number };
type Row = { mode: string; run: string; serverUp: number | null; visit: Visit; load: string };

/**
 * `next dev`'s request log ("GET / 200 in 38.7s (next.js: 35s, proxy.ts: 9ms, application-code:
 * 3.1s)"; the next.js part includes compiling), per server run.
 */
const requestLogs: { run: string; lines: string[] }[] = [];

const seconds = (ms: number | null) => (ms === null ? "" : `${(ms / 1000).toFixed(2)} s`);

function waitForPort(port: number, server: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (server.exitCode !== null) return reject(new Error(`the server exited with ${server.exitCode}`));
      if (Date.now() > deadline) return reject(new Error(`port ${port} did not open in time`));
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts `npm run dev` (or `npm start`: scripts/dev.ts --prod) on its own ports and data folder. */
function startServer(mode: string, dataDir: string, log: string[]): ChildProcess {
  const args = ["--import", "tsx", path.join("scripts", "dev.ts"), ...(mode === "start" ? ["--prod"] : [])];
  const server = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(PORT),
      ORGFLOW_DB_PORT: String(PORT + 1),
      ORGFLOW_API_PORT: String(PORT + 2),
      ORGFLOW_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      NO_COLOR: "1",
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4_000);
    for (const line of text.split("\n")) {
      if (/^\s*(GET|POST) \S+ \d{3} in /.test(line)) log.push(line.trim());
    }
  };
  server.stdout!.on("data", keep);
  server.stderr!.on("data", keep);
  server.once("exit", (code) => {
    if (code) console.error(`\n${mode} exited with ${code}:\n${output}`);
  });
  return server;
}

/** One newcomer: home, sign-up, and the dashboard after creating an account. */
async function visit(browser: Browser): Promise<Visit> {
  const context = await browser.newContext({ baseURL: `http://localhost:${PORT}` });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  try {
    let t = performance.now();
    await page.goto("/", { waitUntil: "load" });
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const home = performance.now() - t;

    t = performance.now();
    await page.goto("/sign-up", { waitUntil: "load" });
    await page.getByRole("button", { name: "Create account" }).waitFor();
    const signUp = performance.now() - t;

    const id = randomUUID().slice(0, 8);
    await page.getByLabel("Your name").fill(`First Visit ${id}`);
    await page.getByLabel("Work email").fill(`first-visit-${id}@example.test`);
    await page.getByLabel("Password", { exact: true }).fill(`correct horse ${id}`);
    t = performance.now();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/o\/[a-z0-9-]+$/);
    await page.locator("main").getByRole("heading", { level: 1 }).waitFor();
    const dashboard = performance.now() - t;
    return { home, signUp, dashboard };
  } finally {
    await context.close();
  }
}

async function measure(mode: string, browser: Browser): Promise<Row[]> {
  const label = mode === "dev" ? "npm run dev" : "npm start";
  const dataDir = await mkdtemp(path.join(tmpdir(), "orgflow-first-visit-"));
  const rows: Row[] = [];
  try {
    const runs = mode === "dev" ? ["cold", "restart"] : ["cold"];
    for (const run of runs) {
      if (mode === "dev" && run === "cold")
        await rm(path.join(".next", "dev"), { recursive: true, force: true });
      const t0 = performance.now();
      const log: string[] = [];
      requestLogs.push({ run: `${label}, ${run}`, lines: log });
      const server = startServer(mode, dataDir, log);
      try {
        await waitForPort(PORT, server);
        const serverUp = performance.now() - t0;
        rows.push({ mode: label, run, serverUp, visit: await visit(browser), load: load() });
        if (run === "cold")
          rows.push({ mode: label, run: "warm", serverUp: null, visit: await visit(browser), load: load() });
      } finally {
        await stopProcessGroup(server, 20_000); // scripts/dev.ts stops the stack, Next and the worker
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<number> {
  if (MODES.includes("start") && !existsSync(path.join(".next", "BUILD_ID"))) {
    console.error(
      "No production build found (.next/BUILD_ID). Run `npm run build` first, or BENCH_MODES=dev.",
    );
    return 1;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined),
  });
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${load()}`);
  const rows: Row[] = [];
  try {
    for (const mode of MODES) rows.push(...(await measure(mode, browser)));
  } finally {
    await browser.close();
  }
  const header = ["command", "visit", "server up", "home", "sign-up", "dashboard", "machine"];
  const table = rows.map((r) => [
    r.mode,
    r.run,
    seconds(r.serverUp),
    seconds(r.visit.home),
    seconds(r.visit.signUp),
    seconds(r.visit.dashboard),
    r.load,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log("");
  console.log(line(header));
  for (const row of table) console.log(line(row));
  for (const { run, lines } of requestLogs) {
    if (lines.length === 0) continue;
    console.log(`\nNext's request log, ${run}:`);
    for (const l of lines) console.log(`  ${l}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
