/**
 * `npm run bench:scale-out`: Orgflow as a user outgrowing one machine would run it: app servers
 * (`next start` on different ports, behind a balancer; here each client keeps to one of them)
 * and worker processes (`npm run worker`) on one PostgreSQL. The webhook → condition → set
 * workflow of bench:webhook is called synchronously (`?wait=1`: the app starts the run, a worker
 * runs it, the app hears of its end through LISTEN/NOTIFY) by BENCH_CLIENTS clients (default 20)
 * for BENCH_SECONDS (default 15), first on 1 app server + 1 worker, then on 2 + 2, and the
 * ratio of their ok/s is printed. Needs `npm run build`.
 *
 * On one machine the processes share its cores (and PostgreSQL): the ratio says what a second
 * pair costs or gains here, not what it gains on machines of their own. The load is printed.
 */
import type { ChildProcess } from "node:child_process";
import postgres from "postgres";
import { load, startBenchApp, watchSteal } from "./app-server";
import { percentile } from "./stats";
import { drive, startWorker, webhookWorkflow, type Sample } from "./webhook-load";
import { stopWorkerProcess } from "./worker-process";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);

function summary(label: string, samples: Sample[]): number {
  const ok = samples.filter((s) => s.ok).length;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const ms = (p: number) => percentile(sorted, p).toFixed(1);
  const rate = ok / SECONDS;
  console.log(
    `${label}: ${rate.toFixed(0)} ok/s, p50 ${ms(50)} / p95 ${ms(95)} / p99 ${ms(99)} / max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms, ` +
      `${sorted.filter((v) => v > 1000).length} over 1 s, ${samples.length - ok} failed (${samples.length} requests)`,
  );
  return rate;
}

async function main() {
  const app = await startBenchApp("orgflow_bench_scale_out");
  const workers: ChildProcess[] = [];
  const sql = postgres(app.scratch.url, { max: 2, onnotice: () => {} });
  try {
    const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
    console.log(`PostgreSQL ${server_version}; ${CLIENTS} clients, ${SECONDS} s per topology\n`);
    workers.push(await startWorker(app));
    const { workflowId, token } = await webhookWorkflow(sql);
    const path = `/api/hooks/${workflowId}/${token}?wait=1`;

    const urls = [`${app.appUrl}${path}`];
    const run = async (label: string) => {
      const warm = await drive(urls, CLIENTS, 3); // JIT, pools, the queue's first jobs
      if (!warm.some((s) => s.ok)) throw new Error(`${label}: no request succeeded while warming up`);
      const steal = watchSteal();
      const rate = summary(label, await drive(urls, CLIENTS, SECONDS));
      console.log(`  (${load()}, ${steal()})`);
      return rate;
    };
    const one = await run("1 app + 1 worker");
    const second = await app.addAppServer();
    urls.push(`${second.url}${path}`);
    workers.push(await startWorker(app));
    const two = await run("2 apps + 2 workers");
    console.log(`\nratio 2+2 / 1+1: ${(two / one).toFixed(2)}`);
  } finally {
    await sql.end();
    for (const w of workers) await stopWorkerProcess(w);
    await app.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
