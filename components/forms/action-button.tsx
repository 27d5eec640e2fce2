"use client";

import * as React from "react";
import { HiddenFields, useToastAction } from "@/components/forms/use-toast-action";
import type { ButtonProps } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/lib/actions/action";

/**
 * A one-click action that needs no confirmation (resend an invitation, reactivate someone): a
 * button in a tiny form, its outcome toasted.
 */
export function ActionButton<T>({
  action,
  fields,
  children,
  pendingLabel,
  ...buttonProps
}: Omit<ButtonProps, "type" | "loading" | "asChild" | "action"> & {
  action: FormAction<T>;
  fields: Record<string, string>;
  pendingLabel?: React.ReactNode;
}) {
  const toasting = useToastAction(action, { toastErrors: true });
  const [, formAction] = React.useActionState(toasting, null);
  return (
    <form action={formAction} className="contents">
      <HiddenFields fields={fields} />
      <SubmitButton pendingLabel={pendingLabel} {...buttonProps}>
        {children}
      </SubmitButton>
    </form>
  );
}
