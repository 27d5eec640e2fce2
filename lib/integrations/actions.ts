"use server";

import { defineOrgAction } from "@/lib/actions/org-action";
import { withUser, type UserClaims } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/queue/queue";
import { toMinorUnits } from "@/lib/ghl/money";
import { SYNC_TASK } from "@/lib/ghl/refund-sync";
import { queueProcessing, sendSyntheticInvoicePaid } from "@/lib/ghl/webhooks";
import { can } from "@/lib/organizations/can";
import { revalidateOrganization } from "@/lib/http/revalidate";
import { mapGhlUser } from "./ghl-users";
import {
  connectGhlIntegration,
  disconnectIntegration,
  findIntegrationForService,
  findWebhookEvent,
  getIntegration,
  updateIntegrationSettings,
} from "./integrations";
import {
  connectGhlSchema,
  integrationIdSchema,
  mapGhlUserSchema,
  retryEventSchema,
  testEventSchema,
  updateIntegrationSchema,
} from "./schemas";

export const connectGhlAction = defineOrgAction({
  schema: connectGhlSchema,
  permission: ["integrations", "create"],
  transaction: true,
  async handler({ input, claims, tx, org }) {
    const result = await connectGhlIntegration(tx, org.organization.id, {
      connectedBy: claims.sub,
      name: input.name,
      locationId: input.location_id,
      currency: input.currency,
      saleSources: input.sale_sources,
      credentials:
        input.auth_type === "private_token"
          ? { kind: "private_token", token: input.token! }
          : {
              kind: "oauth",
              clientId: input.client_id!,
              clientSecret: input.client_secret!,
              refreshToken: input.refresh_token!,
            },
    });
    revalidateOrganization(org.organization.slug);
    // Only the id goes back: the credentials never leave the server again.
    return result;
  },
  successMessage: (r) =>
    r.reconnected
      ? "Reconnected. The webhook URL is unchanged."
      : "Connected. Now paste the webhook URL into GoHighLevel.",
});

export const updateIntegrationAction = defineOrgAction({
  schema: updateIntegrationSchema,
  permission: ["integrations", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await updateIntegrationSettings(tx, org.organization.id, input.integration_id, {
      name: input.name,
      currency: input.currency,
      saleSources: input.sale_sources,
    });
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Settings saved.",
});

export const disconnectIntegrationAction = defineOrgAction({
  schema: integrationIdSchema,
  permission: ["integrations", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    await disconnectIntegration(tx, org.organization.id, input.integration_id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Disconnected. Its credentials are deleted and its webhooks are refused from now on.",
});

/** The integration as the member sees it (RLS), then on the service path for the work itself. */
async function ownIntegration(claims: UserClaims, organizationId: string, integrationId: string) {
  const visible = await withUser(claims, (tx) => getIntegration(tx, organizationId, integrationId));
  const integration = visible ? await findIntegrationForService(integrationId) : null;
  if (!visible || !integration || integration.organizationId !== organizationId) {
    throw new AppError("not_found", "That integration does not exist.");
  }
  if (integration.status === "disconnected") {
    throw new AppError("conflict", "This integration is disconnected; connect it again first.");
  }
  return integration;
}

export const sendTestEventAction = defineOrgAction({
  schema: testEventSchema,
  permission: ["integrations", "update"],
  async handler({ input, claims, org }) {
    if (!can(org, "sales", "create")) {
      throw new AppError(
        "forbidden",
        "The test event records a test sale: you need permission to create sales.",
      );
    }
    const integration = await ownIntegration(claims, org.organization.id, input.integration_id);
    const { invoiceId } = await sendSyntheticInvoicePaid(integration, {
      amountMinor: toMinorUnits(input.amount, integration.currency),
      ghlUserId: input.ghl_user_id ?? null,
    });
    revalidateOrganization(org.organization.slug);
    return { invoiceId };
  },
  successMessage: (r) =>
    `Test event queued (invoice ${r.invoiceId}). It appears in the list below once processed.`,
});

export const syncNowAction = defineOrgAction({
  schema: integrationIdSchema,
  permission: ["integrations", "update"],
  async handler({ input, claims, org }) {
    const integration = await ownIntegration(claims, org.organization.id, input.integration_id);
    await enqueueJob(
      SYNC_TASK,
      { integrationId: integration.id },
      { jobKey: `ghl-sync:${integration.id}`, maxAttempts: 3 },
    );
  },
  successMessage: "Refund sync queued. Last sync updates when it has run.",
});

export const retryEventAction = defineOrgAction({
  schema: retryEventSchema,
  permission: ["integrations", "update"],
  async handler({ input, claims, org }) {
    await ownIntegration(claims, org.organization.id, input.integration_id);
    const event = await withUser(claims, (tx) =>
      findWebhookEvent(tx, org.organization.id, input.integration_id, input.event_id),
    );
    if (!event) throw new AppError("not_found", "That event does not exist.");
    if (event.status !== "failed")
      throw new AppError("conflict", "Only failed events can be processed again.");
    await queueProcessing(event.id);
    revalidateOrganization(org.organization.slug);
  },
  successMessage: "Queued to be processed again.",
});

export const mapGhlUserAction = defineOrgAction({
  schema: mapGhlUserSchema,
  permission: ["team_members", "update"],
  transaction: true,
  async handler({ input, tx, org }) {
    const result = await mapGhlUser(tx, org.organization.id, {
      ghlUserId: input.ghl_user_id,
      teamMemberId: input.team_member_id,
    });
    revalidateOrganization(org.organization.slug);
    return result;
  },
  successMessage: (r) =>
    `Mapped. ${r.assigned === 1 ? "1 sale" : `${r.assigned} sales`} assigned, ${r.calculations === 1 ? "1 commission" : `${r.calculations} commissions`} computed.`,
});
