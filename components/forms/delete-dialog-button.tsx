"use client";

import { Trash2 } from "lucide-react";
import { ActionDialogButton } from "@/components/forms/action-dialog";
import type { FormAction } from "@/lib/actions/action";

/**
 * The trash-can icon button of a row, asking before it deletes: the dialog says what goes and what
 * stays, and its red button runs the action.
 */
export function DeleteDialogButton<T>({
  label,
  title,
  description,
  action,
  fields,
  submitLabel,
}: {
  /** The icon button's accessible name, e.g. "Delete rule Base". */
  label: string;
  title: string;
  description: string;
  action: FormAction<T>;
  /** Hidden fields sent with the form (the organization's slug, the row's id …). */
  fields: Record<string, string>;
  submitLabel: string;
}) {
  return (
    <ActionDialogButton
      trigger={{
        variant: "ghost-destructive",
        size: "icon-sm",
        "aria-label": label,
        children: <Trash2 aria-hidden="true" />,
      }}
      title={title}
      description={description}
      action={action}
      fields={fields}
      submitLabel={submitLabel}
      pendingLabel="Deleting…"
      variant="destructive"
    />
  );
}
