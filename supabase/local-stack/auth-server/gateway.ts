import type { IncomingMessage } from "node:http";
import { GatewayError } from "./errors";
import { signJwt, type SigningKeys } from "./keys";

/**
 * The API gateway's part. GoTrue never reads `apikey`: in the CLI stack Kong checks it and rewrites
 * `Authorization` (supabase/cli internal/start/start.go). We do both here so the official client
 * sees the same thing as against `supabase start`.
 *
 * The keys are the stack's own (generated per install, supabase/local-stack/secrets.ts), or the CLI's
 * public defaults in CLI compatibility mode. A new-style key is turned into a short-lived JWT of
 * its role signed with the stack's asymmetric key, as Supabase's gateway does for sb_ keys, so no
 * long-lived role token exists anywhere.
 */

export type ApiKeys = { publishable: string; secret: string };

const GATEWAY_TOKEN_SECONDS = 300;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function apiKeyOf(req: IncomingMessage, url: URL): string | undefined {
  // Kong's key-auth also takes the key from the query string.
  return header(req, "apikey") ?? url.searchParams.get("apikey") ?? undefined;
}

/** Throws 401 like Kong's key-auth unless the request carries one of the stack's API keys. */
export function requireApiKey(req: IncomingMessage, url: URL, apiKeys: ApiKeys, keys: SigningKeys): void {
  const apiKey = apiKeyOf(req, url);
  if (!apiKey) throw new GatewayError("No API key found in request");
  const known = [apiKeys.publishable, apiKeys.secret];
  if (keys.legacy) known.push(keys.legacy.anonKey, keys.legacy.serviceRoleKey);
  if (!known.includes(apiKey)) throw new GatewayError("Invalid authentication credentials");
}

/** Mints and caches the gateway's role tokens, renewing each a minute before it expires. */
export class GatewayTokens {
  private cache = new Map<string, { token: Promise<string>; expiresAt: number }>();

  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
  ) {}

  forRole(role: "anon" | "service_role"): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(role);
    if (cached && cached.expiresAt - now > 60) return cached.token;
    const expiresAt = now + GATEWAY_TOKEN_SECONDS;
    const token = signJwt(this.keys, { iss: this.issuer, role, iat: now, exp: expiresAt });
    token.catch(() => this.cache.delete(role));
    this.cache.set(role, { token, expiresAt });
    return token;
  }
}

/**
 * The `Authorization` header GoTrue gets: the client's own unless it is `Bearer sb_…`; otherwise
 * the new-style API key becomes a token of its role, and anything else (a legacy JWT key) is
 * passed as is.
 */
export async function effectiveAuthorization(
  req: IncomingMessage,
  url: URL,
  apiKeys: ApiKeys,
  tokens: GatewayTokens,
): Promise<string | undefined> {
  const authorization = header(req, "authorization");
  if (authorization && !authorization.startsWith("Bearer sb_")) return authorization;
  const apiKey = apiKeyOf(req, url);
  if (apiKey === apiKeys.secret) return `Bearer ${await tokens.forRole("service_role")}`;
  if (apiKey === apiKeys.publishable) return `Bearer ${await tokens.forRole("anon")}`;
  return apiKey;
}

/**
 * True when the request carries the secret API key: the only key Supabase accepts
 * `Sb-Forwarded-For` with (publishable keys and the legacy anon and service_role JWTs are not).
 */
export function usesSecretKey(req: IncomingMessage, url: URL, apiKeys: ApiKeys): boolean {
  return apiKeyOf(req, url) === apiKeys.secret;
}
