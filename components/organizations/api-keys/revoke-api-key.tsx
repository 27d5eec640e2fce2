"use client";

import { ActionDialogButton } from "@/components/forms/action-dialog";
import { revokeApiKeyAction } from "@/lib/organizations/actions/api-keys";

/** Revoke a key, after a confirmation that says what stops working. */
export function RevokeApiKeyButton({ slug, keyId, name }: { slug: string; keyId: string; name: string }) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "ghost-destructive",
        size: "sm",
        "aria-label": `Revoke ${name}`,
        children: "Revoke",
      }}
      title={`Revoke “${name}”?`}
      description="Anything using this key stops working at once. This can't be undone; you can make a new key."
      action={revokeApiKeyAction}
      fields={{ organization: slug, key_id: keyId }}
      submitLabel="Revoke key"
      pendingLabel="Revoking…"
      variant="destructive"
    />
  );
}
