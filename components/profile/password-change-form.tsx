"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { ProfileSection } from "@/components/profile/profile-section";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";
import { changePasswordAction } from "@/lib/security/actions";

/** Changes the password; the current one is asked for first. */
export function PasswordChangeForm() {
  const form = useActionForm(changePasswordAction);
  return (
    <ProfileSection
      id="password"
      title="Password"
      description="Enter your current password to choose a new one. Your other devices are signed out when it changes."
    >
      <Card>
        <CardContent>
          <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-6">
            <FormAlert result={form.result} showSuccess />
            <FormField
              name="current_password"
              label="Current password"
              error={form.fieldError("current_password")}
              required
            >
              <PasswordInput autoComplete="current-password" required />
            </FormField>
            <FormField
              name="password"
              id="new-password"
              label="New password"
              hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
              error={form.fieldError("password")}
              required
            >
              <PasswordInput autoComplete="new-password" required />
            </FormField>
            <FormField
              name="confirm_password"
              label="Repeat new password"
              error={form.fieldError("confirm_password")}
              required
            >
              <PasswordInput autoComplete="new-password" required />
            </FormField>
            <div className="flex justify-end">
              <SubmitButton className="w-full sm:w-auto" pendingLabel="Changing…">
                Change password
              </SubmitButton>
            </div>
          </form>
        </CardContent>
      </Card>
    </ProfileSection>
  );
}
