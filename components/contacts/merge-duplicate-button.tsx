"use client";

import { Merge } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import { mergeContactsAction } from "@/lib/contacts/actions";

/** "Merge into this contact" on a possible duplicate: asks first, then the duplicate is gone. */
export function MergeDuplicateButton({
  slug,
  primaryId,
  primaryName,
  duplicateId,
  duplicateName,
}: {
  slug: string;
  primaryId: string;
  primaryName: string;
  duplicateId: string;
  duplicateName: string;
}) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "outline",
        size: "sm",
        "aria-label": `Merge ${duplicateName} into ${primaryName}`,
        children: (
          <>
            <Merge aria-hidden="true" />
            Merge into this contact
          </>
        ),
      }}
      title={`Merge ${duplicateName} into ${primaryName}?`}
      description={`${primaryName} keeps its details and takes what it lacks from ${duplicateName}; the conversations and sales move over, and ${duplicateName} is deleted. This cannot be undone.`}
      action={mergeContactsAction}
      fields={{ organization: slug, primary_id: primaryId, duplicate_ids: duplicateId }}
      submitLabel="Merge contacts"
      pendingLabel="Merging…"
      variant="destructive"
    />
  );
}
