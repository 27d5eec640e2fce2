/**
 * `npm run db:reset`: recreates the local stack's database from the migrations and the seed.
 * Works whether or not `npm run dev` is running. A hosted project is reset with the Supabase CLI.
 * The secrets in .local/secrets/ are kept (the same keys and passwords work afterwards).
 */
import path from "node:path";
import nextEnv from "@next/env";
import postgres from "postgres";
import { LOCAL_DB_PORT } from "@/lib/config/stack";
import { APP_LOGIN_ROLE, prepareAppAccess } from "@/supabase/local-stack/app-access";
import { migrate } from "@/supabase/local-stack/migrate";
import {
  startEmbeddedPostgres,
  waitForPostgres,
  type RunningPostgres,
} from "@/supabase/local-stack/postgres";
import { loadOrCreateStackSecrets } from "@/supabase/local-stack/secrets";
import { LOCAL_DIR } from "@/supabase/local-stack/stack";

nextEnv.loadEnvConfig(process.cwd(), true);

async function main() {
  if (process.env.NEXT_PUBLIC_SUPABASE_URL || process.env.DATABASE_URL) {
    throw new Error(
      "db:reset only resets the local stack's database. For a hosted project use `supabase db reset --linked`; " +
        "unset DATABASE_URL / NEXT_PUBLIC_SUPABASE_URL to reset the local one.",
    );
  }
  const { secrets } = await loadOrCreateStackSecrets(LOCAL_DIR);
  const password = encodeURIComponent(secrets.databaseSuperuserPassword);
  const serverUrl = `postgresql://postgres:${password}@127.0.0.1:${LOCAL_DB_PORT}`;
  let started: RunningPostgres | undefined;
  try {
    await waitForPostgres(`${serverUrl}/postgres`, 500);
  } catch {
    started = await startEmbeddedPostgres({
      dataDir: path.join(LOCAL_DIR, "db"),
      port: LOCAL_DB_PORT,
      password: secrets.databaseSuperuserPassword,
    });
  }
  try {
    const admin = postgres(`${serverUrl}/template1`, { max: 1, onnotice: () => {} });
    await admin`drop database if exists postgres with (force)`;
    await admin`create database postgres`;
    await admin.end();
    const sql = postgres(`${serverUrl}/postgres`, { max: 1, onnotice: () => {} });
    const result = await migrate(sql);
    await prepareAppAccess(sql, {
      role: APP_LOGIN_ROLE,
      password: secrets.databaseAppPassword,
      mailbox: true,
      superuserUrl: `${serverUrl}/postgres`,
    });
    await sql.end();
    console.log(
      `Database reset: ${result.applied.length} migration(s) applied${result.seeded ? ", seeded" : ""}.`,
    );
  } finally {
    await started?.stop();
  }
}

main().catch((e: Error) => {
  console.error(`✖ ${e.message}`);
  process.exit(1);
});
