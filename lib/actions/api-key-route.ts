import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { authenticateApiKeyCounted, type AuthenticatedKey } from "@/lib/api-keys/keys";
import {
  isJsonOrNone,
  isMultipart,
  readApiUpload,
  type ApiUpload,
  type ApiUploadSpec,
} from "./api-key-upload";
import { beginIdempotent, idempotencyKeyOf, type IdempotentClaim } from "@/lib/api-keys/idempotency";
import { rateLimitHeaders, type RateCount } from "@/lib/api-keys/rate-limit";
import { withUser, type Tx, type UserClaims } from "@/lib/db/client";
import { withRequestContext } from "@/lib/db/request-context";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import type { PermissionAction } from "@/lib/organizations/schema";
import { requestContextOf } from "@/lib/http/client-ip";
import { errorResponse, readTextBody } from "@/lib/http/respond";
import { parseJsonText } from "@/lib/http/input-limits";

/**
 * The entry-point wrapper for the REST API (`/api/v1/*`), authenticated with
 * `Authorization: Bearer <api key>`. Every route gets the same conventions, in this order:
 *
 * 1. the key (401), counted against its rate limit (`RateLimit-*` headers on every answer, 429
 *    past the limit; the counter is in Postgres, so every app process counts the same window);
 * 2. path parameters, query string and JSON body checked with the route's zod schemas (400; a
 *    malformed id is a 404) before any work, the body size capped (413); a route with `upload`
 *    takes a multipart file too, its size and type checked here (413, 415: api-key-upload.ts);
 * 3. on a POST with `Idempotency-Key`, a retry answers the first answer again (409 while the first
 *    is still running, 422 when the key was used for another request);
 * 4. the handler, in one transaction as the key's creator narrowed to the key's permissions
 *    (RLS and the permission matrix decide), after the route's permission (403);
 * 5. every answer, success or error, carries a `Request-Id`; errors have one shape (AppError's).
 */
export type ApiKeyContext<P, Q = undefined, B = undefined> = {
  request: NextRequest;
  params: P;
  query: Q;
  body: B;
  /** A route with `upload`, sent `multipart/form-data`: the file and fields (`body` is not read then). */
  upload?: ApiUpload;
  key: AuthenticatedKey;
  claims: UserClaims;
  organizationId: string;
  tx: Tx;
  /** Work to do once the handler's transaction committed (queueing a job about what it wrote). */
  afterCommit: (work: () => Promise<void>) => void;
};

export type ApiRouteDefinition<P, Q, B> = {
  permission?: readonly [resource: string, action: PermissionAction];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  maxBodyBytes?: number;
  /** Also takes a file as `multipart/form-data` (a JSON body otherwise), checked before any work. */
  upload?: ApiUploadSpec;
  /** The status of a successful answer (200 unless said). */
  status?: number;
  handler: (context: ApiKeyContext<P, Q, B>) => Promise<unknown>;
};

const challenge = { "WWW-Authenticate": 'Bearer realm="orgflow"' };

/**
 * Every `/api/v1` response carries a fresh `Request-Id`, so a caller can quote it when something
 * went wrong and we can find the request in the logs.
 */
export const REQUEST_ID_HEADER = "Request-Id";

export function withRequestId(response: Response, requestId = `req_${randomUUID()}`): Response {
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function parseInput<T>(schema: z.ZodType<T> | undefined, value: unknown, message: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("validation_failed", message, fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

/** Step 2: what the request says, checked before any work. `raw` is the body as sent (for the hash). */
async function readInput<P, Q, B>(
  request: NextRequest,
  rawParams: unknown,
  definition: ApiRouteDefinition<P, Q, B>,
) {
  const params = definition.params?.safeParse(rawParams);
  // A malformed id names nothing: the same 404 as an id of another organization.
  if (params && !params.success) throw new AppError("not_found", "Nothing with that id exists here.");
  const query = parseInput(
    definition.query,
    Object.fromEntries(request.nextUrl.searchParams),
    "Some query parameters are not valid.",
  );
  if (definition.upload && isMultipart(request)) {
    const { upload, hash } = await readApiUpload(request, definition.upload);
    return {
      params: (params?.data ?? rawParams) as P,
      query,
      body: undefined as B,
      upload,
      raw: `upload ${hash}`,
    };
  }
  if (definition.upload && !isJsonOrNone(request))
    throw new AppError("unsupported_media_type", "Send a JSON body, or the file as multipart/form-data.");
  const raw = definition.body ? await readTextBody(request, definition.maxBodyBytes ?? 64 * 1024) : "";
  const json = raw.trim() ? parseJsonText(raw, { what: "The body" }) : {};
  const body = parseInput(definition.body, json, "Some fields are not valid.");
  return { params: (params?.data ?? rawParams) as P, query, body, raw };
}

async function runHandler<P, Q, B>(
  definition: ApiRouteDefinition<P, Q, B>,
  context: Omit<ApiKeyContext<P, Q, B>, "tx" | "afterCommit">,
): Promise<Response> {
  const committed: (() => Promise<void>)[] = [];
  const afterCommit = (work: () => Promise<void>) => void committed.push(work);
  const result = await withRequestContext(requestContextOf(context.request), () =>
    withUser(context.claims, async (tx) => {
      if (definition.permission) {
        const [resource, action] = definition.permission;
        const [row] = await tx`
          select public.has_permission(${context.organizationId}, ${resource}, ${action}::permission_action) as ok`;
        if (!row?.ok)
          throw new AppError("forbidden", `This API key does not have the ${resource}:${action} permission.`);
      }
      return definition.handler({ ...context, tx, afterCommit });
    }),
  );
  for (const work of committed) await work();
  return result instanceof Response
    ? result
    : NextResponse.json(result, { status: definition.status ?? 200 });
}

/**
 * The claims a request made with `key` runs with: the key's creator, and the key's id, which
 * private.permitted_organizations reads to narrow the creator to the key's permissions and
 * organization. REST and GraphQL both use it, so both decide alike.
 */
export function apiKeyClaims(key: AuthenticatedKey): UserClaims {
  return { sub: key.userId, role: "authenticated", api_key_id: key.id };
}

export function defineApiKeyRoute<P = Record<string, never>, Q = undefined, B = undefined>(
  definition: ApiRouteDefinition<P, Q, B>,
) {
  return async (request: NextRequest, route: { params: Promise<unknown> }): Promise<Response> => {
    const requestId = `req_${randomUUID()}`;
    let rate: RateCount | undefined;
    let claim: IdempotentClaim | undefined;
    try {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
      if (!match)
        throw new AppError("unauthenticated", "Send your API key as `Authorization: Bearer <key>`.");
      const counted = await authenticateApiKeyCounted(match[1]!);
      rate = counted.rate;
      if (rate.hits > rate.limit) {
        throw new AppError(
          "rate_limited",
          `This API key made more than ${rate.limit} requests in a minute. Try again in ${rate.resetSeconds} s.`,
        );
      }
      const { key } = counted;
      const input = await readInput(request, await route.params, definition);
      const idempotencyKey = request.method === "POST" ? idempotencyKeyOf(request) : null;
      if (idempotencyKey) {
        const begun = await beginIdempotent(key, idempotencyKey, request, input.raw);
        if (begun.replay) return finish(begun.replay, requestId, rate);
        claim = begun.claim;
      }
      const claims = apiKeyClaims(key);
      const { raw: _raw, ...checked } = input;
      const response = await runHandler(definition, {
        request,
        ...checked,
        key,
        claims,
        organizationId: key.organizationId,
      });
      if (claim) await claim.keep(response);
      return finish(response, requestId, rate);
    } catch (e) {
      const error = errorResponse(
        e,
        e instanceof AppError && e.code === "unauthenticated" ? challenge : undefined,
      );
      if (claim) await claim.keep(error).catch(() => {});
      return finish(error, requestId, rate);
    }
  };
}

function finish(response: Response, requestId: string, rate: RateCount | undefined): Response {
  if (rate) withHeaders(response, rateLimitHeaders(rate, response.status === 429));
  return withRequestId(response, requestId);
}

/**
 * The answer for a path under `/api/v1` no route serves, whatever the method: the JSON 404 of
 * every other API error (not the app's HTML page), before any key is looked at, as Stripe does.
 */
export function unknownApiRoute(request: NextRequest): Response {
  const path = request.nextUrl.pathname.slice(0, 200);
  const error = new AppError("not_found", `There is no API route ${request.method} ${path}.`);
  return withRequestId(errorResponse(error));
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: NextRequest, route: { params: Promise<unknown> }) => Promise<Response> | Response;

/** Marks the handlers `apiMethods` adds for methods a route does not serve (the OpenAPI test skips them). */
export const METHOD_NOT_ALLOWED = Symbol("method not allowed");

/**
 * A route file's exports: its handlers, and for every other method a JSON 405 naming the methods
 * it does serve (`Allow`), in the error shape of the whole API.
 */
export function apiMethods<H extends Partial<Record<Method, Handler>>>(
  handlers: H,
): H & Record<Exclude<Method, keyof H>, Handler> {
  const allow = METHODS.filter((m) => handlers[m]).join(", ");
  const notAllowed = Object.assign(
    (request: NextRequest) => {
      const error = new AppError(
        "method_not_allowed",
        `${request.method} is not allowed here. Use ${allow}.`,
      );
      return withRequestId(errorResponse(error, { Allow: allow }));
    },
    { [METHOD_NOT_ALLOWED]: true },
  );
  return Object.fromEntries(METHODS.map((m) => [m, handlers[m] ?? notAllowed])) as H &
    Record<Exclude<Method, keyof H>, Handler>;
}
