import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type postgres from "postgres";

/**
 * Applies the Supabase base schema, every file of supabase/migrations in order (each once), and
 * the seed on a new database. Applied migrations are recorded in the Supabase CLI's own table,
 * `supabase_migrations.schema_migrations`, so the same database can later be managed by the CLI.
 */

export const SUPABASE_DIR = path.resolve(process.cwd(), "supabase");
const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Serialises concurrent migrators (two `npm run dev`, parallel test workers) on one database.
const MIGRATION_LOCK_KEY = 724_113_001;

export type Migration = { version: string; name: string; file: string };

export async function listMigrations(dir = path.join(SUPABASE_DIR, "migrations")): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return files.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      throw new Error(`Migration file "${file}" must be named <14-digit timestamp>_<snake_case_name>.sql`);
    }
    return { version: match[1]!, name: match[2]!, file: path.join(dir, file) };
  });
}

export type MigrateResult = { applied: string[]; seeded: boolean; newDatabase: boolean };

export async function migrate(
  sql: postgres.Sql,
  options: { baseSchema?: boolean; seed?: boolean; supabaseDir?: string } = {},
): Promise<MigrateResult> {
  const dir = options.supabaseDir ?? SUPABASE_DIR;
  const migrations = await listMigrations(path.join(dir, "migrations"));
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    const [{ exists }] = (await tx`
      select exists (select 1 from pg_tables
                     where schemaname = 'supabase_migrations' and tablename = 'schema_migrations') as exists
    `) as unknown as [{ exists: boolean }];
    const newDatabase = !exists;
    if (options.baseSchema ?? true) {
      await tx.unsafe(await readFile(path.join(dir, "local", "base-schema.sql"), "utf8"));
    }
    await tx.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );
    `);
    const done = new Set(
      (await tx<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map(
        (r) => r.version,
      ),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      const body = await readFile(m.file, "utf8");
      try {
        await tx.unsafe(body);
      } catch (e) {
        throw migrationError(path.basename(m.file), body, e);
      }
      await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
               values (${m.version}, ${m.name}, ${[body]})`;
      applied.push(`${m.version}_${m.name}`);
    }
    let seeded = false;
    if (newDatabase && (options.seed ?? true)) {
      await tx.unsafe(await readFile(path.join(dir, "seed.sql"), "utf8"));
      seeded = true;
    }
    return { applied, seeded, newDatabase };
  });
}

/** A short error that points at the failing line, instead of echoing the whole file. */
function migrationError(file: string, body: string, e: unknown): Error {
  const err = e as { message?: string; position?: string; hint?: string };
  const line = err.position ? body.slice(0, Number(err.position)).split("\n").length : undefined;
  const where = line ? `${file}:${line}` : file;
  const text = line ? `\n  ${line} | ${body.split("\n")[line - 1]?.trim()}` : "";
  const error = new Error(
    `Migration ${where} failed: ${err.message}${err.hint ? ` (${err.hint})` : ""}${text}`,
  );
  return error;
}
