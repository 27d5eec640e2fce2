"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { connectGhlAction } from "@/lib/integrations/actions";
import { SaleSourceChoices } from "./sale-source-choices";

type AuthType = "private_token" | "oauth";

/**
 * Connect a GoHighLevel location: a Private Integration Token (the usual way for one location), or
 * the OAuth settings of a marketplace app install. The secrets are encrypted on the server and
 * never shown again; reconnecting the same location replaces them and keeps its webhook URL.
 */
export function ConnectGhlForm({ slug, defaultOpen = true }: { slug: string; defaultOpen?: boolean }) {
  const router = useRouter();
  const [authType, setAuthType] = React.useState<AuthType>("private_token");
  const form = useActionForm(connectGhlAction, {
    onSuccess: (data, message) => {
      toast.success(message ?? "Connected.");
      router.push(`/o/${slug}/settings/integrations/${data.id}`);
    },
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Connect GoHighLevel</CardTitle>
        <CardDescription>
          Orgflow reads your location&apos;s payments, opportunities and contacts, and turns paid invoices and
          orders into sales and commissions.
        </CardDescription>
      </CardHeader>
      <details open={defaultOpen} className="group">
        <summary className="mx-6 mb-4 w-fit cursor-pointer rounded-sm text-sm font-medium text-primary outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
          <span className="group-open:hidden">Connect a location</span>
          <span className="hidden group-open:inline">Connection details</span>
        </summary>
        <form id={form.formId} action={form.formAction} noValidate>
          <input type="hidden" name="organization" value={slug} />
          <CardContent className="flex flex-col gap-5">
            <FormAlert result={form.result?.ok ? null : form.result} />
            <div className="grid gap-5 sm:grid-cols-2">
              <FormField
                name="name"
                label="Name"
                error={form.fieldError("name")}
                hint="How Orgflow shows it, e.g. “Main location”."
                required
              >
                <Input
                  defaultValue={form.value("name", "GoHighLevel")}
                  maxLength={100}
                  autoComplete="off"
                  required
                />
              </FormField>
              <FormField
                name="location_id"
                label="Location id"
                error={form.fieldError("location_id")}
                hint="In GoHighLevel: Settings → Business Profile (the sub-account id)."
                required
              >
                <Input
                  defaultValue={form.value("location_id")}
                  maxLength={100}
                  autoComplete="off"
                  spellCheck={false}
                  required
                />
              </FormField>
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">How Orgflow signs in</legend>
              <AuthTypeOption
                value="private_token"
                current={authType}
                onSelect={setAuthType}
                label="Private Integration Token"
                note="(Settings → Private Integrations in GHL; scopes: contacts, opportunities, payments/transactions read)"
              />
              <AuthTypeOption
                value="oauth"
                current={authType}
                onSelect={setAuthType}
                label="OAuth app"
                note="(a marketplace app installed on the location)"
              />
            </fieldset>
            {authType === "private_token" ? (
              <FormField
                name="token"
                label="Private integration token"
                error={form.fieldError("token")}
                required
              >
                <PasswordInput autoComplete="off" spellCheck={false} required />
              </FormField>
            ) : (
              <div className="grid gap-5 sm:grid-cols-2">
                <FormField name="client_id" label="Client id" error={form.fieldError("client_id")} required>
                  <Input autoComplete="off" spellCheck={false} required />
                </FormField>
                <FormField
                  name="client_secret"
                  label="Client secret"
                  error={form.fieldError("client_secret")}
                  required
                >
                  <PasswordInput autoComplete="off" spellCheck={false} required />
                </FormField>
                <FormField
                  name="refresh_token"
                  label="Refresh token"
                  error={form.fieldError("refresh_token")}
                  hint="From the install's token exchange. Orgflow refreshes it and stores each new one encrypted."
                  className="sm:col-span-2"
                  required
                >
                  <PasswordInput autoComplete="off" spellCheck={false} required />
                </FormField>
              </div>
            )}
            <div className="grid gap-5 sm:grid-cols-[10rem_1fr]">
              <FormField
                name="currency"
                label="Currency"
                error={form.fieldError("currency")}
                hint="For won opportunities (they carry no currency)."
              >
                <Input
                  defaultValue={form.value("currency", "USD")}
                  maxLength={3}
                  className="uppercase"
                  autoComplete="off"
                />
              </FormField>
              <SaleSourceChoices error={form.fieldError("sale_sources")} />
            </div>
          </CardContent>
          <CardFooter className="justify-between gap-3">
            <span className="text-sm text-muted-foreground">
              Secrets are encrypted and never shown again.
            </span>
            <SubmitButton pendingLabel="Connecting…">Connect</SubmitButton>
          </CardFooter>
        </form>
      </details>
    </Card>
  );
}

/** One radio choice of how Orgflow signs in to GoHighLevel. */
function AuthTypeOption({
  value,
  current,
  onSelect,
  label,
  note,
}: {
  value: AuthType;
  current: AuthType;
  onSelect: (value: AuthType) => void;
  label: string;
  note: string;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="radio"
        name="auth_type"
        value={value}
        checked={current === value}
        onChange={() => onSelect(value)}
        className="mt-0.5 accent-primary"
      />
      <span>
        {label} <span className="text-muted-foreground">{note}</span>
      </span>
    </label>
  );
}
