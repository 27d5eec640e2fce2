import path from "node:path";
import postgres from "postgres";
import { LOCAL_AUTH_PORT, LOCAL_DB_PORT, LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from "@/lib/config/stack";
import { readAuthSettings, startAuthServer, type AuthSettingsOverrides } from "./auth-server";
import { migrate, SUPABASE_DIR, type MigrateResult } from "./migrate";
import { assertPortFree, redact, startEmbeddedPostgres, waitForPostgres } from "./postgres";

/**
 * The Docker-free local Supabase stack: a database (embedded PostgreSQL 17, or DATABASE_URL's
 * server), the Supabase base schema with every migration, and the auth server. Used by
 * `npm run dev`, `npm run db:reset`, the e2e tests and the benchmarks.
 */

export const LOCAL_DIR = path.resolve(process.cwd(), process.env.ORGFLOW_DATA_DIR ?? ".local");

export type LocalStackOptions = {
  dbPort?: number;
  authPort?: number;
  /** Where the app runs, for auth redirects and email links. */
  siteUrl: string;
  /** Use this Postgres server instead of starting the embedded one. */
  databaseUrl?: string;
  /** Auth settings on top of supabase/config.toml's (e.g. a benchmark raising the rate limits). */
  authSettings?: AuthSettingsOverrides;
  log?: (line: string) => void;
};

export type LocalStack = {
  databaseUrl: string;
  authUrl: string;
  apiUrl: string;
  embedded: boolean;
  migrations: MigrateResult;
  timings: { database: number; migrations: number; auth: number; total: number };
  stop(): Promise<void>;
};

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dbPort = options.dbPort ?? LOCAL_DB_PORT;
  const authPort = options.authPort ?? LOCAL_AUTH_PORT;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${(e as Error).message}`));
  };

  try {
    await assertPortFree(authPort, "auth server");
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(LOCAL_DIR, "db"), port: dbPort, log });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      if (pg.created) log(`created a new PostgreSQL 17 cluster in ${path.join(LOCAL_DIR, "db")}`);
    }
    await waitForPostgres(databaseUrl);
    const dbReady = performance.now();

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    let migrations: MigrateResult;
    try {
      migrations = await migrate(sql);
    } finally {
      await sql.end();
    }
    const migrated = performance.now();

    const auth = await startAuthServer({
      databaseUrl,
      port: authPort,
      settings: readAuthSettings(path.join(SUPABASE_DIR, "config.toml"), {
        // The app's server calls auth for its users and forwards each one's address with the
        // secret key (lib/supabase/forwarding.ts), as a hosted project with IP forwarding on.
        sbForwardedForEnabled: true,
        ...options.authSettings,
        siteUrl: options.siteUrl,
      }),
      keysFile: path.join(LOCAL_DIR, "auth", "signing-keys.json"),
      log,
    });
    stops.push(auth.close);
    const authReady = performance.now();

    return {
      databaseUrl,
      authUrl: auth.url,
      apiUrl: auth.url.replace(/\/auth\/v1$/, ""),
      embedded: !options.databaseUrl,
      migrations,
      timings: {
        database: dbReady - started,
        migrations: migrated - dbReady,
        auth: authReady - migrated,
        total: authReady - started,
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

export function describeStack(stack: LocalStack, appUrl: string | null): string {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const lines = [
    "",
    "  Orgflow local stack",
    `  ├─ Database     ${redact(stack.databaseUrl)}${stack.embedded ? "  (embedded PostgreSQL 17)" : ""}`,
    `  ├─ Auth         ${stack.authUrl}`,
    `  ├─ API URL      ${stack.apiUrl}   (NEXT_PUBLIC_SUPABASE_URL)`,
    `  ├─ Publishable  ${LOCAL_PUBLISHABLE_KEY}`,
    `  ├─ Secret       ${LOCAL_SECRET_KEY}`,
    ...(appUrl ? [`  ├─ App          ${appUrl}`, `  ├─ Mailbox      ${appUrl}/dev/mailbox`] : []),
    `  └─ Ready in ${ms(stack.timings.total)} (database ${ms(stack.timings.database)}, migrations ${ms(
      stack.timings.migrations,
    )}, auth ${ms(stack.timings.auth)})` +
      (stack.migrations.applied.length ? `; applied ${stack.migrations.applied.length} migration(s)` : "") +
      (stack.migrations.seeded ? "; seeded" : ""),
    "",
  ];
  return lines.join("\n");
}
