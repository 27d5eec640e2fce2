/**
 * `npm run bench:webhook`: synchronous webhooks (`?wait=1`) over real HTTP, as forms, chat
 * integrations and Zapier-style callers use them. A webhook → condition → set workflow is called by
 * 1, 10 and 50 concurrent clients (each sends its next request when the last is answered) against
 * the production server (`next start`, on a stack of its own: bench/app-server.ts) and a worker
 * process (`npm run worker`), as `npm start` runs them. Prints ok/s, p50/p95/p99/max and how many
 * took over 1 s, beside the baseline route on the same server (lib/engine/bench-baseline.ts: the
 * same checks and database writes done inline, without the engine; enabled for this server only
 * by ORGFLOW_BENCH_BASELINE=1).
 *
 * Targets (issue 18, the machine's PostgreSQL 15): none over 1 s; p99 under 100 ms and at least
 * 200 ok/s at 10 clients. BENCH_SECONDS (default 10) per line. Needs `npm run build`.
 * The machine's load is printed with every line: on a shared machine it explains slow figures.
 */
import type { ChildProcess } from "node:child_process";
import postgres from "postgres";
import { groupCpuSeconds, load, startBenchApp, watchSteal } from "./app-server";
import { percentile } from "./stats";
import { drive, startWorker, webhookWorkflow, type Sample } from "./webhook-load";
import { stopWorkerProcess } from "./worker-process";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,10,50").split(",").map(Number);

function line(label: string, clients: number, samples: Sample[], seconds: number, extra: string) {
  const ok = samples.filter((s) => s.ok);
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const ms = (p: number) => `${percentile(sorted, p).toFixed(1)}`;
  console.log(
    `${label.padEnd(9)} ${String(clients).padStart(3)} client(s): ${(ok.length / seconds).toFixed(0).padStart(4)} ok/s, ` +
      `p50 ${ms(50)} / p95 ${ms(95)} / p99 ${ms(99)} / max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms, ` +
      `${sorted.filter((v) => v > 1000).length} over 1 s, ${samples.length - ok.length} failed ` +
      `(${samples.length} requests); ${extra}`,
  );
}

async function main() {
  process.env.ORGFLOW_BENCH_BASELINE = "1"; // the baseline route, on this benchmark's server only
  const app = await startBenchApp("orgflow_bench_webhook");
  let worker: ChildProcess | undefined;
  const sql = postgres(app.scratch.url, { max: 2, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version}; ${SECONDS} s per line\n`);
    worker = await startWorker(app);
    const { workflowId, token } = await webhookWorkflow(sql);

    const routes = [
      { label: "baseline", url: `${app.appUrl}/api/bench/hooks/${workflowId}/${token}` },
      { label: "engine", url: `${app.appUrl}/api/hooks/${workflowId}/${token}?wait=1` },
    ];
    for (const route of routes) {
      const warm = await drive(route.url, 10, 3); // JIT, pools, the queue's first jobs
      if (!warm.some((s) => s.ok)) throw new Error(`${route.label}: no request succeeded while warming up`);
    }
    for (const clients of CLIENTS) {
      for (const route of routes) {
        const steal = watchSteal();
        const cpuBefore = (groupCpuSeconds(app.next.pid!) ?? 0) + (groupCpuSeconds(worker.pid!) ?? 0);
        const samples = await drive(route.url, clients, SECONDS);
        const cpu = (groupCpuSeconds(app.next.pid!) ?? 0) + (groupCpuSeconds(worker.pid!) ?? 0) - cpuBefore;
        const perRequest = samples.length ? `${((cpu * 1000) / samples.length).toFixed(2)} ms` : "n/a";
        line(
          route.label,
          clients,
          samples,
          SECONDS,
          `app+worker CPU ${perRequest}/request, ${load()}, ${steal()}`,
        );
      }
    }
  } finally {
    await sql.end();
    await stopWorkerProcess(worker);
    await app.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
