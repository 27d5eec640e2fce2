"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { recoveryCodeSignInAction, verifySignInCodeAction } from "@/lib/security/actions";

/** The code step of signing in: a TOTP code, or one of the recovery codes. */
export function SecondFactorForm({ next, recovery }: { next: string; recovery: boolean }) {
  const form = useActionForm(recovery ? recoveryCodeSignInAction : verifySignInCodeAction);
  return (
    <form id={form.formId} action={form.formAction} noValidate className="grid gap-5">
      <FormAlert result={form.result} />
      <input type="hidden" name="next" value={next} />
      <FormField
        name="code"
        label={recovery ? "Recovery code" : "Authentication code"}
        error={form.fieldError("code")}
        required
      >
        {recovery ? (
          <Input
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="abcde-12345"
            autoFocus
            required
          />
        ) : (
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            placeholder="123456"
            autoFocus
            required
          />
        )}
      </FormField>
      <SubmitButton className="w-full" pendingLabel="Checking…">
        {recovery ? "Sign in with recovery code" : "Verify"}
      </SubmitButton>
    </form>
  );
}
