"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckEmail, useSentResult } from "@/components/auth/check-email";
import { EmailField } from "@/components/auth/email-field";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { signUpAction } from "@/lib/auth/actions";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";

export function SignUpForm({
  next,
  mailboxHref,
  defaultEmail,
}: {
  next?: string;
  mailboxHref?: string;
  /** Prefilled address (e.g. from an invitation link). */
  defaultEmail?: string;
}) {
  const form = useActionForm(signUpAction);
  const { sent, dismiss } = useSentResult(form.result);

  if (sent) {
    return (
      <CheckEmail backLabel="Use a different email" onBack={dismiss} mailboxHref={mailboxHref}>
        We sent a confirmation link to{" "}
        <strong className="font-medium text-foreground">{sent.data.email}</strong>. Open it to activate your
        account.
      </CheckEmail>
    );
  }

  return (
    <form id={form.formId} action={form.formAction} noValidate className="grid gap-5">
      <FormAlert result={form.result} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormField name="display_name" label="Your name" error={form.fieldError("display_name")} required>
        <Input
          autoComplete="name"
          placeholder="Ada Lovelace"
          defaultValue={form.value("display_name")}
          maxLength={100}
          autoFocus
          required
        />
      </FormField>
      <EmailField
        label="Work email"
        error={form.fieldError("email")}
        defaultValue={form.value("email", defaultEmail)}
      />
      <FormField
        name="password"
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short phrase is easy to remember and hard to guess.`}
        error={form.fieldError("password")}
        required
      >
        <PasswordInput autoComplete="new-password" minLength={PASSWORD_MIN_LENGTH} required />
      </FormField>
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
