"use client";

import * as React from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";

/** A read-only value with a copy button (the webhook URL to paste into GoHighLevel). */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex items-stretch gap-2">
        <Input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
        />
        <CopyButton
          text={value}
          size="default"
          label="Copy"
          aria-label={`Copy the ${label.toLowerCase()}`}
          onCopyFailed={() => document.getElementById(id)?.focus()}
        />
      </div>
    </div>
  );
}
