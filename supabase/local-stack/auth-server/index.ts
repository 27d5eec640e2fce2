/**
 * The Docker-free stand-in for Supabase Auth (GoTrue) that the local stack serves at
 * http://127.0.0.1:54321/auth/v1. It speaks GoTrue's wire protocol to the official clients
 * (@supabase/supabase-js, @supabase/ssr) and stores everything in the auth.* tables of
 * supabase/local/base-schema.sql. Spec: ../shared/reference/supabase-auth.md.
 */
export { readAuthSettings, defaultAuthSettings } from "./settings";
export type { AuthSettings, AuthSettingsOverrides, PasswordRequirement, RateLimitSettings } from "./settings";
export { startAuthServer, MOUNT_PATH } from "./server";
export type { RunningAuthServer, StartAuthServerOptions } from "./server";
