"use client";

import Link from "next/link";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import {
  installBlueprintAction,
  publishBlueprintAction,
  updateInstallAction,
} from "@/lib/blueprints/actions";
import type { BlueprintVariable } from "@/lib/blueprints/manifest";
import { BLUEPRINT_CATEGORIES, VARIABLE_TYPES } from "@/lib/blueprints/schemas";

const VARIABLES_EXAMPLE = '[{"key": "location", "label": "GHL location", "type": "ghl_location_id"}]';

/** Publishing the project: a new blueprint, or a new version of one of the organization's. */
export function PublishProjectForm({
  slug,
  projectId,
  blueprints,
}: {
  slug: string;
  projectId: string;
  blueprints: { id: string; name: string; latest_version: string | null }[];
}) {
  const form = useActionForm(useToastAction(publishBlueprintAction));
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Publish as a blueprint</CardTitle>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <input type="hidden" name="project_id" value={projectId} />
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormAlert result={form.result} />
          <FormField name="blueprint_id" label="Blueprint" error={form.fieldError("blueprint_id")}>
            <NativeSelect defaultValue={form.value("blueprint_id")}>
              <option value="">A new blueprint</option>
              {blueprints.map((b) => (
                <option key={b.id} value={b.id}>
                  New version of {b.name}
                  {b.latest_version ? ` (now ${b.latest_version})` : ""}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField name="version" label="Version" error={form.fieldError("version")} required>
            <Input placeholder="1.0.0" required defaultValue={form.value("version")} />
          </FormField>
          <FormField name="name" label="Name (a new blueprint)" optional error={form.fieldError("name")}>
            <Input maxLength={120} defaultValue={form.value("name")} />
          </FormField>
          <FormField name="slug" label="Slug (a new blueprint)" optional error={form.fieldError("slug")}>
            <Input maxLength={63} placeholder="roofing-leads" defaultValue={form.value("slug")} />
          </FormField>
          <FormField name="category" label="Category" error={form.fieldError("category")}>
            <NativeSelect defaultValue={form.value("category", "other")}>
              {Object.entries(BLUEPRINT_CATEGORIES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </NativeSelect>
          </FormField>
          <FormField name="visibility" label="Who may install it" error={form.fieldError("visibility")}>
            <NativeSelect defaultValue={form.value("visibility", "private")}>
              <option value="private">Private: members of this organization, into their organizations</option>
              <option value="public">Public: everyone, once approved</option>
            </NativeSelect>
          </FormField>
          <FormField name="description" label="Description" optional error={form.fieldError("description")}>
            <Textarea rows={2} maxLength={4000} defaultValue={form.value("description")} />
          </FormField>
          <FormField name="changelog" label="What changed" optional error={form.fieldError("changelog")}>
            <Textarea rows={2} maxLength={10000} defaultValue={form.value("changelog")} />
          </FormField>
          <FormField
            name="variables"
            label="Variables (JSON)"
            error={form.fieldError("variables")}
            className="sm:col-span-2"
            hint={`What each installing organization fills in, used as {{blueprint.<key>}} in the items. Types: ${Object.keys(VARIABLE_TYPES).join(", ")}. Example: ${VARIABLES_EXAMPLE}`}
          >
            <Textarea rows={3} className="font-mono text-xs" defaultValue={form.value("variables", "[]")} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Publishing…">Publish</SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}

function VariableFields({
  variables,
  values,
  fieldError,
}: {
  variables: BlueprintVariable[];
  values?: Record<string, string>;
  fieldError: (name: string) => string | undefined;
}) {
  return variables.map((v) => (
    <FormField
      key={v.key}
      name={`var.${v.key}`}
      label={`${v.label} (${VARIABLE_TYPES[v.type]})`}
      hint={v.description || undefined}
      error={fieldError(`var.${v.key}`)}
      required={v.required}
      optional={!v.required}
    >
      <Input
        type={v.type === "email" ? "email" : v.type === "url" ? "url" : "text"}
        autoComplete="off"
        defaultValue={values?.[v.key] ?? ""}
      />
    </FormField>
  ));
}

/** The install dialog's form: the version, each variable by its type. */
export function InstallForm({
  slug,
  versionId,
  variables,
}: {
  slug: string;
  versionId: string;
  variables: BlueprintVariable[];
}) {
  const form = useActionForm(useToastAction(installBlueprintAction));
  const installed = form.result?.ok ? form.result.data : null;
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="version_id" value={versionId} />
      <FormAlert result={form.result} />
      <VariableFields variables={variables} fieldError={form.fieldError} />
      {installed ? (
        <Link
          className="underline underline-offset-4"
          href={`/o/${slug}/blueprints/installed/${installed.id}`}
        >
          See what was installed
        </Link>
      ) : (
        <SubmitButton pendingLabel="Installing…" className="self-start">
          Install
        </SubmitButton>
      )}
    </form>
  );
}

/** Updating an install: new variables to fill in, edited items to replace anyway (ticked). */
export function UpdateInstallForm({
  slug,
  installId,
  versionId,
  variables,
  values,
  conflicts,
}: {
  slug: string;
  installId: string;
  versionId: string;
  variables: BlueprintVariable[];
  values: Record<string, string>;
  conflicts: { key: string; name: string }[];
}) {
  const form = useActionForm(useToastAction(updateInstallAction));
  return (
    <form id={form.formId} action={form.formAction} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="organization" value={slug} />
      <input type="hidden" name="install_id" value={installId} />
      <input type="hidden" name="version_id" value={versionId} />
      <FormAlert result={form.result} />
      <VariableFields variables={variables} values={values} fieldError={form.fieldError} />
      {conflicts.length ? (
        <fieldset className="flex flex-col gap-2 text-sm">
          <legend className="mb-1 font-medium">Edited here: kept unless you tick them</legend>
          {conflicts.map((c) => (
            <label key={c.key} className="flex items-center gap-2">
              <input type="checkbox" name="replace[]" value={c.key} /> Replace my edits of {c.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <SubmitButton pendingLabel="Updating…" className="self-start">
        Update
      </SubmitButton>
    </form>
  );
}
