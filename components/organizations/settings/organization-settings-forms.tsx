"use client";

import * as React from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { ColorField } from "@/components/ui/color-field";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { TimeZoneOptions, useTimeZoneGroups } from "@/components/ui/time-zone-options";
import { updateOrganizationSettingsAction } from "@/lib/organizations/actions/settings";
import type { RunRetention } from "@/lib/executions/retention";
import type { OrganizationSettings } from "@/lib/organizations/settings";

type SectionProps = {
  slug: string;
  section: "network" | "regional" | "branding" | "retention";
  title: string;
  description: React.ReactNode;
  children: (form: ReturnType<typeof useActionForm>) => React.ReactNode;
  disabled?: boolean;
};

/** One card of the settings page: its own form, saved on its own, its outcome toasted. */
function SettingsSection({ slug, section, title, description, children, disabled }: SectionProps) {
  const form = useActionForm(updateOrganizationSettingsAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Saved."),
  });
  const headingId = React.useId();
  return (
    <Card role="region" aria-labelledby={headingId}>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        <input type="hidden" name="section" value={section} />
        <CardHeader>
          <CardTitle id={headingId} className="text-base">
            {title}
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          <FormAlert result={form.result} />
          {children(form as ReturnType<typeof useActionForm>)}
        </CardContent>
        <CardFooter className="justify-end">
          <SubmitButton pendingLabel="Saving…" disabled={disabled}>
            Save
          </SubmitButton>
        </CardFooter>
      </form>
    </Card>
  );
}

const daysLabel = (days: number | null) =>
  days === null ? "for good" : days === 365 ? "1 year" : `${days} day${days === 1 ? "" : "s"}`;

const retentionChoices = [7, 30, 90, 365] as const;

/**
 * How long finished runs are kept: what the pruning job applies now, the plan's default and the
 * longest the plan allows; choices beyond the plan are shown but disabled (SQL refuses them too).
 */
function RunRetentionSection({ slug, retention }: { slug: string; retention: RunRetention | null }) {
  const planName = retention?.plan_name ?? "current";
  const max = retention?.plan_max_days ?? null;
  const allowed = (days: number | null) => max === null || (days !== null && days <= max);
  const chosen = retention?.choice ?? null;
  return (
    <SettingsSection
      slug={slug}
      section="retention"
      title="Run history"
      description={
        <>
          How long the inputs, outputs and logs of finished workflow runs are kept. Older runs are deleted
          every hour; running and waiting runs are never deleted.{" "}
          <span data-testid="run-retention-effective">
            Runs are kept <strong>{daysLabel(retention?.effective_days ?? null)}</strong>
          </span>
          {"; "}
          <span data-testid="run-retention-plan">
            the {planName} plan keeps them {daysLabel(retention?.plan_default_days ?? null)} by default
            {max === null ? " and lets you keep them for good" : `, up to ${daysLabel(max)}`}.
          </span>
        </>
      }
    >
      {(form) => (
        <FormField
          name="run_retention"
          label="Keep finished runs for"
          error={form.fieldError("run_retention")}
        >
          <NativeSelect defaultValue={form.value("run_retention", chosen === null ? "plan" : String(chosen))}>
            <option value="plan">
              The plan&apos;s default ({daysLabel(retention?.plan_default_days ?? null)})
            </option>
            {retentionChoices.map((days) => (
              <option key={days} value={String(days)} disabled={!allowed(days)}>
                {daysLabel(days)}
                {allowed(days) ? "" : " (upgrade)"}
              </option>
            ))}
            <option value="forever" disabled={!allowed(null)}>
              Keep everything{allowed(null) ? "" : " (upgrade)"}
            </option>
          </NativeSelect>
        </FormField>
      )}
    </SettingsSection>
  );
}

/**
 * The organization's own settings beyond its name: what workflow steps may reach, regional
 * defaults, its colour, and how long run history is kept. Only owners may open the network.
 */
export function OrganizationSettingsForms({
  slug,
  settings,
  retention,
  isOwner,
  currencies,
}: {
  slug: string;
  settings: OrganizationSettings;
  retention: RunRetention | null;
  isOwner: boolean;
  currencies: string[];
}) {
  const savedZone = settings.timezone ?? "UTC";
  const zones = useTimeZoneGroups(savedZone);
  const currencyOptions =
    settings.currency && !currencies.includes(settings.currency)
      ? [settings.currency, ...currencies]
      : currencies;
  return (
    <>
      <SettingsSection
        slug={slug}
        section="network"
        title="Network access for workflow steps"
        description="HTTP steps reach public internet addresses only, so a workflow cannot be pointed at your own servers or cloud metadata. Allow private addresses only if your workflows must call services on your own network."
        disabled={!isOwner}
      >
        {() => (
          <div className="flex items-start gap-3">
            <Checkbox
              id="allow_private_network"
              name="allow_private_network"
              defaultChecked={settings.allow_private_network}
              disabled={!isOwner}
              aria-describedby="allow_private_network-hint"
              className="mt-0.5"
            />
            <div className="flex flex-col gap-1">
              <label htmlFor="allow_private_network" className="text-sm font-medium">
                Allow HTTP steps to call private network addresses
              </label>
              <p id="allow_private_network-hint" className="text-[13px] text-muted-foreground">
                {isOwner
                  ? "Includes localhost, 10.x, 172.16–31.x, 192.168.x and link-local addresses."
                  : "Only an owner can change this."}
              </p>
            </div>
          </div>
        )}
      </SettingsSection>

      <SettingsSection
        slug={slug}
        section="regional"
        title="Time zone and currency"
        description="Your organization's time zone, and the currency sales you enter start in."
      >
        {(form) => (
          <div className="grid gap-5 sm:grid-cols-2">
            <FormField name="timezone" label="Time zone" error={form.fieldError("timezone")} required>
              {/* Keyed: the whole list replaces the saved zone alone once the page is interactive. */}
              <NativeSelect key={String(zones.complete)} defaultValue={form.value("timezone", savedZone)}>
                {zones.groups ? (
                  <TimeZoneOptions groups={zones.groups} />
                ) : (
                  <option value={savedZone}>{savedZone.replaceAll("_", " ")}</option>
                )}
              </NativeSelect>
            </FormField>
            <FormField name="currency" label="Currency" error={form.fieldError("currency")} required>
              <NativeSelect defaultValue={form.value("currency", settings.currency ?? "USD")}>
                {currencyOptions.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          </div>
        )}
      </SettingsSection>

      <SettingsSection
        slug={slug}
        section="branding"
        title="Branding"
        description="Your colour: the chat widget uses it for the launcher button and the chat header, unless a bot's settings choose another."
      >
        {(form) => (
          <BrandColorField
            initial={form.value("brand_color", settings.brand_color ?? "#2563eb")}
            error={form.fieldError("brand_color")}
          />
        )}
      </SettingsSection>

      <RunRetentionSection slug={slug} retention={retention} />
    </>
  );
}

/** The brand colour: a picker and its hex code, kept in step; the code is what is submitted. */
function BrandColorField({ initial, error }: { initial: string; error?: string }) {
  const [color, setColor] = React.useState(initial);
  return (
    <ColorField name="brand_color" label="Brand colour" value={color} onChange={setColor} error={error} />
  );
}
