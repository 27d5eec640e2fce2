import { z } from "zod";
import { CLI_PUBLISHABLE_KEY, CLI_SECRET_KEY, isProduction, wellKnownSecretsIn } from "./well-known";

/**
 * Where Supabase and Postgres are. With no Supabase settings in the environment the app talks to
 * the Docker-free local stack at the Supabase CLI's local addresses; scripts/dev.ts hands the app
 * the stack's generated keys and database URL (NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
 * SUPABASE_SECRET_KEY, DATABASE_URL).
 *
 * Outside production, keys and database URL left unset fall back to the Supabase CLI's public
 * defaults, which work only against `supabase start` or a stack started with
 * ORGFLOW_SUPABASE_CLI_KEYS=1. Production has no fallback and refuses well-known values.
 */

export const LOCAL_DB_PORT = Number(process.env.ORGFLOW_DB_PORT ?? 54322);
export const LOCAL_AUTH_PORT = Number(process.env.ORGFLOW_API_PORT ?? 54321);

const stackEnvSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url().optional(),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.string().min(1).optional(),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string().min(1).optional(),
  SUPABASE_SECRET_KEY: z.string().min(1).optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  NEXT_PUBLIC_SITE_URL: z.url().optional(),
  PORT: z.coerce.number().int().positive().optional(),
});

export type StackConfig = {
  /** True when nothing points at a hosted Supabase project: the local stack is in use. */
  local: boolean;
  supabaseUrl: string;
  publishableKey: string;
  secretKey: string;
  databaseUrl: string;
  siteUrl: string;
};

export function readStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = stackEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const local = !e.NEXT_PUBLIC_SUPABASE_URL;
  const port = e.PORT ?? 3000;
  const publishableKey = e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? e.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  const secretKey = e.SUPABASE_SECRET_KEY ?? e.SUPABASE_SERVICE_ROLE_KEY;
  if (isProduction(env)) {
    // No public default can reach production: every value is the operator's (or the local
    // stack's generated one, which `npm start` passes on).
    const missing = [
      publishableKey ? null : "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
      secretKey ? null : "SUPABASE_SECRET_KEY",
      e.DATABASE_URL ? null : "DATABASE_URL",
    ].filter(Boolean);
    if (missing.length) {
      throw new Error(
        `Production needs ${missing.join(", ")}: start with \`npm start\` (the local stack passes its ` +
          "generated keys) or set them for your hosted Supabase project.",
      );
    }
    const wellKnown = wellKnownSecretsIn(env);
    if (wellKnown.length)
      throw new Error(`Refusing well-known secrets in production: ${wellKnown.join(" ")}`);
  }
  return {
    local,
    supabaseUrl: e.NEXT_PUBLIC_SUPABASE_URL ?? `http://127.0.0.1:${LOCAL_AUTH_PORT}`,
    publishableKey: publishableKey ?? CLI_PUBLISHABLE_KEY,
    secretKey: secretKey ?? CLI_SECRET_KEY,
    databaseUrl: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${LOCAL_DB_PORT}/postgres`,
    siteUrl: e.NEXT_PUBLIC_SITE_URL ?? `http://localhost:${port}`,
  };
}

let cached: StackConfig | undefined;
export function stackConfig(): StackConfig {
  cached ??= readStackConfig();
  return cached;
}
