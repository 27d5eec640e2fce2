import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { apiKeyClaims, withRequestId } from "@/lib/actions/api-key-route";
import { authenticateApiKeyCounted } from "@/lib/api-keys/keys";
import { rateLimitHeaders, type RateCount } from "@/lib/api-keys/rate-limit";
import { getClaims, SESSION_ENDED_MESSAGE } from "@/lib/auth/session";
import type { UserClaims } from "@/lib/db/client";
import { withRequestContext } from "@/lib/db/request-context";
import { AppError, toAppError } from "@/lib/errors";
import { requestContextOf } from "@/lib/http/client-ip";
import { parseJsonText } from "@/lib/http/input-limits";
import { assertSameOriginRequest } from "@/lib/http/origin";
import { readTextBody } from "@/lib/http/respond";
import { parseGraphqlRequest, runGraphql } from "./execute";

/** The largest request body (the document and its variables), in bytes. */
export const MAX_GRAPHQL_BODY_BYTES = 64 * 1024;

/**
 * POST /api/graphql. Who is asking, in this order: `Authorization: Bearer <api key>` (counted
 * against the key's rate limit, as REST; runs as the key's creator narrowed to the key), else the
 * session cookie of the app's own pages (same-origin requests only). Then the body (size and JSON
 * depth capped), the document (parsed, validated, depth and cost limited: lib/api/graphql/limits),
 * and only then one transaction as that user (runGraphql).
 *
 * A request refused before execution answers a 4xx with AppError's shape, `{ error: { code,
 * message } }`, and the same message in GraphQL's `errors` for GraphQL clients; errors of single
 * fields come back in `errors` beside `data` with a 200, as GraphQL answers them.
 */
export async function serveGraphql(request: NextRequest): Promise<Response> {
  const requestId = `req_${randomUUID()}`;
  let rate: RateCount | undefined;
  try {
    const authorization = request.headers.get("authorization");
    let claims: UserClaims;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match)
        throw new AppError("unauthenticated", "Send your API key as `Authorization: Bearer <key>`.");
      const counted = await authenticateApiKeyCounted(match[1]!);
      rate = counted.rate;
      if (rate.hits > rate.limit)
        throw new AppError(
          "rate_limited",
          `This API key made more than ${rate.limit} requests in a minute. Try again in ${rate.resetSeconds} s.`,
        );
      claims = apiKeyClaims(counted.key);
    } else {
      assertSameOriginRequest(request);
      const session = await getClaims();
      if (!session) throw new AppError("unauthenticated", SESSION_ENDED_MESSAGE);
      claims = session;
    }
    const text = await readTextBody(request, MAX_GRAPHQL_BODY_BYTES);
    const body = parseGraphqlRequest(text.trim() ? parseJsonText(text, { what: "The body" }) : {});
    const result = await withRequestContext(requestContextOf(request.headers), () =>
      runGraphql(claims, body),
    );
    return finish(NextResponse.json(result), requestId, rate);
  } catch (e) {
    const error = toAppError(e);
    if (error.code === "internal" && !(e instanceof AppError)) console.error("[graphql] failed:", e);
    const body = {
      ...error.toBody(),
      errors: [{ message: error.message, extensions: { code: error.code } }],
    };
    const headers: Record<string, string> =
      error.code === "unauthenticated" ? { "WWW-Authenticate": 'Bearer realm="orgflow"' } : {};
    return finish(NextResponse.json(body, { status: error.status, headers }), requestId, rate);
  }
}

function finish(response: Response, requestId: string, rate: RateCount | undefined): Response {
  if (rate)
    for (const [name, value] of Object.entries(rateLimitHeaders(rate, response.status === 429)))
      response.headers.set(name, value);
  return withRequestId(response, requestId);
}

/** Any other method: a JSON 405 naming POST. */
export function graphqlMethodNotAllowed(request: NextRequest): Response {
  const error = new AppError("method_not_allowed", `${request.method} is not allowed here. Use POST.`);
  return withRequestId(NextResponse.json(error.toBody(), { status: 405, headers: { Allow: "POST" } }));
}
