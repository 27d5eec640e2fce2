import { withServiceRoleBypassingRls, type Sql } from "@/lib/db/client";
import { tryParseJsonText } from "@/lib/http/input-limits";
import {
  readCredentials,
  writeCredentials,
  type GhlCredentials,
  type IntegrationForService,
} from "@/lib/integrations/integrations";
import { GHL_API_VERSION, ghlApiBase } from "./config";

/**
 * Calls to the GoHighLevel API with an organization's own credentials (decrypted on the service
 * path only): `Authorization: Bearer <token>` and `Version: 2021-07-28`, at GHL_API_BASE (the real
 * API by default; tests point it at tests/support/ghl-server.ts). A Private Integration Token is
 * used as is; OAuth credentials are refreshed when the access token is missing or about to
 * expire, and the rotated refresh token is stored again (encrypted) in the same transaction that
 * locks the integration, so two workers never spend the same refresh token.
 */

export class GhlApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "GhlApiError";
  }
}

export type GhlRequest = {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** The `Version` header, when an endpoint wants another than GHL_API_VERSION (conversations do). */
  version?: string;
};

export async function ghlRequest<T = unknown>(
  integration: Pick<IntegrationForService, "id" | "organizationId">,
  request: GhlRequest,
  db?: Sql,
): Promise<T> {
  const token = await accessToken(integration, db);
  return (await ghlFetch<T>(token, request)).data;
}

/** One call with a bearer token as is; the status and the parsed body, or a GhlApiError. */
export async function ghlFetch<T = unknown>(
  token: string,
  request: GhlRequest,
): Promise<{ status: number; data: T }> {
  const url = new URL(`${ghlApiBase()}${request.path}`);
  for (const [k, v] of Object.entries(request.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  const response = await fetch(url, {
    method: request.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      version: request.version ?? GHL_API_VERSION,
      accept: "application/json",
      ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    signal: request.signal ?? AbortSignal.timeout(20_000),
  }).catch((e: Error) => {
    throw new GhlApiError(`GoHighLevel could not be reached: ${e.message}`, 0, null, true);
  });
  const text = await response.text();
  // JSON within the depth cap; anything else (not JSON, nested too deeply) is kept as text.
  const data: unknown = text ? (tryParseJsonText(text) ?? text) : null;
  if (!response.ok) {
    const said =
      typeof data === "object" && data && "message" in data
        ? `: ${String((data as { message: unknown }).message)}`
        : "";
    throw new GhlApiError(
      `GoHighLevel answered ${response.status}${said}`.slice(0, 500),
      response.status,
      data,
      response.status === 429 || response.status >= 500,
    );
  }
  return { status: response.status, data: data as T };
}

/** The bearer token for an integration's calls (an OAuth token refreshed when needed). */
export async function integrationToken(
  integration: Pick<IntegrationForService, "id" | "organizationId">,
  db?: Sql,
): Promise<string> {
  return accessToken(integration, db);
}

const REFRESH_MARGIN_MS = 5 * 60_000;

async function accessToken(integration: Pick<IntegrationForService, "id" | "organizationId">, db?: Sql) {
  const credentials = await withServiceRoleBypassingRls((tx) => readCredentials(tx, integration), db);
  if (credentials.kind === "private_token") return credentials.token;
  if (credentials.accessToken && (credentials.accessTokenExpiresAt ?? 0) > Date.now() + REFRESH_MARGIN_MS) {
    return credentials.accessToken;
  }
  return withServiceRoleBypassingRls(async (tx) => {
    await tx`select id from public.integrations
             where id = ${integration.id} and organization_id = ${integration.organizationId} for update`;
    // Another worker may have refreshed while this one waited for the lock.
    const current = await readCredentials(tx, integration);
    if (current.kind !== "oauth") return current.kind === "private_token" ? current.token : "";
    if (current.accessToken && (current.accessTokenExpiresAt ?? 0) > Date.now() + REFRESH_MARGIN_MS) {
      return current.accessToken;
    }
    const refreshed = await refreshOAuth(current);
    await writeCredentials(tx, integration, refreshed);
    return refreshed.accessToken!;
  }, db);
}

async function refreshOAuth(credentials: Extract<GhlCredentials, { kind: "oauth" }>) {
  const response = await fetch(`${ghlApiBase()}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: "refresh_token",
      refresh_token: credentials.refreshToken,
      user_type: "Location",
    }),
    signal: AbortSignal.timeout(20_000),
  }).catch((e: Error) => {
    throw new GhlApiError(`GoHighLevel could not be reached: ${e.message}`, 0, null, true);
  });
  const data = (await response.json().catch(() => null)) as {
    access_token?: string;
    refresh_token?: string;
    expires_in?: number;
  } | null;
  if (!response.ok || !data?.access_token) {
    throw new GhlApiError(
      `GoHighLevel refused to refresh the OAuth token (${response.status}); connect again.`,
      response.status,
      data,
      response.status === 429 || response.status >= 500,
    );
  }
  return {
    ...credentials,
    accessToken: data.access_token,
    refreshToken: data.refresh_token ?? credentials.refreshToken,
    accessTokenExpiresAt: Date.now() + (data.expires_in ?? 86_399) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// The calls Orgflow makes

/** One GHL payment transaction, as `GET /payments/transactions` lists it (fields read here). */
export type GhlTransaction = {
  _id: string;
  altId: string;
  altType: string;
  contactId?: string;
  currency?: string;
  amount?: number;
  amountRefunded?: number;
  status: string;
  entityType?: string;
  entityId?: string;
  entitySourceType?: string;
  invoiceId?: string;
  createdAt: string;
  updatedAt: string;
};

export async function listTransactions(
  integration: Pick<IntegrationForService, "id" | "organizationId" | "locationId">,
  options: { startAt?: Date; limit: number; offset: number },
  db?: Sql,
): Promise<{ data: GhlTransaction[]; totalCount: number }> {
  const result = await ghlRequest<{ data?: GhlTransaction[]; totalCount?: number }>(
    integration,
    {
      path: "/payments/transactions",
      query: {
        altId: integration.locationId,
        altType: "location",
        startAt: options.startAt ? options.startAt.toISOString().slice(0, 10) : undefined,
        limit: options.limit,
        offset: options.offset,
      },
    },
    db,
  );
  return {
    data: Array.isArray(result?.data) ? result.data : [],
    totalCount: Number(result?.totalCount ?? 0),
  };
}
