"use client";

import * as React from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { BuilderContext } from "./builder-context";

/**
 * The webhook step's addresses: the live URL (starts a run of the published version) and the test
 * URL (records the request as a sample, runs nothing), each with a copy button. The URLs carry the
 * workflow's secret token, so only members who may edit the workflow see them.
 */
export function WebhookUrls() {
  const webhook = React.useContext(BuilderContext)?.webhook;
  if (webhook === undefined) return null;
  return (
    <section aria-labelledby="webhook-urls" className="flex flex-col gap-3 border-t px-4 pt-4 pb-5">
      <h3 id="webhook-urls" className="text-sm font-semibold">
        Webhook URLs
      </h3>
      {webhook ? (
        <>
          <UrlRow
            label="Production URL"
            url={webhook.url}
            hint="POST JSON or a form here to start a run of the published version. Add ?wait=1 to get the run's result in the response (up to 30 s)."
          />
          <UrlRow
            label="Test URL"
            url={webhook.testUrl}
            hint="Records the request as a sample for mapping fields; nothing runs."
          />
          <p className="text-xs text-muted-foreground">
            The URL contains a secret token: share it only with the system that calls it.
          </p>
        </>
      ) : (
        <p className="text-[13px] text-muted-foreground">
          Only members who may edit this workflow can see its webhook URL (it contains a secret).
        </p>
      )}
    </section>
  );
}

function UrlRow({ label, url, hint }: { label: string; url: string; hint: string }) {
  const id = React.useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted-foreground">
        {label}
      </label>
      <div className="flex items-center gap-1">
        <input
          id={id}
          readOnly
          value={url}
          onFocus={(event) => event.currentTarget.select()}
          className="h-8 min-w-0 flex-1 rounded-md border bg-muted/40 px-2 font-mono text-[11px] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        />
        <CopyButton
          text={url}
          iconOnly
          label={`Copy the ${label.toLowerCase()}`}
          copiedLabel={`${label} copied`}
          onCopyFailed={() => document.getElementById(id)?.focus()}
        />
      </div>
      <p className="text-[11px] text-muted-foreground">{hint}</p>
    </div>
  );
}
