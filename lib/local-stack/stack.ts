import path from "node:path";
import postgres from "postgres";
import { loopbackAliases } from "@/lib/config/site-url";
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
  /** The stack's data folder (database, auth signing keys); default LOCAL_DIR. */
  dataDir?: string;
  /** Another copy of PostgreSQL's native/ folder (tests); see startEmbeddedPostgres. */
  nativeDir?: string;
  /** Auth settings on top of supabase/config.toml's (e.g. a benchmark raising the rate limits). */
  authSettings?: AuthSettingsOverrides;
  log?: (line: string) => void;
};

export type LocalStack = {
  databaseUrl: string;
  authUrl: string;
  apiUrl: string;
  embedded: boolean;
  /** Where the embedded PostgreSQL keeps its data (null with another server). */
  databaseDir: string | null;
  migrations: MigrateResult;
  timings: { database: number; migrations: number; auth: number; total: number };
  stop(): Promise<void>;
};

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const dbPort = options.dbPort ?? LOCAL_DB_PORT;
  const authPort = options.authPort ?? LOCAL_AUTH_PORT;
  const localDir = options.dataDir ?? LOCAL_DIR;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${(e as Error).message}`));
  };

  try {
    await assertPortFree(authPort, "auth server");
    let databaseUrl = options.databaseUrl;
    let databaseDir: string | null = null;
    if (!databaseUrl) {
      const dataDir = path.join(localDir, "db");
      const pg = await startEmbeddedPostgres({ dataDir, port: dbPort, log, nativeDir: options.nativeDir });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      databaseDir = pg.dataDir;
      if (pg.created) log(`created a new PostgreSQL 17 cluster in ${pg.dataDir}`);
      if (pg.relocated) {
        log(
          `PostgreSQL runs as the postgres system user, who cannot enter ${path.dirname(dataDir)}: ` +
            `its data is in ${pg.dataDir} (${dataDir} links there)`,
        );
      }
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

    const settings = readAuthSettings(path.join(SUPABASE_DIR, "config.toml"), {
      // The app's server calls auth for its users and forwards each one's address with the
      // secret key (lib/supabase/forwarding.ts), as a hosted project with IP forwarding on.
      sbForwardedForEnabled: true,
      ...options.authSettings,
      siteUrl: options.siteUrl,
    });
    // The app answers on every loopback name (127.0.0.1 as well as localhost): emailed links may
    // lead back to the one the person used.
    const aliases = loopbackAliases(options.siteUrl).flatMap((origin) => [origin, `${origin}/**`]);
    settings.additionalRedirectUrls = [...new Set([...settings.additionalRedirectUrls, ...aliases])];
    const auth = await startAuthServer({
      databaseUrl,
      port: authPort,
      settings,
      keysFile: path.join(localDir, "auth", "signing-keys.json"),
      log,
    });
    stops.push(auth.close);
    const authReady = performance.now();

    return {
      databaseUrl,
      authUrl: auth.url,
      apiUrl: auth.url.replace(/\/auth\/v1$/, ""),
      embedded: !options.databaseUrl,
      databaseDir,
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
    ...(stack.databaseDir ? [`  ├─ Data         ${stack.databaseDir}`] : []),
    `  ├─ Auth         ${stack.authUrl}`,
    `  ├─ API URL      ${stack.apiUrl}   (NEXT_PUBLIC_SUPABASE_URL)`,
    `  ├─ Publishable  ${LOCAL_PUBLISHABLE_KEY}`,
    `  ├─ Secret       ${LOCAL_SECRET_KEY}`,
    ...(appUrl
      ? [
          `  ├─ App          ${appUrl}${loopbackAliases(appUrl).length ? `  (or ${loopbackAliases(appUrl)[0]})` : ""}`,
          `  ├─ Mailbox      ${appUrl}/dev/mailbox`,
        ]
      : []),
    `  └─ Ready in ${ms(stack.timings.total)} (database ${ms(stack.timings.database)}, migrations ${ms(
      stack.timings.migrations,
    )}, auth ${ms(stack.timings.auth)})` +
      (stack.migrations.applied.length ? `; applied ${stack.migrations.applied.length} migration(s)` : "") +
      (stack.migrations.seeded ? "; seeded" : ""),
    "",
  ];
  return lines.join("\n");
}
