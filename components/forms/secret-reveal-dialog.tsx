"use client";

import * as React from "react";
import { Check, Copy, TriangleAlert } from "lucide-react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

/**
 * A secret shown once (a new API key, a webhook signing secret): copy it now, or make another
 * later. Open while `secret` is set.
 */
export function SecretRevealDialog({
  secret,
  title,
  description,
  noun,
  label,
  warning,
  onClose,
}: {
  secret: string | null;
  title: string;
  description: string;
  /** What the secret is called in labels and toasts, e.g. "key", "signing secret". */
  noun: string;
  /** The field's accessible name, e.g. "API key". */
  label: string;
  /** Why it will not be shown again and what to do if lost. */
  warning: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = React.useState(false);
  const inputId = React.useId();
  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success(`The ${noun} is copied to the clipboard.`);
    } catch {
      toast.error(`Couldn't copy. Select the ${noun} and copy it yourself.`);
    }
  }
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={title}
      description={description}
      className="max-w-lg"
    >
      {secret ? (
        <div className="flex flex-col gap-4">
          <Alert variant="warning" title="Copy it now. You won't see it again.">
            {warning}
          </Alert>
          <div className="flex items-stretch gap-2">
            <label htmlFor={inputId} className="sr-only">
              {label}
            </label>
            <Input
              id={inputId}
              readOnly
              value={secret}
              onFocus={(e) => e.currentTarget.select()}
              className="font-mono text-xs"
            />
            <Button variant="outline" onClick={copy} aria-label={`Copy the ${noun}`}>
              {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          <DialogFooter>
            <Button
              onClick={() => {
                setCopied(false);
                onClose();
              }}
            >
              {copied ? null : <TriangleAlert aria-hidden="true" />}
              {copied ? "Done" : "I've stored it safely"}
            </Button>
          </DialogFooter>
        </div>
      ) : null}
    </Dialog>
  );
}
