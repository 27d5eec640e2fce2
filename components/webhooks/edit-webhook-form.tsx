"use client";

import { FormAlert } from "@/components/forms/form-alert";
import { useToastAction } from "@/components/forms/use-toast-action";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateWebhookEndpointAction } from "@/lib/webhooks/actions";
import { EventChoices } from "./event-choices";

/** Changing an endpoint's URL, description or events (its secret stays). */
export function EditWebhookForm({
  slug,
  endpoint,
}: {
  slug: string;
  endpoint: { id: string; url: string; description: string; events: string[] };
}) {
  const form = useActionForm(useToastAction(updateWebhookEndpointAction));
  const failed = form.result && !form.result.ok;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Edit endpoint</CardTitle>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <input type="hidden" name="id" value={endpoint.id} />
        <CardContent className="flex flex-col gap-5">
          <FormAlert result={form.result} />
          <FormField name="url" label="Endpoint URL" error={form.fieldError("url")} required>
            <Input
              type="url"
              defaultValue={failed ? form.value("url") : endpoint.url}
              maxLength={2000}
              autoComplete="off"
              required
            />
          </FormField>
          <FormField name="description" label="Description" error={form.fieldError("description")}>
            <Input
              defaultValue={failed ? form.value("description") : endpoint.description}
              maxLength={500}
              autoComplete="off"
            />
          </FormField>
          <EventChoices error={form.fieldError("events")} initial={endpoint.events} />
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}
