"use client";

import * as React from "react";
import { toast } from "sonner";
import { HiddenFields } from "@/components/forms/use-toast-action";
import type { ButtonProps } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState, FormAction } from "@/lib/actions/action";

/**
 * A button that asks the server for a Stripe page (Checkout, the Customer Portal) and sends the
 * browser there. It stays busy until the browser has left; a refusal is toasted.
 */
export function StripeRedirectButton({
  action,
  fields,
  children,
  pendingLabel = "Opening Stripe…",
  ...buttonProps
}: Omit<ButtonProps, "type" | "loading" | "asChild" | "action"> & {
  action: FormAction<{ url: string }>;
  fields: Record<string, string>;
  pendingLabel?: React.ReactNode;
}) {
  const [state, formAction, pending] = React.useActionState<ActionState<{ url: string }>, FormData>(
    async (previous, formData) => {
      const result = await action(previous, formData);
      if (result.ok) window.location.assign(result.data.url);
      else toast.error(result.error.message);
      return result;
    },
    null,
  );
  const leaving = state?.ok === true;
  return (
    <form action={formAction} className="contents">
      <HiddenFields fields={fields} />
      <SubmitButton {...buttonProps} disabled={leaving || buttonProps.disabled}>
        {pending || leaving ? pendingLabel : children}
      </SubmitButton>
    </form>
  );
}
