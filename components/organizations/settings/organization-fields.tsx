"use client";

import * as React from "react";
import type { ActionForm } from "@/components/forms/action-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { organizationUrl, slugify } from "@/lib/organizations/slug";

/**
 * Name and URL name of an organization, with a live preview of its address. With `suggestSlug`
 * (creating one) the URL name may stay empty: it is then derived from the name.
 */
export function OrganizationFields({
  form,
  siteUrl,
  initial,
  suggestSlug = false,
}: {
  form: Pick<ActionForm, "fieldError" | "value">;
  siteUrl: string;
  initial: { name: string; slug: string };
  suggestSlug?: boolean;
}) {
  const [name, setName] = React.useState(form.value("name", initial.name));
  const [slug, setSlug] = React.useState(form.value("slug", initial.slug));
  // While creating, an empty URL name is derived from the name by the database (shown greyed out);
  // typing one takes over.
  const derived = suggestSlug && slug === "";
  const shownSlug = derived ? slugify(name) : slug;
  const previewId = React.useId();

  return (
    <>
      <FormField name="name" label="Organization name" error={form.fieldError("name")} required>
        <Input
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={255}
          autoComplete="organization"
          placeholder="Acme Sales"
          required
        />
      </FormField>
      <FormField
        name="slug"
        label="URL name"
        optional={suggestSlug}
        hint={
          suggestSlug
            ? "Leave it empty to use one made from the name, or choose your own: lowercase letters, digits and hyphens."
            : "Lowercase letters, digits and hyphens, 3 to 63 characters. Old links stop working when it changes."
        }
        error={form.fieldError("slug")}
      >
        <Input
          value={slug}
          onChange={(e) => setSlug(e.currentTarget.value.toLowerCase())}
          maxLength={63}
          autoCapitalize="none"
          autoComplete="off"
          spellCheck={false}
          placeholder={suggestSlug ? slugify(name) || "acme-sales" : undefined}
          aria-describedby={previewId}
          className="font-mono"
        />
      </FormField>
      <p id={previewId} className="-mt-2 text-[13px] break-all text-muted-foreground" aria-live="polite">
        Your organization&apos;s address:{" "}
        <span className="font-mono text-foreground">{organizationUrl(siteUrl, shownSlug)}</span>
      </p>
    </>
  );
}
