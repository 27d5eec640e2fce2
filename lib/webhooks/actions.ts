"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineOrgAction } from "@/lib/actions/org-action";
import { requireLiveSession } from "@/lib/auth/session";
import { withUser } from "@/lib/db/client";
import { withFlash } from "@/lib/flash";
import {
  webhookDeliveryIdSchema,
  webhookEndpointFieldsSchema,
  webhookEndpointIdSchema,
  webhookEndpointStatusSchema,
  webhookEndpointUpdateSchema,
  type WebhookSecretReveal,
} from "./schemas";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhookEvent,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
} from "./webhooks";

/** Settings → Webhooks: the forms' server actions. */

function revalidateWebhooks(slug: string): void {
  revalidatePath(`/o/${slug}/settings/webhooks`, "layout");
}

export const createWebhookEndpointAction = defineOrgAction({
  schema: webhookEndpointFieldsSchema,
  permission: ["webhooks", "create"],
  async handler({ input, claims, org }): Promise<WebhookSecretReveal> {
    await requireLiveSession(claims);
    const { endpoint, secret } = await withUser(claims, (tx) =>
      createWebhookEndpoint(tx, org.organization.id, input),
    );
    revalidateWebhooks(org.organization.slug);
    // The secret leaves the server this once; it is stored encrypted.
    return { id: endpoint.id, url: endpoint.url, secret };
  },
});

export const updateWebhookEndpointAction = defineOrgAction({
  schema: webhookEndpointUpdateSchema,
  permission: ["webhooks", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => updateWebhookEndpoint(tx, org.organization.id, input));
    revalidateWebhooks(org.organization.slug);
  },
  successMessage: "Endpoint saved.",
});

export const setWebhookEndpointEnabledAction = defineOrgAction({
  schema: webhookEndpointStatusSchema,
  permission: ["webhooks", "update"],
  async handler({ input, claims, org }) {
    const enabled = input.enabled === "true";
    await withUser(claims, (tx) =>
      setWebhookEndpointEnabled(tx, org.organization.id, { id: input.id, enabled }),
    );
    revalidateWebhooks(org.organization.slug);
    return enabled;
  },
  successMessage: (enabled) => (enabled ? "Endpoint turned on." : "Endpoint turned off."),
});

export const rotateWebhookSecretAction = defineOrgAction({
  schema: webhookEndpointIdSchema,
  permission: ["webhooks", "update"],
  async handler({ input, claims, org }): Promise<WebhookSecretReveal> {
    await requireLiveSession(claims);
    const revealed = await withUser(claims, (tx) => rotateWebhookSecret(tx, org.organization.id, input));
    revalidateWebhooks(org.organization.slug);
    return revealed;
  },
});

export const deleteWebhookEndpointAction = defineOrgAction({
  schema: webhookEndpointIdSchema,
  permission: ["webhooks", "delete"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => deleteWebhookEndpoint(tx, org.organization.id, input));
    revalidateWebhooks(org.organization.slug);
    redirect(withFlash(`/o/${org.organization.slug}/settings/webhooks`, "webhook-deleted"));
  },
});

export const sendTestWebhookAction = defineOrgAction({
  schema: webhookEndpointIdSchema,
  permission: ["webhooks", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => sendTestWebhookEvent(tx, org.organization.id, input));
    revalidateWebhooks(org.organization.slug);
  },
  successMessage: "Test event queued. Its delivery appears below in a moment.",
});

export const replayWebhookDeliveryAction = defineOrgAction({
  schema: webhookDeliveryIdSchema,
  permission: ["webhooks", "update"],
  async handler({ input, claims, org }) {
    await withUser(claims, (tx) => replayWebhookDelivery(tx, org.organization.id, input));
    revalidateWebhooks(org.organization.slug);
  },
  successMessage: "Sent again as a new delivery.",
});
