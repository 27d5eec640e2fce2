import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { authenticateApiKey, type AuthenticatedKey } from "@/lib/api-keys/keys";
import { withUser, type UserClaims } from "@/lib/db/client";
import { withRequestContext } from "@/lib/db/request-context";
import { AppError } from "@/lib/errors";
import type { PermissionAction } from "@/lib/organizations/schema";
import { requestContextOf } from "@/lib/http/client-ip";
import { errorResponse } from "@/lib/http/respond";

/**
 * The entry-point wrapper for the REST API (`/api/v1/*`), authenticated with
 * `Authorization: Bearer <api key>`. It resolves the key, its organization and its permission;
 * the handler's queries run as the key's creator with the key's id in the claims, so RLS allows
 * only what both the creator and the key may do.
 */
export type ApiKeyContext<P> = {
  request: NextRequest;
  params: P;
  key: AuthenticatedKey;
  claims: UserClaims;
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

export function defineApiKeyRoute<P = Record<string, never>>(definition: {
  permission?: readonly [resource: string, action: PermissionAction];
  handler: (context: ApiKeyContext<P>) => Promise<unknown>;
}) {
  return async (request: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    const requestId = `req_${randomUUID()}`;
    try {
      const header = request.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new AppError("unauthenticated", "Send your API key as `Authorization: Bearer <key>`.");
      const key = await authenticateApiKey(match[1]!);
      const claims: UserClaims = { sub: key.userId, role: "authenticated", api_key_id: key.id };
      if (definition.permission) {
        const [resource, action] = definition.permission;
        const [row] = await withUser(
          claims,
          (tx) =>
            tx`select public.has_permission(${key.organizationId}, ${resource}, ${action}::permission_action) as ok`,
        );
        if (!row?.ok) {
          throw new AppError("forbidden", `This API key does not have the ${resource}:${action} permission.`);
        }
      }
      const params = await route.params;
      // The caller's trusted address and user agent reach the audit log of whatever it changes.
      const body = await withRequestContext(requestContextOf(request), () =>
        definition.handler({ request, params, key, claims }),
      );
      return withRequestId(body instanceof Response ? body : NextResponse.json(body), requestId);
    } catch (e) {
      const headers = e instanceof AppError && e.code === "unauthenticated" ? challenge : undefined;
      return withRequestId(errorResponse(e, headers), requestId);
    }
  };
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
