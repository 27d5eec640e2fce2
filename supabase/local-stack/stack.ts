import { existsSync } from "node:fs";
import { chmod, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { loopbackAliases } from "@/lib/config/site-url";
import { LOCAL_AUTH_PORT, LOCAL_DB_PORT } from "@/lib/config/stack";
import { CLI_JWT_SECRET, CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY } from "@/lib/config/well-known";
import { APP_LOGIN_ROLE, loginUrl, prepareAppAccess } from "./app-access";
import { readAuthSettings, startAuthServer, type AuthSettingsOverrides } from "./auth-server";
import type { MailDelivery } from "./auth-server/mail";
import { migrate, SUPABASE_DIR, type MigrateResult } from "./migrate";
import { assertPortFree, redact, startEmbeddedPostgres, waitForPostgres } from "./postgres";
import { loadOrCreateStackSecrets, secretsDir } from "./secrets";

/**
 * The Docker-free local Supabase stack: a database (embedded PostgreSQL 17, or DATABASE_URL's
 * server), the Supabase base schema with every migration, and the auth server. Used by
 * `npm run dev`, `npm start`, `npm run db:reset`, the e2e tests and the benchmarks.
 *
 * Every secret is generated on the first start and kept in `<data dir>/secrets/` (secrets.ts).
 * "development" (`npm run dev`) adds the local mailbox and, only when asked for with
 * `cliCompatibleKeys`, the Supabase CLI's public keys and HS256 secret; "production" (`npm start`)
 * has neither.
 */

export const LOCAL_DIR = path.resolve(process.cwd(), process.env.ORGFLOW_DATA_DIR ?? ".local");

export type StackMode = "development" | "production";

export type LocalStackOptions = {
  dbPort?: number;
  authPort?: number;
  /** Where the app runs, for auth redirects and email links. */
  siteUrl: string;
  /** Use this Postgres server instead of starting the embedded one (its user runs everything). */
  databaseUrl?: string;
  /** The stack's data folder (database, secrets); default LOCAL_DIR (.local, or ORGFLOW_DATA_DIR). */
  dataDir?: string;
  /** Another copy of PostgreSQL's native/ folder (tests); see startEmbeddedPostgres. */
  nativeDir?: string;
  /** Default "development". */
  mode?: StackMode;
  /** The Supabase CLI's public keys and JWT secret, for one `.env` shared with `supabase start`. */
  cliCompatibleKeys?: boolean;
  /** Auth settings on top of supabase/config.toml's (e.g. a benchmark raising the rate limits). */
  authSettings?: AuthSettingsOverrides;
  log?: (line: string) => void;
};

export type LocalStack = {
  mode: StackMode;
  /** The superuser's URL (migrations, the auth server, tests that set up data). */
  databaseUrl: string;
  /** What the app and the worker log in with: the `authenticator` login role (app-access.ts). */
  appDatabaseUrl: string;
  authUrl: string;
  apiUrl: string;
  publishableKey: string;
  secretKey: string;
  integrationsEncryptionKey: string;
  /** Web push's VAPID key pair, generated per install (never a default). */
  vapidPublicKey: string;
  vapidPrivateKey: string;
  cliCompatibleKeys: boolean;
  /** The folder of secrets.json and signing-keys.json, and which secrets this start generated. */
  secretsDir: string;
  generatedSecrets: string[];
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
  const mode = options.mode ?? "development";
  const cliCompatibleKeys = options.cliCompatibleKeys ?? false;
  if (mode === "production" && cliCompatibleKeys) {
    throw new Error(
      "The Supabase CLI's public keys (ORGFLOW_SUPABASE_CLI_KEYS) are for `npm run dev` only; unset it for `npm start`.",
    );
  }
  const dbPort = options.dbPort ?? LOCAL_DB_PORT;
  const authPort = options.authPort ?? LOCAL_AUTH_PORT;
  const localDir = options.dataDir ?? LOCAL_DIR;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${(e as Error).message}`));
  };

  try {
    await assertPortFree(authPort, "auth server");
    const { secrets, generated } = await loadOrCreateStackSecrets(localDir);
    const keysFile = await signingKeysFile(localDir);
    let databaseUrl = options.databaseUrl;
    let databaseDir: string | null = null;
    if (!databaseUrl) {
      const dataDir = path.join(localDir, "db");
      const pg = await startEmbeddedPostgres({
        dataDir,
        port: dbPort,
        password: secrets.databaseSuperuserPassword,
        log,
        nativeDir: options.nativeDir,
      });
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
    let appDatabaseUrl = databaseUrl;
    try {
      migrations = await migrate(sql);
      if (!options.databaseUrl) {
        await prepareAppAccess(sql, {
          role: APP_LOGIN_ROLE,
          password: secrets.databaseAppPassword,
          mailbox: mode === "development",
          superuserUrl: databaseUrl,
        });
        appDatabaseUrl = loginUrl(databaseUrl, APP_LOGIN_ROLE, secrets.databaseAppPassword);
      }
    } finally {
      await sql.end();
    }
    const migrated = performance.now();

    const apiKeys = cliCompatibleKeys
      ? { publishable: CLI_PUBLISHABLE_KEY, secret: CLI_SECRET_KEY }
      : { publishable: secrets.publishableKey, secret: secrets.secretKey };
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
    // HS256 only in CLI compatibility mode (auth-server/keys.ts says why).
    settings.jwtSecret = cliCompatibleKeys ? (settings.jwtSecret ?? CLI_JWT_SECRET) : undefined;
    const auth = await startAuthServer({
      databaseUrl,
      port: authPort,
      settings,
      keysFile,
      apiKeys,
      mail: mailDelivery(mode),
      production: mode === "production",
      log,
    });
    stops.push(auth.close);
    const authReady = performance.now();

    return {
      mode,
      databaseUrl,
      appDatabaseUrl,
      authUrl: auth.url,
      apiUrl: auth.url.replace(/\/auth\/v1$/, ""),
      publishableKey: apiKeys.publishable,
      secretKey: apiKeys.secret,
      integrationsEncryptionKey: secrets.integrationsEncryptionKey,
      vapidPublicKey: secrets.vapidPublicKey,
      vapidPrivateKey: secrets.vapidPrivateKey,
      cliCompatibleKeys,
      secretsDir: secretsDir(localDir),
      generatedSecrets: generated,
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

function mailDelivery(mode: StackMode): MailDelivery {
  if (mode === "development") return "mailbox";
  return process.env.SMTP_HOST ? "smtp" : "log";
}

/** The signing key set's file, beside the other secrets (moved there from .local/auth/ if found). */
async function signingKeysFile(dataDir: string): Promise<string> {
  const file = path.join(secretsDir(dataDir), "signing-keys.json");
  const older = path.join(dataDir, "auth", "signing-keys.json");
  if (!existsSync(file) && existsSync(older)) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await rename(older, file);
  }
  if (existsSync(file)) await chmod(file, 0o600);
  return file;
}

export function describeStack(stack: LocalStack, appUrl: string | null): string {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const dev = stack.mode === "development";
  const secretsLine = stack.generatedSecrets.length
    ? `generated ${stack.generatedSecrets.length} secret(s) in ${stack.secretsDir}/ — BACK THIS FOLDER UP`
    : `${stack.secretsDir}/ (back this folder up)`;
  const lines = [
    "",
    `  Orgflow local stack (${dev ? "development" : "production"})`,
    `  ├─ Database     ${redact(stack.appDatabaseUrl)}${stack.embedded ? "  (embedded PostgreSQL 17)" : ""}`,
    ...(stack.databaseDir ? [`  ├─ Data         ${stack.databaseDir}`] : []),
    `  ├─ Auth         ${stack.authUrl}`,
    `  ├─ API URL      ${stack.apiUrl}   (NEXT_PUBLIC_SUPABASE_URL)`,
    // Keys are shown to a developer; a production console (and its logs) shows where they are.
    ...(dev ? [`  ├─ Publishable  ${stack.publishableKey}`, `  ├─ Secret       ${stack.secretKey}`] : []),
    ...(stack.cliCompatibleKeys
      ? ["  ├─ Keys         the Supabase CLI's public defaults (ORGFLOW_SUPABASE_CLI_KEYS)"]
      : []),
    `  ├─ Secrets      ${secretsLine}`,
    ...(appUrl
      ? [
          `  ├─ App          ${appUrl}${loopbackAliases(appUrl).length ? `  (or ${loopbackAliases(appUrl)[0]})` : ""}`,
        ]
      : []),
    ...(appUrl && dev ? [`  ├─ Mailbox      ${appUrl}/dev/mailbox`] : []),
    ...(!dev
      ? [
          `  ├─ Mail         ${process.env.SMTP_HOST ? `SMTP ${process.env.SMTP_HOST}` : "NOT DELIVERED: set SMTP_HOST"}`,
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
