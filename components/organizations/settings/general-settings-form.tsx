"use client";

import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { OrganizationFields } from "@/components/organizations/settings/organization-fields";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateOrganizationAction } from "@/lib/organizations/actions/organizations";

/** Rename the organization or change its URL name (the page moves to the new address). */
export function GeneralSettingsForm({
  organization,
  siteUrl,
}: {
  organization: { name: string; slug: string };
  siteUrl: string;
}) {
  const form = useActionForm(updateOrganizationAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Saved."),
  });
  return (
    <Card>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={organization.slug} />
        <CardContent className="flex flex-col gap-6">
          <FormAlert result={form.result} />
          <OrganizationFields
            // Fresh fields after a save, so they show what was stored.
            key={form.result?.ok ? `saved-${form.value("name")}` : "fields"}
            form={form}
            siteUrl={siteUrl}
            initial={organization}
          />
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
