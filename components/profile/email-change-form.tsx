"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { changeEmailAction } from "@/lib/profiles/actions";

/** Asks for a new sign-in address; the change waits until both addresses confirm it. */
export function EmailChangeForm({ currentEmail }: { currentEmail: string }) {
  const form = useActionForm(changeEmailAction);
  return (
    <section
      aria-labelledby="email-change-heading"
      className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)] md:gap-8"
    >
      <div className="flex flex-col gap-1">
        <h2 id="email-change-heading" className="text-base font-semibold">
          Sign-in email
        </h2>
        <p className="text-sm text-muted-foreground">
          For your security, the change takes effect once you&apos;ve opened the links we send to both{" "}
          {currentEmail} and the new address.
        </p>
      </div>
      <Card>
        <CardContent>
          <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-6">
            <FormAlert result={form.result} showSuccess />
            <FormField name="email" id="new-email" label="New email" error={form.fieldError("email")}>
              <Input
                type="email"
                autoComplete="email"
                maxLength={254}
                placeholder="you@company.com"
                defaultValue={form.value("email")}
              />
            </FormField>
            <div className="flex justify-end">
              <SubmitButton className="w-full sm:w-auto" pendingLabel="Sending…">
                Change email
              </SubmitButton>
            </div>
          </form>
        </CardContent>
      </Card>
    </section>
  );
}
