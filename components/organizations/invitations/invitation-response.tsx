"use client";

import * as React from "react";
import { ActionDialog } from "@/components/forms/action-dialog";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  acceptInvitationAction,
  declineInvitationAction,
  switchAccountForInvitationAction,
} from "@/lib/organizations/actions/invitations";

/** Accept (joins and opens the organization) or decline (confirmed first). */
export function InvitationResponse({ token, organizationName }: { token: string; organizationName: string }) {
  const accept = useActionForm(acceptInvitationAction);
  const [declining, setDeclining] = React.useState(false);
  const declineRef = React.useRef<HTMLButtonElement>(null);
  return (
    <div className="flex flex-col gap-4">
      <FormAlert result={accept.result} />
      <form id={accept.formId} action={accept.formAction} className="flex flex-col gap-2">
        <input type="hidden" name="token" value={token} />
        <SubmitButton className="w-full" pendingLabel="Joining…">
          Accept and join {organizationName}
        </SubmitButton>
        <Button ref={declineRef} variant="ghost" className="w-full" onClick={() => setDeclining(true)}>
          Decline
        </Button>
      </form>
      <ActionDialog
        open={declining}
        onOpenChange={setDeclining}
        returnFocusRef={declineRef}
        title={`Decline the invitation to ${organizationName}?`}
        description="The link stops working. If you change your mind, ask for a new invitation."
        action={declineInvitationAction}
        fields={{ token }}
        submitLabel="Decline invitation"
        pendingLabel="Declining…"
        variant="destructive"
      />
    </div>
  );
}

/** Signed in as the wrong person: sign out and come back as the invited address. */
export function SwitchAccountButton({ token }: { token: string }) {
  const form = useActionForm(switchAccountForInvitationAction);
  return (
    <form action={form.formAction} className="flex flex-col gap-2">
      <input type="hidden" name="token" value={token} />
      <FormAlert result={form.result} />
      <SubmitButton className="w-full" pendingLabel="Signing out…">
        Sign out and use the invited address
      </SubmitButton>
    </form>
  );
}
