"use client";

import { ActionButton } from "@/components/forms/action-button";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/organizations/actions/members";

/** Resend (no confirmation needed) and revoke (confirmed) for one open invitation. */
export function InvitationActions({
  slug,
  invitationId,
  email,
}: {
  slug: string;
  invitationId: string;
  email: string;
}) {
  const fields = { organization: slug, invitation_id: invitationId };
  return (
    <div className="flex justify-end gap-1">
      <ActionButton
        action={resendInvitationAction}
        fields={fields}
        variant="ghost"
        size="sm"
        aria-label={`Resend the invitation to ${email}`}
        pendingLabel="Sending…"
      >
        Resend
      </ActionButton>
      <ActionDialogButton
        trigger={{
          variant: "ghost-destructive",
          size: "sm",
          "aria-label": `Revoke the invitation to ${email}`,
          children: "Revoke",
        }}
        fields={fields}
        title="Revoke this invitation?"
        description={`The link sent to ${email} stops working. You can invite them again later.`}
        action={revokeInvitationAction}
        submitLabel="Revoke invitation"
        pendingLabel="Revoking…"
        variant="destructive"
      />
    </div>
  );
}
