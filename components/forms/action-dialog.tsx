"use client";

import * as React from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { HiddenFields, useToastAction } from "@/components/forms/use-toast-action";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogFooter, type DialogProps } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/lib/actions/action";

export type ActionForm = ReturnType<typeof useActionForm>;

export type ActionDialogProps<T> = Omit<DialogProps, "children"> & {
  action: FormAction<T>;
  /** Hidden fields sent with the form (the organization's slug, the row's id …). */
  fields?: Record<string, string>;
  submitLabel: React.ReactNode;
  pendingLabel?: React.ReactNode;
  /** "destructive" for deleting, removing, revoking: the confirm button is red. */
  variant?: "default" | "destructive";
  /** False keeps the confirm button disabled (e.g. until a name is typed). */
  canSubmit?: boolean;
  onSuccess?: (data: T) => void;
  /** The form's fields, given the form's helpers for errors and submitted values. */
  children?: (form: ActionForm) => React.ReactNode;
};

/**
 * A dialog holding one server-action form: the confirmation before a destructive action, or a
 * small form (change role, edit a team member). Success closes it and toasts the action's message;
 * a failure stays in the dialog with the message, so the person can fix it or cancel.
 */
export function ActionDialog<T>(props: ActionDialogProps<T>) {
  const { open, onOpenChange, title, description, returnFocusRef, className } = props;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      returnFocusRef={returnFocusRef}
      className={className}
    >
      <ActionDialogForm {...props} />
    </Dialog>
  );
}

function ActionDialogForm<T>({
  onOpenChange,
  action,
  fields = {},
  submitLabel,
  pendingLabel,
  variant = "default",
  canSubmit = true,
  onSuccess,
  children,
}: ActionDialogProps<T>) {
  const toasting = useToastAction(action, {
    onSuccess: (data) => {
      onOpenChange(false);
      onSuccess?.(data);
    },
  });
  const form = useActionForm(toasting);

  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-5">
      <HiddenFields fields={fields} />
      <FormAlert result={form.result} />
      {children?.(form)}
      <DialogFooter>
        <Button variant="outline" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <SubmitButton variant={variant} disabled={!canSubmit} pendingLabel={pendingLabel}>
          {submitLabel}
        </SubmitButton>
      </DialogFooter>
    </form>
  );
}

/**
 * A button that opens an ActionDialog, and gets the focus back when it closes: the usual way to
 * put a confirmed action (revoke, delete, reset) or a small form (add, edit) on a page.
 */
export function ActionDialogButton<T>({
  trigger,
  onOpen,
  ...dialog
}: Omit<ActionDialogProps<T>, "open" | "onOpenChange" | "returnFocusRef"> & {
  /** The button's look and label (`children`). */
  trigger: Omit<ButtonProps, "onClick" | "ref" | "type">;
  /** Runs as the dialog opens (e.g. to clear what was typed last time). */
  onOpen?: () => void;
}) {
  const [open, setOpen] = React.useState(false);
  const buttonRef = React.useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={buttonRef}
        {...trigger}
        onClick={() => {
          onOpen?.();
          setOpen(true);
        }}
      />
      <ActionDialog {...dialog} open={open} onOpenChange={setOpen} returnFocusRef={buttonRef} />
    </>
  );
}
