"use client";

import * as React from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { SecretRevealDialog } from "@/components/forms/secret-reveal-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { createWebhookEndpointAction } from "@/lib/webhooks/actions";
import type { WebhookSecretReveal } from "@/lib/webhooks/schemas";
import { EventChoices } from "./event-choices";

/** A new endpoint: its URL, what it is for, its events. The signing secret is shown once. */
export function CreateWebhookForm({ slug }: { slug: string }) {
  const [created, setCreated] = React.useState<WebhookSecretReveal | null>(null);
  const [generation, setGeneration] = React.useState(0);
  const form = useActionForm(createWebhookEndpointAction, {
    onSuccess: (revealed) => {
      setCreated(revealed);
      setGeneration((g) => g + 1);
    },
  });
  const kept = form.result?.ok ? undefined : form.result;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Add an endpoint</CardTitle>
        <CardDescription>
          Orgflow POSTs each chosen event to this URL as JSON, signed with the endpoint&apos;s secret.
        </CardDescription>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <CardContent className="flex flex-col gap-5">
          <FormAlert result={kept ?? null} />
          <FormField
            name="url"
            label="Endpoint URL"
            error={form.fieldError("url")}
            hint="e.g. https://hooks.zapier.com/hooks/catch/…"
            required
          >
            <Input
              key={`url-${generation}`}
              type="url"
              inputMode="url"
              defaultValue={kept ? form.value("url") : ""}
              maxLength={2000}
              autoComplete="off"
              required
            />
          </FormField>
          <FormField name="description" label="Description" error={form.fieldError("description")}>
            <Input
              key={`description-${generation}`}
              defaultValue={kept ? form.value("description") : ""}
              maxLength={500}
              autoComplete="off"
            />
          </FormField>
          <EventChoices key={`events-${generation}`} error={form.fieldError("events")} />
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
        </CardFooter>
      </form>
      <SecretRevealDialog
        secret={created?.secret ?? null}
        title="Your endpoint's signing secret"
        description={
          created ? `Verify the Orgflow-Signature header of requests to ${created.url} with it.` : ""
        }
        noun="signing secret"
        label="Signing secret"
        warning="Orgflow keeps it encrypted and never shows it again. If you lose it, rotate it on the endpoint's page."
        onClose={() => setCreated(null)}
      />
    </Card>
  );
}
