import { NextRequest } from "next/server";
import { createApiKey } from "@/lib/api-keys/keys";
import type { UserClaims } from "@/lib/db/client";

/** Calls `/api/v1` route handlers as a client would, through the real wrapper and database. */

type Handler = (request: NextRequest, route: { params: Promise<never> }) => Promise<Response> | Response;

export type ApiCall = {
  key?: string;
  body?: unknown;
  params?: Record<string, string>;
  headers?: Record<string, string>;
};

export async function callApi(handler: Handler, method: string, path: string, call: ApiCall = {}) {
  const headers = new Headers(call.headers);
  if (call.key) headers.set("authorization", `Bearer ${call.key}`);
  if (call.body !== undefined) headers.set("content-type", "application/json");
  const request = new NextRequest(`http://localhost${path}`, {
    method,
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const response = await handler(request, { params: Promise.resolve((call.params ?? {}) as never) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** A key of `who` in the organization with these permissions ("resource:action"). */
export async function apiKeyFor(who: UserClaims, organizationId: string, permissions: string[]) {
  return (await createApiKey(who, organizationId, { name: `Test ${permissions[0]}`, permissions })).secret;
}
