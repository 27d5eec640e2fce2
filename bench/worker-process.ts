/**
 * A workflow engine worker as its own process (`npm run worker`, its own process group), for the
 * benchmarks; resolves once it says it is ready. `env` goes over this process's environment.
 */
import { spawn, type ChildProcess } from "node:child_process";

export async function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ENGINE_SCHEDULES: "0", ...env },
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a worker did not start:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/\[worker\] .* ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    worker.stdout!.on("data", read);
    worker.stderr!.on("data", read);
    worker.once("exit", (code) => reject(new Error(`a worker exited (${code}):\n${output}`)));
  });
  return worker;
}

/** Stops a worker started above (SIGTERM to its process group) and waits for it to exit. */
export async function stopWorkerProcess(worker: ChildProcess | undefined): Promise<void> {
  if (!worker?.pid || worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once("exit", r));
  process.kill(-worker.pid, "SIGTERM");
  await exited;
}
