"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { EmailField } from "@/components/auth/email-field";
import { FormField } from "@/components/ui/form-field";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextLink } from "@/components/ui/text-link";
import { signInAction } from "@/lib/auth/actions";

export function SignInForm({ next, defaultEmail }: { next?: string; defaultEmail?: string }) {
  const form = useActionForm(signInAction);

  return (
    <form id={form.formId} action={form.formAction} noValidate className="grid gap-5">
      <FormAlert result={form.result} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <EmailField
        error={form.fieldError("email")}
        defaultValue={form.value("email", defaultEmail)}
        autoFocus
      />
      <FormField name="password" label="Password" error={form.fieldError("password")} required>
        <PasswordInput autoComplete="current-password" required />
      </FormField>
      {/* After the password in the DOM, so Tab goes from Email to Password and
          Enter in the password field submits instead of following this link. */}
      <p className="-mt-3 text-right">
        <TextLink href="/forgot-password" className="text-[13px]">
          Forgot password?
        </TextLink>
      </p>
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
