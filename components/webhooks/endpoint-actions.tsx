"use client";

import * as React from "react";
import { ActionButton } from "@/components/forms/action-button";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { SecretRevealDialog } from "@/components/forms/secret-reveal-dialog";
import {
  deleteWebhookEndpointAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEndpointEnabledAction,
} from "@/lib/webhooks/actions";

/** An endpoint's buttons: send a test event, turn it on or off, rotate its secret, delete it. */
export function WebhookEndpointActions({
  slug,
  id,
  url,
  enabled,
  canUpdate,
  canDelete,
}: {
  slug: string;
  id: string;
  url: string;
  enabled: boolean;
  canUpdate: boolean;
  canDelete: boolean;
}) {
  const [secret, setSecret] = React.useState<string | null>(null);
  const fields = { organization: slug, id };
  return (
    <div className="flex flex-wrap gap-2">
      {canUpdate && enabled ? (
        <ActionButton
          action={sendTestWebhookAction}
          fields={fields}
          variant="outline"
          pendingLabel="Sending…"
        >
          Send test event
        </ActionButton>
      ) : null}
      {canUpdate ? (
        <ActionButton
          action={setWebhookEndpointEnabledAction}
          fields={{ ...fields, enabled: enabled ? "false" : "true" }}
          variant="outline"
        >
          {enabled ? "Turn off" : "Turn on"}
        </ActionButton>
      ) : null}
      {canUpdate ? (
        <ActionDialogButton
          trigger={{ variant: "outline", children: "Rotate secret" }}
          title="Rotate the signing secret?"
          description="The current secret stops working at once: update your receiver with the new one, shown next."
          action={rotateWebhookSecretAction}
          fields={fields}
          submitLabel="Rotate secret"
          pendingLabel="Rotating…"
          onSuccess={(revealed) => setSecret(revealed.secret)}
        />
      ) : null}
      {canDelete ? (
        <ActionDialogButton
          trigger={{ variant: "ghost-destructive", children: "Delete" }}
          title="Delete this endpoint?"
          description={`Orgflow stops sending events to ${url}, and its delivery history goes with it. This can't be undone.`}
          action={deleteWebhookEndpointAction}
          fields={fields}
          submitLabel="Delete endpoint"
          pendingLabel="Deleting…"
          variant="destructive"
        />
      ) : null}
      <SecretRevealDialog
        secret={secret}
        title="The new signing secret"
        description={`Requests to ${url} are signed with it from now on.`}
        noun="signing secret"
        label="Signing secret"
        warning="Orgflow keeps it encrypted and never shows it again. If you lose it, rotate it again."
        onClose={() => setSecret(null)}
      />
    </div>
  );
}
