import type { IncomingMessage } from "node:http";
import { LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from "@/lib/config/stack";
import { GatewayError } from "./errors";
import type { SigningKeys } from "./keys";

/**
 * The API gateway's part. GoTrue never reads `apikey`: in the CLI stack Kong checks it and rewrites
 * `Authorization` (supabase/cli internal/start/start.go). We do both here so the official client
 * sees the same thing as against `supabase start`.
 */

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  // Kong's key-auth also takes the key from the query string.
  return header(req, "apikey") ?? url.searchParams.get("apikey") ?? undefined;
}

/** Throws 401 like Kong's key-auth unless the request carries one of the stack's API keys. */
export function requireApiKey(req: IncomingMessage, url: URL, keys: SigningKeys): void {
  const apiKey = apiKeyOf(req, url);
  if (!apiKey) throw new GatewayError("No API key found in request");
  const known = [LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, keys.legacyAnonKey, keys.legacyServiceRoleKey];
  if (!known.includes(apiKey)) throw new GatewayError("Invalid authentication credentials");
}

/**
 * The `Authorization` header GoTrue gets: the client's own unless it is `Bearer sb_…`; otherwise
 * the new-style API key becomes the matching legacy JWT, and anything else is passed as is.
 */
export function effectiveAuthorization(
  req: IncomingMessage,
  url: URL,
  keys: SigningKeys,
): string | undefined {
  const authorization = header(req, "authorization");
  if (authorization && !authorization.startsWith("Bearer sb_")) return authorization;
  const apiKey = apiKeyOf(req, url);
  if (apiKey === LOCAL_SECRET_KEY) return `Bearer ${keys.legacyServiceRoleKey}`;
  if (apiKey === LOCAL_PUBLISHABLE_KEY) return `Bearer ${keys.legacyAnonKey}`;
  return apiKey;
}

/**
 * True when the request carries the secret API key: the only key Supabase accepts
 * `Sb-Forwarded-For` with (publishable keys and the legacy anon and service_role JWTs are not).
 */
export function usesSecretKey(req: IncomingMessage, url: URL): boolean {
  return apiKeyOf(req, url) === LOCAL_SECRET_KEY;
}
