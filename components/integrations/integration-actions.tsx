"use client";

import { ActionButton } from "@/components/forms/action-button";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import {
  disconnectIntegrationAction,
  retryEventAction,
  sendTestEventAction,
  syncNowAction,
} from "@/lib/integrations/actions";

type Props = { slug: string; integrationId: string };

/**
 * "Send test event": a synthetic InvoicePaid, stored as a webhook event marked "synthetic" (it is
 * not signed: it does not come from GHL) and processed by the same job as a real one. It records a
 * real test sale, so the dialog says exactly that.
 */
export function SendTestEventButton({ slug, integrationId, currency }: Props & { currency: string }) {
  return (
    <ActionDialogButton
      trigger={{ variant: "outline", children: "Send test event" }}
      title="Send a test InvoicePaid event?"
      description="Orgflow makes a sample paid invoice and processes it exactly like one from GoHighLevel: it records a test sale (invoice “orgflow-test-…”) that shows in your transactions, and a pending commission if the GHL user below is mapped to a team member. Reject that commission in the approval queue afterwards. Nothing is sent to GoHighLevel."
      action={sendTestEventAction}
      fields={{ organization: slug, integration_id: integrationId }}
      submitLabel="Send test event"
      pendingLabel="Sending…"
    >
      {(form) => (
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField name="amount" label={`Amount (${currency})`} error={form.fieldError("amount")} required>
            <Input
              defaultValue={form.value("amount", "1.00")}
              inputMode="decimal"
              autoComplete="off"
              required
            />
          </FormField>
          <FormField
            name="ghl_user_id"
            label="GHL user id"
            optional
            error={form.fieldError("ghl_user_id")}
            hint="Who the sale is for (assignedTo)."
          >
            <Input defaultValue={form.value("ghl_user_id")} autoComplete="off" spellCheck={false} />
          </FormField>
        </div>
      )}
    </ActionDialogButton>
  );
}

export function SyncNowButton({ slug, integrationId }: Props) {
  return (
    <ActionButton
      action={syncNowAction}
      fields={{ organization: slug, integration_id: integrationId }}
      variant="outline"
      pendingLabel="Queueing…"
    >
      Sync refunds now
    </ActionButton>
  );
}

export function DisconnectButton({ slug, integrationId, name }: Props & { name: string }) {
  return (
    <ActionDialogButton
      trigger={{ variant: "ghost-destructive", children: "Disconnect" }}
      title={`Disconnect “${name}”?`}
      description="Its credentials are deleted, webhooks sent to its URL are refused, refunds are no longer synced and workflow steps that use GoHighLevel fail until you connect again. Recorded sales, commissions and the event history stay."
      action={disconnectIntegrationAction}
      fields={{ organization: slug, integration_id: integrationId }}
      submitLabel="Disconnect"
      pendingLabel="Disconnecting…"
      variant="destructive"
    />
  );
}

export function RetryEventButton({ slug, integrationId, eventId }: Props & { eventId: string }) {
  return (
    <ActionButton
      action={retryEventAction}
      fields={{ organization: slug, integration_id: integrationId, event_id: eventId }}
      variant="ghost"
      size="sm"
      pendingLabel="Queueing…"
    >
      Retry
    </ActionButton>
  );
}
