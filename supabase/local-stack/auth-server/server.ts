import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { isWellKnownApiKey } from "@/lib/config/well-known";
import type { Deps, RequestContext } from "./context";
import {
  ApiError,
  badRequest,
  GatewayError,
  OAuthError,
  renderError,
  UNEXPECTED_FAILURE_MESSAGE,
} from "./errors";
import { requestIp } from "./forwarded-for";
import { effectiveAuthorization, GatewayTokens, requireApiKey, type ApiKeys } from "./gateway";
import { containsNul, corsHeaders, json, preflightHeaders, send, wantsApiVersion2024 } from "./http";
import { loadSigningKeys } from "./keys";
import type { MailDelivery } from "./mail";
import { RateLimiter } from "./rate-limit";
import { findRoute } from "./routes";
import type { AuthSettings } from "./settings";

export const MOUNT_PATH = "/auth/v1";

export type StartAuthServerOptions = {
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  settings: AuthSettings;
  /** Where the generated signing key set is kept (e.g. .local/secrets/signing-keys.json); reused on restart. */
  keysFile: string;
  /** The API keys the gateway accepts: the stack's generated ones (or the CLI's in compatibility mode). */
  apiKeys: ApiKeys;
  /**
   * Where emails go: "mailbox" (local_mailbox, shown by /dev/mailbox: `npm run dev` only),
   * "smtp" (SMTP_HOST …), or "log" (production without SMTP: a line saying it was not delivered).
   */
  mail: MailDelivery;
  /** Production refuses an HS256 secret and the CLI's public keys (see keys.ts). */
  production?: boolean;
  log?: (line: string) => void;
};

export type RunningAuthServer = {
  /** e.g. http://127.0.0.1:54321/auth/v1 */
  url: string;
  port: number;
  close(): Promise<void>;
};

/** The request's URL; a target that does not parse is treated as "/", which nothing serves. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? "/", "http://localhost");
  } catch {
    return new URL("http://localhost/");
  }
}

async function handle(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req);
  const apiVersion2024 = wantsApiVersion2024(req);
  const headers = {
    ...corsHeaders(req),
    ...(apiVersion2024 ? { "x-supabase-api-version": "2024-01-01" } : {}),
  };
  try {
    if (req.method === "OPTIONS") return send(res, { status: 204 }, preflightHeaders(req));
    if (url.pathname !== MOUNT_PATH && !url.pathname.startsWith(`${MOUNT_PATH}/`)) {
      // What Kong says for a path no service is mounted on.
      return send(res, json({ message: "no Route matched with those values" }, 404), headers);
    }
    const { route, params } = findRoute(req.method ?? "GET", url.pathname.slice(MOUNT_PATH.length) || "/");
    if (!route.open) requireApiKey(req, url, deps.apiKeys, deps.keys);
    if (containsNul([...url.searchParams.values()]) || containsNul(Object.values(params))) {
      throw badRequest("validation_failed", "Query parameters may not contain NUL characters");
    }
    const ctx: RequestContext = {
      deps,
      req,
      url,
      params,
      ip: requestIp(req, url, deps.settings, deps.apiKeys),
      userAgent: req.headers["user-agent"] ?? null,
      authorization: await effectiveAuthorization(req, url, deps.apiKeys, deps.gatewayTokens),
    };
    send(res, await route.handler(ctx), headers);
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof GatewayError) return send(res, json({ message: e.message }, e.status), headers);
    if (e instanceof ApiError || e instanceof OAuthError) {
      const rendered = renderError(e, apiVersion2024);
      return send(res, json(rendered.body, rendered.status, rendered.headers), headers);
    }
    if (isPostgresDataException(e)) {
      // Input the handlers did not anticipate that Postgres refuses (a value too long, out of
      // range, …) is still the caller's mistake, never a 500.
      const rendered = renderError(badRequest("validation_failed", "Invalid input"), apiVersion2024);
      return send(res, json(rendered.body, rendered.status, rendered.headers), headers);
    }
    deps.log(
      `[auth] unexpected failure on ${req.method} ${url.pathname}: ${(e as Error)?.stack ?? String(e)}`,
    );
    const failure = new ApiError(500, "unexpected_failure", UNEXPECTED_FAILURE_MESSAGE);
    const rendered = renderError(failure, apiVersion2024);
    send(res, json(rendered.body, 500, rendered.headers), headers);
  }
}

/** SQLSTATE class 22: data exceptions, which only bad input values cause. */
function isPostgresDataException(e: unknown): boolean {
  return e instanceof postgres.PostgresError && e.code.startsWith("22");
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * In production only the stack's own asymmetric keys verify tokens, the API keys must be its
 * generated ones, and no email is shown on a page: whatever would let a public default or a
 * development convenience open someone's account is refused at start.
 */
function refuseDevelopmentSettings(opts: StartAuthServerOptions): void {
  const problems = [
    opts.settings.jwtSecret ? "an HS256 JWT secret is configured (CLI compatibility mode)" : null,
    isWellKnownApiKey(opts.apiKeys.publishable) || isWellKnownApiKey(opts.apiKeys.secret)
      ? "the API keys are the Supabase CLI's public defaults"
      : null,
    opts.mail === "mailbox" ? "emails would be kept in the local mailbox" : null,
  ].filter(Boolean);
  if (problems.length) {
    throw new Error(`The auth server refuses to start in production: ${problems.join("; ")}.`);
  }
}

/** Starts the auth server; it serves until close() (which also ends its database pool). */
export async function startAuthServer(opts: StartAuthServerOptions): Promise<RunningAuthServer> {
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? ((line: string) => console.log(line));
  if (opts.production) refuseDevelopmentSettings(opts);
  const keys = await loadSigningKeys({
    keysFile: opts.keysFile,
    signingKeysPath: opts.settings.signingKeysPath,
    jwtSecret: opts.settings.jwtSecret,
  });
  const sql = postgres(opts.databaseUrl, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
  });
  try {
    await sql`select 1 from auth.users limit 1`; // fail fast when the base schema is missing
  } catch (e) {
    await sql.end();
    throw e;
  }

  // The issuer and link base need the port, known only once listening; until then, 503.
  const ready: { deps?: Deps } = {};
  const server = createServer((req, res) => {
    if (!ready.deps) return send(res, json({ message: "starting" }, 503), {});
    // handle() answers every error itself; this only guards against the socket failing mid-answer.
    handle(ready.deps, req, res).catch(() => res.destroy());
  });
  let port: number;
  try {
    port = await listen(server, opts.port, host);
  } catch (e) {
    await sql.end();
    throw e;
  }
  // A wildcard bind is still reached through loopback; the URL must be one a client can use.
  const publicHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${publicHost}:${port}${MOUNT_PATH}`;
  ready.deps = {
    sql,
    settings: opts.settings,
    keys,
    apiKeys: opts.apiKeys,
    gatewayTokens: new GatewayTokens(keys, url),
    mail: opts.mail,
    issuer: url,
    externalUrl: opts.settings.externalUrl ?? url,
    limiter: new RateLimiter(),
    log,
  };
  return {
    url,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sql.end({ timeout: 5 });
    },
  };
}
