import type { IncomingMessage } from "node:http";
import type postgres from "postgres";
import type { z } from "zod";
import { parseJsonBody, readBody } from "./http";
import type { ApiKeys, GatewayTokens } from "./gateway";
import type { SigningKeys } from "./keys";
import type { RateLimiter } from "./rate-limit";
import type { AuthSettings } from "./settings";

/** How the auth server delivers its emails (lib/mail under the app, or the log). */
export type MailDelivery = "mailbox" | "smtp" | "log";

/** What every handler may use: one per server. */
export type Deps = {
  sql: postgres.Sql;
  settings: AuthSettings;
  keys: SigningKeys;
  apiKeys: ApiKeys;
  gatewayTokens: GatewayTokens;
  mail: MailDelivery;
  /** The server's own base, e.g. http://127.0.0.1:54321/auth/v1: the tokens' issuer. */
  issuer: string;
  /** Base of emailed links (GoTrue's API_EXTERNAL_URL). */
  externalUrl: string;
  limiter: RateLimiter;
  log: (line: string) => void;
};

/** One request, as handlers see it. */
export type RequestContext = {
  deps: Deps;
  req: IncomingMessage;
  url: URL;
  /** Route parameters, e.g. `id` of /admin/users/:id. */
  params: Record<string, string>;
  ip: string;
  userAgent: string | null;
  /** The Authorization header after the gateway's rewrite. */
  authorization: string | undefined;
};

export async function readJson<T>(ctx: RequestContext, schema: z.ZodType<T>): Promise<T> {
  return parseJsonBody(await readBody(ctx.req, ctx.deps.settings.maxBodyBytes), schema);
}
