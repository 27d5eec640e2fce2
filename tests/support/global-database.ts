import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createScratchDatabase } from "@/supabase/local-stack/scratch-database";

/**
 * Vitest global setup for the db and int tiers: a fresh database with the Supabase base schema,
 * every migration and the seed, on the server named by DATABASE_URL (e.g. the machine's
 * PostgreSQL 15) or, by default, on a throwaway embedded PostgreSQL 17 cluster.
 * Tests read its URLs with `inject("databaseUrl")` (superuser) and `inject("appDatabaseUrl")` (the
 * app's login role) and make their own data.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** The superuser's URL: set-up and inspection. */
    databaseUrl: string;
    /** The app's login role (like the local stack's `authenticator`): what app code and workers use. */
    appDatabaseUrl: string;
    serverVersion: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = await createScratchDatabase("orgflow_test", process.env.DATABASE_URL);
  const db = postgres(scratch.url, { max: 1, onnotice: () => {} });
  const [{ server_version }] = (await db`show server_version`) as unknown as [{ server_version: string }];
  await db.end();
  project.provide("databaseUrl", scratch.url);
  project.provide("appDatabaseUrl", scratch.appUrl);
  project.provide("serverVersion", server_version);
  console.log(
    `[${project.name}] test database ${scratch.name} on ${scratch.server} (PostgreSQL ${server_version})`,
  );
  return scratch.drop;
}
