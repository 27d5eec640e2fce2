/**
 * `npm run worker`: a workflow engine worker (graphile-worker on the app's Postgres). Run as many
 * as needed; they share the queue. Settings: DATABASE_URL, ENGINE_CONCURRENCY (jobs at once,
 * default 10), ENGINE_ORG_CONCURRENCY (running runs per organization, default 10; the app reads
 * it too, to queue only runs with room: set it for both), ENGINE_BRANCH_CONCURRENCY (steps of one
 * run executing at once on parallel branches, default 4),
 * ENGINE_HEARTBEAT_MS / ENGINE_STALE_MS / ENGINE_SWEEP_MS (dead-worker takeover), ENGINE_SCHEDULES=0
 * to leave schedules to other workers. LLM_BASE_URL / LLM_API_KEY / LLM_MODEL for AI steps.
 */
import nextEnv from "@next/env";
import { LOCAL_DB_PORT, readStackConfig } from "@/lib/config/stack";
import { startWorker } from "@/lib/engine/worker";
import { APP_LOGIN_ROLE } from "@/supabase/local-stack/app-access";
import { loadOrCreateStackSecrets } from "@/supabase/local-stack/secrets";
import { LOCAL_DIR } from "@/supabase/local-stack/stack";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
const num = (v: string | undefined) => (v ? Number(v) : undefined);

/**
 * Where the worker logs in: DATABASE_URL (`npm run dev` and `npm start` pass the local stack's
 * login-role URL). Started on its own beside a running local stack, it logs in as that stack's
 * login role with the generated password.
 */
async function databaseUrl(): Promise<string> {
  const config = readStackConfig();
  if (process.env.DATABASE_URL || !config.local) return config.databaseUrl;
  const { secrets } = await loadOrCreateStackSecrets(LOCAL_DIR);
  return `postgresql://${APP_LOGIN_ROLE}:${encodeURIComponent(secrets.databaseAppPassword)}@127.0.0.1:${LOCAL_DB_PORT}/postgres`;
}

async function main() {
  const worker = await startWorker({
    connectionString: await databaseUrl(),
    concurrency: num(process.env.ENGINE_CONCURRENCY),
    heartbeatMs: num(process.env.ENGINE_HEARTBEAT_MS),
    staleMs: num(process.env.ENGINE_STALE_MS),
    sweepMs: num(process.env.ENGINE_SWEEP_MS),
    pollInterval: num(process.env.ENGINE_POLL_MS),
    schedules: process.env.ENGINE_SCHEDULES !== "0",
    engine: {
      orgConcurrency: num(process.env.ENGINE_ORG_CONCURRENCY),
      admissionRetryMs: num(process.env.ENGINE_ADMISSION_RETRY_MS),
      runTimeoutMs: num(process.env.ENGINE_RUN_TIMEOUT_MS),
      branchConcurrency: num(process.env.ENGINE_BRANCH_CONCURRENCY),
    },
  });
  console.log(`[worker] ${worker.processId} ready`);
  const stop = () => {
    // On Ctrl-C the terminal signals the local stack too, and PostgreSQL may stop while the
    // worker is still letting go of its connections: graphile-worker's pool then reports the
    // server's "terminating connection" (57P01) on an idle client after it removed its own error
    // listener. Expected at shutdown, so it is not a crash.
    process.on("uncaughtException", (e: Error & { code?: string }) => {
      if (
        e.code === "57P01" ||
        e.code === "ECONNRESET" ||
        /terminating connection|Connection terminated/.test(e.message)
      )
        return;
      console.error(`[worker] ${e.stack ?? e.message}`);
      process.exit(1);
    });
    void worker.stop().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: Error) => {
  console.error(`[worker] ${e.message}`);
  process.exit(1);
});
