"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateIntegrationAction } from "@/lib/integrations/actions";
import type { SaleSource } from "@/lib/integrations/integrations";
import { SaleSourceChoices } from "./sale-source-choices";

/** Name, currency and which GHL events count as sales. */
export function IntegrationSettingsForm({
  slug,
  integration,
}: {
  slug: string;
  integration: { id: string; name: string; currency: string; saleSources: SaleSource[] };
}) {
  const form = useActionForm(useToastAction(updateIntegrationAction));
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-5">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="integration_id" value={integration.id} />
      <FormAlert result={form.result?.ok ? null : form.result} />
      <div className="grid gap-5 sm:grid-cols-[1fr_10rem]">
        <FormField name="name" label="Name" error={form.fieldError("name")} required>
          <Input defaultValue={form.value("name", integration.name)} maxLength={100} required />
        </FormField>
        <FormField name="currency" label="Currency" error={form.fieldError("currency")}>
          <Input
            defaultValue={form.value("currency", integration.currency)}
            maxLength={3}
            className="uppercase"
          />
        </FormField>
      </div>
      <SaleSourceChoices defaults={integration.saleSources} error={form.fieldError("sale_sources")} />
      <div>
        <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
      </div>
    </form>
  );
}
