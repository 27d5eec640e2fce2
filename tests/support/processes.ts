import { spawn, type ChildProcess } from "node:child_process";
import { inject } from "vitest";

/**
 * Other processes on the test database, as deployed: an engine worker (`scripts/worker.ts`) with a
 * fast dead-worker takeover, or a one-off script. Stop them with `stopAll` in afterAll.
 */

export function spawnWorker(env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: inject("appDatabaseUrl"),
      ENGINE_HEARTBEAT_MS: "200",
      ENGINE_STALE_MS: "1500",
      ENGINE_SWEEP_MS: "300",
      ENGINE_POLL_MS: "200",
      ENGINE_SCHEDULES: "0",
      ENGINE_CONCURRENCY: "2",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves with the worker's process id (`p-…`, as in private.engine_workers) once it is ready. */
export function ready(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const id = /\[worker\] (p-[0-9a-f]+) ready/.exec(d.toString())?.[1];
      if (id) resolve(id);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
  });
}

/** Runs `script` (a .ts file) in a process of its own with `env`; resolves with its stdout. */
export function runScript(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    env: { ...process.env, DATABASE_URL: inject("appDatabaseUrl"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script}: ${code} ${err}`)),
    );
  });
}

export function stopAll(children: ChildProcess[]) {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
