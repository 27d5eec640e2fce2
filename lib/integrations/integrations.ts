import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withServiceRoleBypassingRls, type Sql, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { decryptCredentials, encryptCredentials, secretHint } from "./crypto";

/**
 * Integrations (GoHighLevel for now): what members read and change runs in their transaction (RLS,
 * and column grants that keep `credentials_ciphertext` out of every member's reach); only the
 * service path (webhook processing, the worker, workflow steps) decrypts credentials.
 */

export const SALE_SOURCES = ["invoice", "order", "opportunity"] as const;
export type SaleSource = (typeof SALE_SOURCES)[number];

export const webhookSettingsSchema = z.object({
  /** Which GHL events count as sales (several at once can count one deal twice). */
  sale_sources: z.array(z.enum(SALE_SOURCES)).default([...SALE_SOURCES]),
  /** Deliveries older (or further in the future) than this are refused as replays. */
  max_age_seconds: z.number().int().min(60).max(3600).default(300),
});
export type WebhookSettings = z.output<typeof webhookSettingsSchema>;

export function webhookSettings(raw: unknown): WebhookSettings {
  const parsed = webhookSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : webhookSettingsSchema.parse({});
}

/** Every column a member may read: never the ciphertext. */
const PUBLIC_COLUMNS = [
  "id",
  "organization_id",
  "type",
  "name",
  "location_id",
  "auth_type",
  "credentials_hint",
  "currency",
  "status",
  "status_message",
  "webhook_settings",
  "last_sync_at",
  "connected_by",
  "created_at",
  "updated_at",
] as const;

export const integrationRowSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  type: z.literal("gohighlevel"),
  name: z.string(),
  location_id: z.string(),
  auth_type: z.enum(["private_token", "oauth"]),
  credentials_hint: z.string().nullable(),
  currency: z.string(),
  status: z.enum(["active", "error", "disconnected"]),
  status_message: z.string().nullable(),
  webhook_settings: z.unknown().transform(webhookSettings),
  last_sync_at: z.date().nullable(),
  connected_by: z.uuid().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Integration = z.output<typeof integrationRowSchema>;

/** The credentials, once decrypted (service path only). */
export const credentialsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("private_token"), token: z.string().min(1) }),
  z.object({
    kind: z.literal("oauth"),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
    accessToken: z.string().nullish(),
    accessTokenExpiresAt: z.number().nullish(),
  }),
]);
export type GhlCredentials = z.output<typeof credentialsSchema>;

export async function listIntegrations(tx: Tx, organizationId: string): Promise<Integration[]> {
  const rows = await tx`select ${tx(PUBLIC_COLUMNS)} from integrations
               where organization_id = ${organizationId}
               order by status = 'disconnected', created_at`;
  return z.array(integrationRowSchema).parse(rows);
}

export async function getIntegration(
  tx: Tx,
  organizationId: string,
  integrationId: string,
): Promise<Integration | null> {
  if (!z.uuid().safeParse(integrationId).success) return null;
  const [row] = await tx`select ${tx(PUBLIC_COLUMNS)} from integrations
               where organization_id = ${organizationId} and id = ${integrationId}`;
  return row ? integrationRowSchema.parse(row) : null;
}

export type ConnectInput = {
  name: string;
  locationId: string;
  currency: string;
  saleSources: SaleSource[];
  credentials: GhlCredentials;
};

/**
 * Connects a GHL location, or reconnects it (new credentials, settings) when the organization has
 * connected that location before: one integration per location, so its webhook URL never changes.
 */
const existingRowSchema = z.object({ id: z.uuid(), webhook_settings: z.unknown() });

/** `connectedBy`: the member connecting it (the caller's user). */
export async function connectGhlIntegration(
  tx: Tx,
  organizationId: string,
  input: ConnectInput & { connectedBy: string },
): Promise<{ id: string; reconnected: boolean }> {
  const [row] = await tx`
    select id, webhook_settings from integrations
    where organization_id = ${organizationId} and type = 'gohighlevel' and location_id = ${input.locationId}`;
  const existing = row ? existingRowSchema.parse(row) : undefined;
  const id = existing?.id ?? randomUUID();
  const ciphertext = encryptCredentials(input.credentials, { organizationId, integrationId: id });
  const hint = secretHint(
    input.credentials.kind === "private_token" ? input.credentials.token : input.credentials.clientId,
  );
  const settings = {
    ...webhookSettings(existing?.webhook_settings),
    sale_sources: input.saleSources,
  };
  if (existing) {
    await tx`
      update integrations set name = ${input.name}, auth_type = ${input.credentials.kind},
        credentials_ciphertext = ${ciphertext}, credentials_hint = ${hint}, currency = ${input.currency},
        status = 'active', status_message = null, webhook_settings = ${tx.json(settings)}
      where id = ${id} and organization_id = ${organizationId}`;
    return { id, reconnected: true };
  }
  await tx`
    insert into integrations ${tx({
      id,
      organization_id: organizationId,
      type: "gohighlevel",
      name: input.name,
      location_id: input.locationId,
      auth_type: input.credentials.kind,
      credentials_ciphertext: ciphertext,
      credentials_hint: hint,
      currency: input.currency,
      webhook_settings: tx.json(settings) as never,
      connected_by: input.connectedBy,
    })}`;
  return { id, reconnected: false };
}

export async function updateIntegrationSettings(
  tx: Tx,
  organizationId: string,
  integrationId: string,
  input: { name: string; currency: string; saleSources: SaleSource[] },
): Promise<void> {
  const [row] =
    await tx`select webhook_settings from integrations where id = ${integrationId} and organization_id = ${organizationId}`;
  if (!row) throw new AppError("not_found", "That integration does not exist.");
  const settings = { ...webhookSettings(row.webhook_settings), sale_sources: input.saleSources };
  await tx`update integrations set name = ${input.name}, currency = ${input.currency},
             webhook_settings = ${tx.json(settings)}
           where id = ${integrationId} and organization_id = ${organizationId}`;
}

/**
 * Disconnects: the credentials are wiped and webhooks for it are refused from now on. The row and
 * its webhook history stay, so reconnecting the same location keeps the same webhook URL.
 */
export async function disconnectIntegration(
  tx: Tx,
  organizationId: string,
  integrationId: string,
): Promise<void> {
  const rows = await tx`update integrations set status = 'disconnected', credentials_ciphertext = null,
                 credentials_hint = null, status_message = 'Disconnected by a member.'
               where id = ${integrationId} and organization_id = ${organizationId} and status <> 'disconnected'
               returning id`;
  if (rows.length === 0)
    throw new AppError("not_found", "That integration does not exist or is already disconnected.");
}

// ---------------------------------------------------------------------------------------------
// Webhook events, as members see them

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "ignored", "failed", "rejected"] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

export const webhookEventRowSchema = z.object({
  id: z.uuid(),
  webhook_id: z.string().nullable(),
  event_type: z.string().nullable(),
  signature: z.string(),
  status: z.enum(WEBHOOK_EVENT_STATUSES),
  reason: z.string().nullable(),
  result: z.record(z.string(), z.unknown()),
  attempts: z.number(),
  deliveries: z.number(),
  received_at: z.date(),
  processed_at: z.date().nullable(),
});
export type WebhookEventRow = z.output<typeof webhookEventRowSchema>;

/** One webhook event of the integration, as the member sees it (RLS): its id and status. */
export async function findWebhookEvent(
  tx: Tx,
  organizationId: string,
  integrationId: string,
  eventId: string,
): Promise<{ id: string; status: WebhookEventStatus } | null> {
  const [row] = await tx`
    select id, status from webhook_events
    where id = ${eventId} and integration_id = ${integrationId} and organization_id = ${organizationId}`;
  return row ? z.object({ id: z.uuid(), status: z.enum(WEBHOOK_EVENT_STATUSES) }).parse(row) : null;
}

const statusCountSchema = z.object({ status: z.enum(WEBHOOK_EVENT_STATUSES), n: z.number().int() });

export async function listWebhookEvents(
  tx: Tx,
  organizationId: string,
  integrationId: string,
  options: { status?: WebhookEventStatus; limit: number; offset: number },
): Promise<{ events: WebhookEventRow[]; total: number; counts: Record<WebhookEventStatus, number> }> {
  const status = options.status ?? null;
  const rows = await tx`
    select id, webhook_id, event_type, signature, status, reason, result, attempts, deliveries, received_at,
           processed_at
    from webhook_events
    where organization_id = ${organizationId} and integration_id = ${integrationId}
      and (${status}::text is null or status = ${status})
    order by received_at desc, id desc
    limit ${options.limit} offset ${options.offset}`;
  const counted = await tx`
    select status, count(*)::int as n from webhook_events
    where organization_id = ${organizationId} and integration_id = ${integrationId}
    group by status`;
  const counts = Object.fromEntries(WEBHOOK_EVENT_STATUSES.map((s) => [s, 0])) as Record<
    WebhookEventStatus,
    number
  >;
  for (const c of z.array(statusCountSchema).parse(counted)) counts[c.status] = c.n;
  const total = status ? counts[status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { events: z.array(webhookEventRowSchema).parse(rows), total, counts };
}

// ---------------------------------------------------------------------------------------------
// Service path

export type IntegrationForService = {
  id: string;
  organizationId: string;
  locationId: string;
  status: Integration["status"];
  currency: string;
  settings: WebhookSettings;
};

/** What the service path reads of an integration (never the credentials, which readCredentials decrypts). */
type ServiceRow = {
  id: string;
  organization_id: string;
  location_id: string;
  status: Integration["status"];
  currency: string;
  webhook_settings: unknown;
};
const SERVICE_COLUMNS = [
  "id",
  "organization_id",
  "location_id",
  "status",
  "currency",
  "webhook_settings",
] as const;

function forService(row: ServiceRow): IntegrationForService {
  return {
    id: row.id,
    organizationId: row.organization_id,
    locationId: row.location_id,
    status: row.status,
    currency: row.currency,
    settings: webhookSettings(row.webhook_settings),
  };
}

/** An integration by id on the service path (webhooks, the worker); null when there is none. */
export async function findIntegrationForService(
  integrationId: string,
  tx?: Tx,
): Promise<IntegrationForService | null> {
  if (!z.uuid().safeParse(integrationId).success) return null;
  const run = async (t: Tx) => {
    const [row] = await t<ServiceRow[]>`
      select ${t(SERVICE_COLUMNS)} from public.integrations where id = ${integrationId} and type = 'gohighlevel'`;
    return row ? forService(row) : null;
  };
  return tx ? run(tx) : withServiceRoleBypassingRls(run);
}

/**
 * The organization's active GHL integration (the oldest when several locations are connected),
 * for workflow steps that talk to "the organization's GoHighLevel".
 */
export async function findActiveIntegrationOfOrganization(
  organizationId: string,
  db?: Sql,
): Promise<IntegrationForService | null> {
  const rows = await withServiceRoleBypassingRls(
    (tx) => tx<ServiceRow[]>`
      select ${tx(SERVICE_COLUMNS)} from public.integrations
      where organization_id = ${organizationId} and type = 'gohighlevel' and status <> 'disconnected'
        and credentials_ciphertext is not null
      order by status = 'active' desc, created_at limit 1`,
    db,
  );
  return rows[0] ? forService(rows[0]) : null;
}

/** Decrypts an integration's credentials (service path only). */
export async function readCredentials(
  tx: Tx,
  integration: { id: string; organizationId: string },
): Promise<GhlCredentials> {
  const [row] = await tx<{ credentials_ciphertext: string | null }[]>`
    select credentials_ciphertext from public.integrations
    where id = ${integration.id} and organization_id = ${integration.organizationId}`;
  if (!row?.credentials_ciphertext) {
    throw new AppError("unavailable", "This GoHighLevel connection has no credentials; connect it again.");
  }
  const parsed = credentialsSchema.safeParse(
    decryptCredentials(row.credentials_ciphertext, {
      organizationId: integration.organizationId,
      integrationId: integration.id,
    }),
  );
  if (!parsed.success)
    throw new AppError("unprocessable", "The stored credentials are incomplete; connect again.");
  return parsed.data;
}

/** Stores new credentials on the service path (an OAuth refresh token rotated by GHL). */
export async function writeCredentials(
  tx: Tx,
  integration: { id: string; organizationId: string },
  credentials: GhlCredentials,
): Promise<void> {
  const ciphertext = encryptCredentials(credentials, {
    organizationId: integration.organizationId,
    integrationId: integration.id,
  });
  await tx`update public.integrations set credentials_ciphertext = ${ciphertext}
           where id = ${integration.id} and organization_id = ${integration.organizationId}`;
}

/** Records the integration's health after a call to GHL (the sync, a workflow step). */
export async function setIntegrationStatus(
  integration: { id: string; organizationId: string },
  status: "active" | "error",
  message: string | null,
  db?: Sql,
): Promise<void> {
  await withServiceRoleBypassingRls(
    (tx) => tx`update public.integrations set status = ${status}, status_message = ${message}
               where id = ${integration.id} and organization_id = ${integration.organizationId}
                 and status <> 'disconnected'
                 and (status is distinct from ${status} or status_message is distinct from ${message})`,
    db,
  );
}
