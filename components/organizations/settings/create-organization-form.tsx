"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { OrganizationFields } from "@/components/organizations/settings/organization-fields";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { createOrganizationAction } from "@/lib/organizations/actions/organizations";

/** A new organization: a name, and a URL name suggested from it. Success opens the organization. */
export function CreateOrganizationForm({ siteUrl }: { siteUrl: string }) {
  const form = useActionForm(createOrganizationAction);
  return (
    <Card>
      <form id={form.formId} action={form.formAction} noValidate>
        <CardContent className="flex flex-col gap-6">
          <FormAlert result={form.result} />
          <OrganizationFields form={form} siteUrl={siteUrl} initial={{ name: "", slug: "" }} suggestSlug />
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Creating…">Create organization</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
