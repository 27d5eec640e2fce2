"use client";

import * as React from "react";
import { toast } from "sonner";
import { Checkbox } from "@/components/ui/checkbox";
import { callAction } from "@/components/workflows/call-action";
import { setWaitingEmailAction } from "@/lib/inbox/actions";

/** The member's own preference: an email when a visitor waits for a person (the bell tells anyway). */
export function WaitingEmailToggle({ slug, initial }: { slug: string; initial: boolean }) {
  const [checked, setChecked] = React.useState(initial);
  const [saving, setSaving] = React.useState(false);
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <Checkbox
        checked={checked}
        disabled={saving}
        onChange={async (event) => {
          const next = event.target.checked;
          setChecked(next);
          setSaving(true);
          const result = await callAction(setWaitingEmailAction, {
            organization: slug,
            ...(next ? { enabled: "on" } : {}),
          }).catch(() => null);
          setSaving(false);
          if (!result || !result.ok) {
            setChecked(!next);
            return void toast.error(result ? result.error.message : "Could not reach the server.");
          }
          if (result.message) toast.success(result.message);
        }}
      />
      Email me when a visitor waits for a person
    </label>
  );
}
