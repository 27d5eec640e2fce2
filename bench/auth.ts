/**
 * Auth under load, on a stack of its own (a scratch database, the local auth server on a free
 * port, and the production Next server):
 *
 * (a) password sign-ins through the official @supabase/supabase-js client, N at a fixed
 *     concurrency, each by a different user: sign-ins per second and latency;
 * (b) signed-in page requests: users each GET /profile (the proxy's getClaims, the page's
 *     getClaims and a profile read through RLS) with the session cookie @supabase/ssr writes;
 *     every response must be a 200 that shows the user's own email. Where the Next server's CPU
 *     goes is read from three runs at the same concurrency: the proxy alone (a signed-in GET /
 *     stops there), a page with no session and no data (GET /privacy signed out: Next's and
 *     React's own cost of a page here, proxy included) and the signed-in page; then the figures
 *     beside the target (issue 16: under 8 ms of CPU per page, p95 under 150 ms at 20 users).
 *
 *   npm run build && npm run bench:auth
 *   DATABASE_URL=postgres://… npm run bench:auth     (the scratch database on that server)
 *
 * The auth server's per-IP and per-email sign-in limits are raised for the run: every request
 * here comes from 127.0.0.1.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createClient, type Session, type SupabaseClient } from "@supabase/supabase-js";
import { realtimeOptions } from "@/lib/supabase/options";
import { groupCpuSeconds, load, startBenchApp, type BenchApp } from "./app-server";
import { fmt, summarize } from "./stats";

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 200);
const SIGN_IN_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const PAGE_USERS = Number(process.env.BENCH_PAGE_USERS ?? 20);
const PAGE_REQUESTS_PER_USER = Number(process.env.BENCH_PAGE_REQUESTS ?? 50);
const PAGE_WARM_UP_REQUESTS = 10;
/** Requests of one user alone, one after another (latency without queueing). */
const PAGE_REQUESTS_ALONE = Number(process.env.BENCH_PAGE_REQUESTS_ALONE ?? 200);
const PAGE_PATH = process.env.BENCH_PAGE_PATH ?? "/profile";
/** A page with no session work and no data, requested signed out: the framework's own cost. */
const FLOOR_PATH = process.env.BENCH_FLOOR_PATH ?? "/privacy";
const TARGET_CPU_MS = 8;
const TARGET_P95_MS = 150;
const PASSWORD = "bench password 1234";

// @supabase/ssr (0.12, src/cookies.ts and utils/chunker.ts): the session is stored under the
// client's storage key, `sb-<first label of the Supabase URL's host>-auth-token` (127.0.0.1 →
// "sb-127-auth-token"), as "base64-" + base64url(JSON of the session), split into `.0`, `.1`, …
// cookies when its URI-encoded length exceeds MAX_CHUNK_SIZE.
const SESSION_COOKIE = "sb-127-auth-token";
const MAX_CHUNK_SIZE = 3180;

type BenchUser = { email: string; client: SupabaseClient };

/** A request each user makes, what it must answer, and a check of the answer (null when right). */
type Probe = {
  path: string;
  /** Sent without the session cookie. */
  signedOut?: boolean;
  status: number;
  check: (user: BenchUser, body: string, location: string | null) => string | null;
};

type PageRun = {
  users: number;
  seconds: number;
  stats: ReturnType<typeof summarize>;
  load: string;
  cpuMsPerRequest: number | null;
  roundTripsPerRequest: number;
};

function log(line: string) {
  console.log(line);
}

const cpuMs = (seconds: number) => seconds * 1000;

/** Runs `fn` over `items` with at most `concurrency` at a time. */
async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function authClient(apiUrl: string, key: string): SupabaseClient {
  return createClient(apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // As the app configures its own clients (lib/supabase/options.ts).
    ...realtimeOptions,
  });
}

/** The Cookie header @supabase/ssr's server client reads a session from. */
function sessionCookieHeader(session: Session): string {
  const value = `base64-${Buffer.from(JSON.stringify(session), "utf8").toString("base64url")}`;
  // base64url and the prefix need no URI encoding, so the chunker's limit applies to the raw value.
  if (encodeURIComponent(value) !== value) throw new Error("unexpected characters in the session cookie");
  if (value.length <= MAX_CHUNK_SIZE) return `${SESSION_COOKIE}=${value}`;
  const chunks: string[] = [];
  for (let i = 0; i * MAX_CHUNK_SIZE < value.length; i++) {
    chunks.push(`${SESSION_COOKIE}.${i}=${value.slice(i * MAX_CHUNK_SIZE, (i + 1) * MAX_CHUNK_SIZE)}`);
  }
  return chunks.join("; ");
}

const cpu = (r: PageRun) => (r.cpuMsPerRequest === null ? "unknown" : fmt(r.cpuMsPerRequest));

/** Where the Next server's CPU goes per signed-in page, and the figures beside the target. */
function printBreakdown({ concurrent, proxy, floor }: Record<"concurrent" | "proxy" | "floor", PageRun>) {
  const ms = (r: PageRun) => r.cpuMsPerRequest ?? NaN;
  const row = (label: string, value: string) => log(`      ${label.padEnd(76)} ${value}`);
  log(`    where the CPU goes (${concurrent.users} users, CPU of the Next server per request):`);
  row("proxy alone (routing, claims check, CSP; GET / signed in → 307)", cpu(proxy));
  row(
    `a page without session or data (GET ${FLOOR_PATH} signed out, proxy included)`,
    `${cpu(floor)}  (${(floor.stats.n / floor.seconds).toFixed(1)} requests/s, p95 ${fmt(floor.stats.p95)})`,
  );
  row(
    `GET ${PAGE_PATH} signed in, beyond that (claims, two-factor guard, reads, render)`,
    `${fmt(ms(concurrent) - ms(floor))}  (${concurrent.roundTripsPerRequest.toFixed(1)} database round trips)`,
  );
  row(`GET ${PAGE_PATH} signed in, in all`, cpu(concurrent));
  const cpuOk = ms(concurrent) < TARGET_CPU_MS;
  const p95Ok = concurrent.stats.p95 < TARGET_P95_MS;
  log(
    `    target (under ${TARGET_CPU_MS} ms CPU per page, p95 under ${TARGET_P95_MS} ms at 20 users): ` +
      `CPU ${cpu(concurrent)} ${cpuOk ? "met" : "NOT met"}, p95 ${fmt(concurrent.stats.p95)} ` +
      `${p95Ok ? "met" : "NOT met"} (${concurrent.load}: latency is an upper bound on a busy machine)`,
  );
}

async function main(): Promise<number> {
  let app: BenchApp | undefined;
  try {
    app = await startBenchApp("orgflow_bench_auth", {
      authSettings: { rateLimit: { signInPerIp: 1_000_000, signInPerEmail: 1_000_000 } },
    });
    const { stack, appUrl, next, dbRoundTrips } = app;

    // Users, up front, through the admin API (one for each sign-in, plus the page users).
    const admin = authClient(stack.apiUrl, stack.secretKey);
    const runId = randomUUID().slice(0, 8);
    const emails = Array.from({ length: SIGN_INS + PAGE_USERS }, (_, i) =>
      i < SIGN_INS
        ? `bench-signin-${runId}-${i}@example.test`
        : `bench-page-${runId}-${i - SIGN_INS}@example.test`,
    );
    const t1 = performance.now();
    await pool(emails, 10, async (email) => {
      const { error } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
      if (error) throw new Error(`createUser ${email}: ${error.message}`);
    });
    log(
      `created ${emails.length} users in ${((performance.now() - t1) / 1000).toFixed(1)} s (admin createUser)`,
    );

    const users: BenchUser[] = emails.map((email) => ({
      email,
      client: authClient(stack!.apiUrl, stack!.publishableKey),
    }));
    const signInUsers = users.slice(0, SIGN_INS);
    const pageUsers = users.slice(SIGN_INS);

    const signIn = async (user: BenchUser): Promise<Session> => {
      const { data, error } = await user.client.auth.signInWithPassword({
        email: user.email,
        password: PASSWORD,
      });
      if (error || !data.session) throw new Error(`sign-in ${user.email}: ${error?.message ?? "no session"}`);
      return data.session;
    };

    // The page users sign in first (not measured); it also warms the auth server up.
    const cookies = new Map<BenchUser, string>();
    await pool(pageUsers, SIGN_IN_CONCURRENCY, async (user) => {
      cookies.set(user, sessionCookieHeader(await signIn(user)));
    });

    // (a) Sign-in throughput.
    const signInMs: number[] = [];
    const aCpu0 = process.cpuUsage();
    const a0 = performance.now();
    await pool(signInUsers, SIGN_IN_CONCURRENCY, async (user) => {
      const start = performance.now();
      await signIn(user);
      signInMs.push(performance.now() - start);
    });
    const aSeconds = (performance.now() - a0) / 1000;
    const aLoad = load();
    const aCpu = process.cpuUsage(aCpu0);
    const a = summarize(signInMs);

    // (b) Signed-in page requests, and the proxy's share of them: a signed-in GET / stops in the
    // proxy (claims check, CSP, redirect to /dashboard) without rendering or reading the database.
    let pageBytes = 0;
    const fullPage: Probe = {
      path: PAGE_PATH,
      status: 200,
      check: (user, body) => {
        if (!body.includes(user.email)) return "their email is not on it";
        pageBytes = Buffer.byteLength(body);
        if (process.env.BENCH_PAGE_DUMP) writeFileSync(process.env.BENCH_PAGE_DUMP, body);
        return null;
      },
    };
    const proxyOnly: Probe = {
      path: "/",
      status: 307,
      check: (_user, _body, location) => (location?.endsWith("/dashboard") ? null : `went to ${location}`),
    };
    const get = async (user: BenchUser, probe: Probe): Promise<number> => {
      const start = performance.now();
      const res = await fetch(`${appUrl}${probe.path}`, {
        redirect: "manual",
        headers: {
          ...(probe.signedOut ? {} : { cookie: cookies.get(user)! }),
          ...(process.env.BENCH_IDENTITY ? { "accept-encoding": "identity" } : {}),
        },
      });
      const body = await res.text();
      const ms = performance.now() - start;
      const location = res.headers.get("location");
      const problem =
        res.status !== probe.status ? `${res.status} ${location ?? ""}` : probe.check(user, body, location);
      if (problem) throw new Error(`GET ${probe.path} as ${user.email}: ${problem}`);
      return ms;
    };
    const run = async (probe: Probe, users: BenchUser[], requestsPerUser: number): Promise<PageRun> => {
      const ms: number[] = [];
      const cpu0 = groupCpuSeconds(next.pid!);
      const trips0 = dbRoundTrips();
      const t0 = performance.now();
      await Promise.all(
        users.map(async (user) => {
          for (let i = 0; i < requestsPerUser; i++) ms.push(await get(user, probe));
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = groupCpuSeconds(next.pid!);
      const stats = summarize(ms);
      return {
        users: users.length,
        seconds,
        stats,
        load: load(),
        cpuMsPerRequest: cpu0 === null || cpu1 === null ? null : cpuMs(cpu1 - cpu0) / stats.n,
        roundTripsPerRequest: (dbRoundTrips() - trips0) / stats.n,
      };
    };
    const floorPage: Probe = {
      path: FLOOR_PATH,
      status: 200,
      signedOut: true,
      check: (_user, body) => (body.includes("</html>") ? null : "no whole page"),
    };
    // Warm-up (not measured): the server loads the code and compiles its hot paths.
    for (const probe of [fullPage, proxyOnly, floorPage]) await run(probe, pageUsers, PAGE_WARM_UP_REQUESTS);
    const single = await run(fullPage, pageUsers.slice(0, 1), PAGE_REQUESTS_ALONE);
    const concurrent = await run(fullPage, pageUsers, PAGE_REQUESTS_PER_USER);
    const proxy = await run(proxyOnly, pageUsers, PAGE_REQUESTS_PER_USER);
    const floor = await run(floorPage, pageUsers, PAGE_REQUESTS_PER_USER);

    log("");
    log(
      `(a) signInWithPassword (@supabase/supabase-js → local auth server, bcrypt cost 10): ${a.n} sign-ins, ` +
        `${SIGN_IN_CONCURRENCY} concurrent, distinct users`,
    );
    log(`    throughput  ${(a.n / aSeconds).toFixed(1)} sign-ins/s  (${aSeconds.toFixed(2)} s)`);
    log(`    latency     p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}  max ${fmt(a.max)}  (${aLoad})`);
    log(
      `    CPU         ${fmt((aCpu.user + aCpu.system) / 1000 / a.n)} per sign-in ` +
        `(client and auth server share this process)`,
    );
    log(
      `(b) GET ${PAGE_PATH} signed in (proxy claims check, app shell and profile read via RLS, next start): ` +
        `every response a 200 with the user's own email, ${(pageBytes / 1024).toFixed(1)} KiB of HTML`,
    );
    for (const r of [single, concurrent]) {
      log(
        `    ${String(r.users).padStart(2)} user(s) × ${r.stats.n / r.users} requests: ` +
          `${(r.stats.n / r.seconds).toFixed(1)} requests/s, p50 ${fmt(r.stats.p50)}  p95 ${fmt(r.stats.p95)}  ` +
          `max ${fmt(r.stats.max)}  (${r.load})`,
      );
      log(
        `         CPU ${cpu(r)} of the Next server per request, ` +
          `${r.roundTripsPerRequest.toFixed(1)} database round trips per request`,
      );
    }
    printBreakdown({ concurrent, proxy, floor });
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await app?.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
