"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckEmail, useSentResult } from "@/components/auth/check-email";
import { EmailField } from "@/components/auth/email-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { forgotPasswordAction } from "@/lib/auth/actions";

export function ForgotPasswordForm({ mailboxHref }: { mailboxHref?: string }) {
  const form = useActionForm(forgotPasswordAction);
  const { sent, dismiss } = useSentResult(form.result);

  if (sent) {
    return (
      <CheckEmail backLabel="Try another email" onBack={dismiss} mailboxHref={mailboxHref}>
        {sent.message}
      </CheckEmail>
    );
  }

  return (
    <form id={form.formId} action={form.formAction} noValidate className="grid gap-5">
      <FormAlert result={form.result} />
      <EmailField error={form.fieldError("email")} defaultValue={form.value("email")} autoFocus />
      <SubmitButton className="w-full" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}
