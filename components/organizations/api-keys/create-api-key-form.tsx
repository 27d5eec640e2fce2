"use client";

import * as React from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { SecretRevealDialog } from "@/components/forms/secret-reveal-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { createApiKeyAction, type CreatedApiKey } from "@/lib/organizations/actions/api-keys";
import type { PermissionAction } from "@/lib/organizations/schema";

export type GrantableResource = { resource: string; label: string; actions: PermissionAction[] };

const readOnly = (resources: GrantableResource[]) =>
  resources.flatMap((r) => (r.actions.includes("read") ? [`${r.resource}:read`] : []));

/** Quick choices above the checkboxes. */
const presets: [label: string, pick: (resources: GrantableResource[]) => string[]][] = [
  ["Read only", readOnly],
  ["All mine", (resources) => resources.flatMap((r) => r.actions.map((a) => `${r.resource}:${a}`))],
  ["None", () => []],
];

/**
 * A new API key: a name, the permissions it carries (only those the creator holds, as the database
 * requires) and an optional expiry. The secret is shown once, in a dialog, and never again.
 */
export function CreateApiKeyForm({
  slug,
  resources,
  expiryOptions,
}: {
  slug: string;
  resources: GrantableResource[];
  expiryOptions: readonly { value: string; label: string }[];
}) {
  const [created, setCreated] = React.useState<CreatedApiKey | null>(null);
  const [selected, setSelected] = React.useState<Set<string>>(() => new Set(readOnly(resources)));
  const [generation, setGeneration] = React.useState(0);
  const form = useActionForm(createApiKeyAction, {
    onSuccess: (key) => {
      setCreated(key);
      setSelected(new Set(readOnly(resources)));
      setGeneration((g) => g + 1);
    },
  });

  function toggle(permission: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(permission);
      else next.delete(permission);
      return next;
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Create an API key</CardTitle>
        <CardDescription>
          A key acts as you, limited to the permissions you tick here. It can never do more than you can.
        </CardDescription>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <CardContent className="flex flex-col gap-6">
          <FormAlert result={form.result?.ok ? null : form.result} />
          <div className="grid gap-5 sm:grid-cols-[minmax(0,1fr)_12rem]">
            <FormField
              name="name"
              label="Name"
              error={form.fieldError("name")}
              hint="Say what uses it, e.g. “Zapier”."
              required
            >
              <Input
                key={generation}
                defaultValue={form.result?.ok ? "" : form.value("name")}
                maxLength={100}
                autoComplete="off"
                required
              />
            </FormField>
            <FormField name="expires_in" label="Expires" error={form.fieldError("expires_in")}>
              <NativeSelect key={generation} defaultValue={form.value("expires_in", "never")}>
                {expiryOptions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          </div>
          <fieldset
            className="flex flex-col gap-3"
            aria-describedby={form.fieldError("permissions") ? "permissions-error" : undefined}
          >
            <legend className="sr-only">Permissions</legend>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-sm font-medium" aria-hidden="true">
                Permissions
              </span>
              <div className="flex gap-1">
                {presets.map(([label, pick]) => (
                  <Button
                    key={label}
                    variant="ghost"
                    size="sm"
                    onClick={() => setSelected(new Set(pick(resources)))}
                  >
                    {label}
                  </Button>
                ))}
              </div>
            </div>
            {form.fieldError("permissions") ? (
              <p id="permissions-error" className="text-[13px] font-medium text-destructive">
                {form.fieldError("permissions")}
              </p>
            ) : null}
            <ul className="grid gap-x-6 gap-y-3 rounded-lg border p-4 sm:grid-cols-2">
              {resources.map((resource) => (
                <li key={resource.resource} className="flex flex-col gap-1.5">
                  <span className="text-sm font-medium">{resource.label}</span>
                  <div className="flex flex-wrap gap-x-4 gap-y-1.5">
                    {resource.actions.map((action) => {
                      const permission = `${resource.resource}:${action}`;
                      return (
                        <label
                          key={action}
                          className="flex items-center gap-1.5 text-sm text-muted-foreground"
                        >
                          <Checkbox
                            name="permissions[]"
                            value={permission}
                            checked={selected.has(permission)}
                            onChange={(e) => toggle(permission, e.currentTarget.checked)}
                            aria-label={`${resource.label}: ${action}`}
                          />
                          {action}
                        </label>
                      );
                    })}
                  </div>
                </li>
              ))}
            </ul>
          </fieldset>
        </CardContent>
        <CardFooter className="justify-between gap-3">
          <span className="text-sm text-muted-foreground" aria-live="polite">
            {selected.size === 1 ? "1 permission" : `${selected.size} permissions`}
          </span>
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </CardFooter>
      </form>
      <SecretRevealDialog
        secret={created?.secret ?? null}
        title={created ? `Your new key “${created.name}”` : "Your new key"}
        description="Use it as a Bearer token in the Authorization header."
        noun="key"
        label="API key"
        warning="We store only a fingerprint of the key. If you lose it, revoke it and make a new one."
        onClose={() => setCreated(null)}
      />
    </Card>
  );
}
