"use client";

import * as React from "react";
import { LocateFixed } from "lucide-react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { AvatarPicker } from "@/components/profile/avatar-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { updateProfileAction } from "@/lib/profiles/actions";
import { TimeZoneOptions, useTimeZoneGroups } from "@/components/ui/time-zone-options";

export type ProfileFormValues = {
  email: string;
  display_name: string;
  avatar_url: string;
  bio: string;
  timezone: string;
  website: string;
  location: string;
};

const BIO_MAX = 1000;

export function ProfileForm({ profile }: { profile: ProfileFormValues }) {
  const form = useActionForm(updateProfileAction, {
    onSuccess: (_data, message) => toast.success(message ?? "Saved."),
  });
  const [bioLength, setBioLength] = React.useState(form.value("bio", profile.bio).length);
  const timeZoneRef = React.useRef<HTMLSelectElement>(null);
  const savedTimeZone = form.value("timezone", profile.timezone);
  const timeZones = useTimeZoneGroups(savedTimeZone);

  function applyBrowserTimeZone() {
    const detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const select = timeZoneRef.current;
    if (!select || !detected) return;
    if ([...select.options].some((o) => o.value === detected)) {
      select.value = detected;
      toast.info(`Time zone set to ${detected}. Save to keep it.`);
    } else {
      toast.error(`Your browser's time zone (${detected}) isn't in the list.`);
    }
  }

  return (
    <form
      id={form.formId}
      action={form.formAction}
      // A reset (the Discard button, or React's own after a submit) goes back to the default values.
      onReset={() => {
        setBioLength(form.value("bio", profile.bio).length);
      }}
      noValidate
      className="flex flex-col gap-8"
    >
      <FormAlert result={form.result} />

      <Section title="Public profile" description="How you appear to your teammates across Orgflow.">
        <AvatarPicker
          name={form.value("display_name", profile.display_name) || profile.email}
          src={profile.avatar_url || null}
        />
        <FormField name="display_name" label="Display name" error={form.fieldError("display_name")}>
          <Input
            autoComplete="name"
            maxLength={100}
            placeholder="Ada Lovelace"
            defaultValue={form.value("display_name", profile.display_name)}
          />
        </FormField>
        <FormField
          name="bio"
          label="Bio"
          optional
          hint={`${bioLength} / ${BIO_MAX} characters`}
          error={form.fieldError("bio")}
        >
          <Textarea
            rows={4}
            maxLength={BIO_MAX}
            placeholder="A line or two about what you do."
            defaultValue={form.value("bio", profile.bio)}
            onChange={(e) => setBioLength(e.currentTarget.value.length)}
          />
        </FormField>
      </Section>

      <Section title="Details" description="Where you are and how to reach you.">
        <FormField
          name="email"
          label="Email"
          hint="The address you sign in with. Change it under Sign-in email below."
        >
          <Input
            type="email"
            defaultValue={profile.email}
            readOnly
            className="bg-muted/50 text-muted-foreground"
          />
        </FormField>
        <div className="grid gap-6 sm:grid-cols-2">
          <FormField name="location" label="Location" optional error={form.fieldError("location")}>
            <Input
              autoComplete="address-level2"
              maxLength={120}
              placeholder="Lisbon, Portugal"
              defaultValue={form.value("location", profile.location)}
            />
          </FormField>
          <FormField name="website" label="Website" optional error={form.fieldError("website")}>
            <Input
              type="url"
              inputMode="url"
              autoComplete="url"
              placeholder="https://example.com"
              defaultValue={form.value("website", profile.website)}
            />
          </FormField>
        </div>
        <FormField
          name="timezone"
          label="Time zone"
          hint="Used for dates, times and scheduled automations."
          error={form.fieldError("timezone")}
          labelAside={
            <Button
              type="button"
              variant="link"
              size="sm"
              className="h-auto text-[13px]"
              onClick={applyBrowserTimeZone}
            >
              <LocateFixed aria-hidden="true" />
              Use my time zone
            </Button>
          }
        >
          {/* Keyed on its default: React does not apply a changed defaultValue to a mounted <select>,
              so after a save the form reset would otherwise fall back to the first value (and when
              the whole list arrives, the saved zone stays selected). */}
          <NativeSelect
            key={`${savedTimeZone}:${timeZones.complete}`}
            ref={timeZoneRef}
            defaultValue={savedTimeZone}
          >
            {timeZones.groups ? (
              <TimeZoneOptions groups={timeZones.groups} />
            ) : (
              <option value={savedTimeZone}>{savedTimeZone.replaceAll("_", " ")}</option>
            )}
          </NativeSelect>
        </FormField>
      </Section>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button type="reset" variant="ghost" className="w-full sm:w-auto">
          Discard changes
        </Button>
        <SubmitButton className="w-full sm:w-auto" pendingLabel="Saving…">
          Save changes
        </SubmitButton>
      </div>
    </form>
  );
}

/** A settings section: title and description beside (laptop) or above (phone) its card. */
function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  const id = React.useId();
  return (
    <section aria-labelledby={id} className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)] md:gap-8">
      <div className="flex flex-col gap-1">
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      <Card>
        <CardContent className="flex flex-col gap-6">{children}</CardContent>
      </Card>
    </section>
  );
}
