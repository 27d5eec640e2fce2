"use client";

import * as React from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { ALL_EVENTS, WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";

/** The events an endpoint subscribes to: all of them (present and future), or a choice. */
export function EventChoices({ error, initial = [] }: { error?: string; initial?: string[] }) {
  const [all, setAll] = React.useState(initial.includes(ALL_EVENTS));
  return (
    <fieldset className="flex flex-col gap-3" aria-describedby={error ? "events-error" : undefined}>
      <legend className="mb-2 text-sm font-medium">Events</legend>
      {error ? (
        <p id="events-error" className="text-[13px] font-medium text-destructive">
          {error}
        </p>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <Checkbox
          name="events[]"
          value={ALL_EVENTS}
          checked={all}
          onChange={(e) => setAll(e.currentTarget.checked)}
        />
        All events, including ones added later
      </label>
      <ul className="grid gap-x-6 gap-y-2.5 rounded-lg border p-4 sm:grid-cols-2">
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <li key={type}>
            <label className="flex items-start gap-2 text-sm">
              <Checkbox
                name="events[]"
                value={type}
                defaultChecked={initial.includes(type)}
                disabled={all}
                className="mt-0.5"
              />
              <span className="flex flex-col">
                <code className="font-mono text-[13px]">{type}</code>
                <span className="text-muted-foreground">{WEBHOOK_EVENTS[type]}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
