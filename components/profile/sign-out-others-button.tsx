"use client";

import * as React from "react";
import { ActionDialog } from "@/components/forms/action-dialog";
import { Button } from "@/components/ui/button";
import { signOutOtherSessionsAction } from "@/lib/security/actions";

/** "Sign out other devices", after a confirmation. */
export function SignOutOthersButton({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = React.useState(false);
  const trigger = React.useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button ref={trigger} variant="outline" disabled={disabled} onClick={() => setOpen(true)}>
        Sign out other devices
      </Button>
      <ActionDialog
        open={open}
        onOpenChange={setOpen}
        title="Sign out every other device?"
        description="Anyone signed in to your account elsewhere has to sign in again. This browser stays signed in."
        returnFocusRef={trigger}
        action={signOutOtherSessionsAction}
        variant="destructive"
        submitLabel="Sign out others"
        pendingLabel="Signing out…"
      />
    </>
  );
}
