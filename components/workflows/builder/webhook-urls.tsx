"use client";

import * as React from "react";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { BuilderContext } from "./builder-context";
import { ConfirmDialog } from "./dialogs";

/**
 * The webhook step's addresses. Each workflow has its own random token in the URL, stored only as
 * a hash: the whole URL (live, and test with ?test=1) is shown right after it is made (when first
 * publishing a webhook workflow, or with the button here), and afterwards only its first
 * characters. Making a new one rotates it: the old URL stops working at once. Editors only.
 */
export function WebhookUrls() {
  const webhook = React.useContext(BuilderContext)?.webhook;
  const [confirming, setConfirming] = React.useState(false);
  if (webhook === undefined) return null;
  return (
    <section aria-labelledby="webhook-urls" className="flex flex-col gap-3 border-t px-4 pt-4 pb-5">
      <h3 id="webhook-urls" className="text-sm font-semibold">
        Webhook URLs
      </h3>
      {!webhook ? (
        <p className="text-[13px] text-muted-foreground">
          Only members who may edit this workflow can see its webhook URL (it contains a secret).
        </p>
      ) : webhook.revealed ? (
        <>
          <UrlRow
            label="Production URL"
            url={webhook.revealed.url}
            hint="Send the request here (with the step's HTTP method) to start a run of the published version. Add ?wait=1 to get the run's result in the response (up to 30 s)."
          />
          <UrlRow
            label="Test URL"
            url={webhook.revealed.testUrl}
            hint="Records the request as a sample for mapping fields; nothing runs."
          />
          <p role="status" className="text-xs font-medium text-amber-700 dark:text-amber-400">
            Copy these now: for your security they are shown only this once. The URL contains a secret token;
            share it only with the system that calls it.
          </p>
        </>
      ) : webhook.prefix ? (
        <p className="text-[13px] text-muted-foreground">
          <span className="block font-mono text-[11px] break-all text-foreground">
            {webhook.base}
            {webhook.prefix}…
          </span>
          The full URL was shown once, when it was made. Lost it? Make a new one: the current URL then stops
          working.
        </p>
      ) : (
        <p className="text-[13px] text-muted-foreground">
          No webhook URL yet: one is made when you publish, or make it now.
        </p>
      )}
      {webhook ? (
        <>
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="self-start"
            onClick={() => (webhook.prefix ? setConfirming(true) : void webhook.rotate())}
          >
            <RefreshCw aria-hidden="true" />
            {webhook.prefix ? "Make a new URL" : "Make the webhook URL"}
          </Button>
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            title="Make a new webhook URL?"
            description="The current URL, and its test URL, stop working at once. Systems that call it need the new one."
            confirmLabel="Make a new URL"
            onConfirm={async () => {
              await webhook.rotate();
              return true;
            }}
          />
        </>
      ) : null}
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
