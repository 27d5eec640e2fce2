"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "@/lib/auth/actions";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";

export function ResetPasswordForm() {
  const form = useActionForm(resetPasswordAction);

  return (
    <form id={form.formId} action={form.formAction} noValidate className="grid gap-5">
      <FormAlert result={form.result} />
      <FormField
        name="password"
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={form.fieldError("password")}
        required
      >
        <PasswordInput autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} autoFocus required />
      </FormField>
      <FormField
        name="confirm_password"
        label="Confirm new password"
        error={form.fieldError("confirm_password")}
        required
      >
        <PasswordInput autoComplete="new-password" required />
      </FormField>
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Update password
      </SubmitButton>
    </form>
  );
}
