import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import {
  sql as defaultSql,
  withServiceRoleBypassingRls,
  withServiceRolePipelined,
  type Sql,
} from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp, warnIfClientIpUnknown } from "@/lib/http/client-ip";
import { eventStreamResponse, wantsEventStream, type SendEvent } from "@/lib/http/event-stream";
import { errorResponse, parseJsonBody } from "@/lib/http/respond";
import type { AnswerListener } from "./llm-answer";
import { handleVisitorMessage, type RuntimeBot } from "./runtime";

/**
 * The public chat API's gatekeeping, shared by the route handlers under app/api/chat/[botKey]/:
 * no user, so everything runs on the service path and tenancy is decided here. The bot key picks
 * the bot (and so the organization); the visitor token (X-Visitor-Token) picks the session, which
 * must belong to that bot. Browser calls must come from one of the bot's allowed origins (CORS
 * preflight answered accordingly); calls are rate limited per IP and per bot in Postgres (fixed
 * one-minute windows shared by all server instances). Every refusal is a 4xx in lib/errors' shape.
 */

export const VISITOR_TOKEN_HEADER = "x-visitor-token";
export const MAX_BODY_BYTES = 8 * 1024;

export type ChatBot = RuntimeBot & { status: string; allowed_origins: string[] };

const BOT_KEY = /^bot_[a-z0-9]{24,64}$/;

export function rateLimits(env: Record<string, string | undefined> = process.env) {
  const n = (v: string | undefined, d: number) =>
    v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d;
  return {
    /** Messages and new sessions per visitor IP per minute. */
    ip: n(env.CHAT_RATE_LIMIT_IP_PER_MINUTE, 30),
    /** Messages and new sessions per bot per minute (all visitors). */
    bot: n(env.CHAT_RATE_LIMIT_BOT_PER_MINUTE, 1200),
    /** Polls for new messages per visitor IP per minute. */
    poll: n(env.CHAT_RATE_LIMIT_POLL_PER_MINUTE, 120),
  };
}

/**
 * The bot behind a public key, or a 404 (unknown key) / 403 (paused bot; with `includePaused`
 * a paused bot is returned, for answers that must still carry CORS headers).
 */
export async function resolveBot(
  botKey: string,
  db: Sql = defaultSql(),
  { includePaused = false }: { includePaused?: boolean } = {},
): Promise<ChatBot> {
  if (!BOT_KEY.test(botKey))
    throw new AppError(
      "not_found",
      "This chat bot does not exist. Check the data-bot-key of the embed code.",
    );
  const [bot] = await withServiceRoleBypassingRls(
    (tx) => tx<ChatBot[]>`
      select id, organization_id, name, persona, greeting, fallback_message, model_settings, status, allowed_origins
      from public.bots where public_key = ${botKey}`,
    db,
  );
  if (!bot)
    throw new AppError(
      "not_found",
      "This chat bot does not exist. Check the data-bot-key of the embed code.",
    );
  if (bot.status !== "active" && !includePaused)
    throw new AppError("forbidden", "This chat bot is turned off.");
  return bot;
}

export function originAllowed(bot: Pick<ChatBot, "allowed_origins">, origin: string | null): boolean {
  // Calls without an Origin (servers, curl) are not a browser on someone else's page.
  if (!origin) return true;
  return bot.allowed_origins.includes("*") || bot.allowed_origins.includes(origin);
}

const originRefused = (origin: string | null) =>
  new AppError(
    "forbidden",
    `This website (${origin}) may not use this chat bot. Add it to the bot's allowed origins.`,
  );

export function checkOrigin(bot: ChatBot, origin: string | null): void {
  if (!originAllowed(bot, origin)) throw originRefused(origin);
}

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": `content-type, ${VISITOR_TOKEN_HEADER}`,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

function rateKeys(kind: "message" | "poll", ip: string) {
  const limits = rateLimits();
  return kind === "poll"
    ? { ipKey: `poll:ip:${ip}`, botPrefix: "", caps: [limits.poll] }
    : { ipKey: `chat:ip:${ip}`, botPrefix: "chat:bot:", caps: [limits.ip, limits.bot] };
}

export type Admission = { bot: ChatBot; originAllowed: boolean; retry: number };

/**
 * The bot behind the key, whether `origin` may use it, and the call counted against the rate
 * limits: one statement (`private.chat_admit`, SECURITY DEFINER) in a pipelined service-role
 * transaction, since every chat request starts here. Refused calls (paused bot, foreign origin) are not counted. Unknown key 404.
 */
export async function admit(
  botKey: string,
  kind: "message" | "poll",
  origin: string | null,
  ip: string,
  db: Sql = defaultSql(),
): Promise<Admission> {
  const missing = "This chat bot does not exist. Check the data-bot-key of the embed code.";
  if (!BOT_KEY.test(botKey)) throw new AppError("not_found", missing);
  const { ipKey, botPrefix, caps } = rateKeys(kind, ip);
  // Asynchronous commit for the counters (only they are written): a crash may forget the last
  // fraction of a second of hits, and no request waits for the WAL flush.
  // The pool's login role may do nothing by itself: BEGIN, the switch to service_role, this
  // statement and COMMIT travel together in one round trip.
  const [row] = await withServiceRolePipelined(
    (tx, commitWith) =>
      commitWith(tx<(ChatBot & { origin_allowed: boolean; retry: number; async_commit: string })[]>`
        select a.*, set_config('synchronous_commit', 'off', true) as async_commit
        from private.chat_admit(${botKey}, ${origin}, ${ipKey}, ${botPrefix}, ${caps}::int[]) a`),
    db,
  );
  if (!row) throw new AppError("not_found", missing);
  const { origin_allowed, retry, async_commit: _async, ...bot } = row;
  return { bot, originAllowed: origin_allowed, retry };
}

/** Refuses a paused bot (403), a foreign origin (403) or a call over a limit (429). */
export function checkAdmission({ bot, originAllowed, retry }: Admission, origin: string | null): ChatBot {
  if (bot.status !== "active") throw new AppError("forbidden", "This chat bot is turned off.");
  if (!originAllowed) throw originRefused(origin);
  if (retry > 0) throw new RateLimited(retry);
  return bot;
}

export class RateLimited extends AppError {
  constructor(readonly retryAfter: number) {
    super("rate_limited", `Too many messages. Please wait ${retryAfter} seconds and try again.`);
  }
}

export function visitorToken(request: Request): string {
  const token = request.headers.get(VISITOR_TOKEN_HEADER)?.trim() ?? "";
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token))
    throw new AppError(
      "unauthenticated",
      `Send the visitor token of this conversation in the ${VISITOR_TOKEN_HEADER} header.`,
    );
  return token;
}

export const messageBodySchema = z.object({
  text: z
    .string({ error: 'Send the message as {"text": "…"}.' })
    .trim()
    .min(1, "Type a message first.")
    .max(2000, "Messages may be at most 2000 characters."),
});

export async function readMessage(request: Request): Promise<string> {
  return (await parseJsonBody(request, messageBodySchema, MAX_BODY_BYTES)).text;
}

export type ChatRouteContext<P, I> = {
  bot: ChatBot;
  params: P;
  input: I;
  origin: string | null;
  ip: string;
};

/**
 * Wraps a public chat route. `parse` reads the request (body, token) before any database work, so
 * a slow or malformed request holds no connection. Then one autocommitted statement (`admit`)
 * resolves the bot from its key, checks the origin and counts the call against the rate limits
 * (on its own, so calls that then fail count too, and no rate-limit row stays locked while the
 * conversation's turn runs); then the handler runs. Answers JSON with CORS headers whenever the
 * origin is allowed (refusals too, so the widget can say why), and every refusal as a clear 4xx.
 * A route with `stream` answers a client that accepts `text/event-stream` with server-sent events
 * instead (lib/http/event-stream: its events, then `done` with what `run` would have answered).
 */
export function chatRoute<P extends { botKey: string }, I>(
  kind: "message" | "poll",
  definition: {
    parse: (request: NextRequest, params: P) => Promise<I> | I;
    run: (context: ChatRouteContext<P, I>) => Promise<unknown>;
    stream?: (context: ChatRouteContext<P, I>, send: SendEvent) => Promise<unknown>;
  },
) {
  return async (request: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    const origin = request.headers.get("origin");
    let cors: Record<string, string> = {};
    try {
      const params = await route.params;
      let input: I;
      try {
        input = await definition.parse(request, params);
      } catch (e) {
        // Say why to the widget too (CORS headers), when its origin is allowed.
        cors = await resolveBot(params.botKey, undefined, { includePaused: true })
          .then((bot) => (originAllowed(bot, origin) ? corsHeaders(origin) : {}))
          .catch(() => ({}));
        throw e;
      }
      const trusted = clientIp(request);
      warnIfClientIpUnknown(trusted);
      // Unknown (no trusted proxy, no server layer): one budget for everyone, never an address
      // the client could pick.
      const ip = trusted ?? "unknown";
      const admission = await admit(params.botKey, kind, origin, ip);
      // The widget on an allowed site is told why it was refused (paused bot, rate limit) too.
      if (admission.originAllowed) cors = corsHeaders(origin);
      const bot = checkAdmission(admission, origin);
      const { stream } = definition;
      if (stream && wantsEventStream(request))
        return await eventStreamResponse((send) => stream({ bot, params, input, origin, ip }, send), cors);
      const body = await definition.run({ bot, params, input, origin, ip });
      return NextResponse.json(body, {
        status: request.method === "POST" ? 201 : 200,
        headers: { ...cors, "Cache-Control": "no-store" },
      });
    } catch (e) {
      const headers: Record<string, string> = { ...cors, "Cache-Control": "no-store" };
      if (e instanceof RateLimited) headers["Retry-After"] = String(e.retryAfter);
      return errorResponse(e, headers);
    }
  };
}

/**
 * CORS preflight: allowed origins get the headers (for a paused bot too, so the widget can read
 * the refusal that follows), others a 403 the browser will refuse.
 */
export function chatPreflight() {
  return async (request: NextRequest, route: { params: Promise<{ botKey: string }> }): Promise<Response> => {
    const origin = request.headers.get("origin");
    try {
      const bot = await resolveBot((await route.params).botKey, undefined, { includePaused: true });
      checkOrigin(bot, origin);
      return new Response(null, { status: 204, headers: corsHeaders(origin) });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * A visitor's message, answered as the public API shows it (the JSON body, or the stream's `done`
 * event); `onAnswer` hears an LLM answer as it is written.
 */
export async function answerVisitor(
  bot: ChatBot,
  sessionId: string,
  input: { token: string; text: string },
  onAnswer?: AnswerListener,
) {
  const turn = await handleVisitorMessage(bot, sessionId, input.token, input.text, {
    channel: "web",
    onAnswer,
  });
  return {
    session: { id: sessionId, status: turn.status, goalReached: turn.goalReached },
    userMessage: turn.userMessage,
    messages: turn.messages,
  };
}
