import { z } from "zod";

/**
 * Where Supabase and Postgres are. With no Supabase settings in the environment the app talks to
 * the Docker-free local stack (scripts/dev.ts) at the Supabase CLI's own local addresses and keys,
 * so one `.env` serves this stack and `supabase start` alike.
 */

// The Supabase CLI's default local keys (supabase/cli pkg/config/apikeys.go). Not secrets: they
// are public defaults that only ever unlock a developer's own local stack.
export const LOCAL_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

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
  return {
    local,
    supabaseUrl: e.NEXT_PUBLIC_SUPABASE_URL ?? `http://127.0.0.1:${LOCAL_AUTH_PORT}`,
    publishableKey:
      e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? e.NEXT_PUBLIC_SUPABASE_ANON_KEY ?? LOCAL_PUBLISHABLE_KEY,
    secretKey: e.SUPABASE_SECRET_KEY ?? e.SUPABASE_SERVICE_ROLE_KEY ?? LOCAL_SECRET_KEY,
    databaseUrl: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${LOCAL_DB_PORT}/postgres`,
    siteUrl: e.NEXT_PUBLIC_SITE_URL ?? `http://localhost:${port}`,
  };
}

let cached: StackConfig | undefined;
export function stackConfig(): StackConfig {
  cached ??= readStackConfig();
  return cached;
}
