"use client";

import * as React from "react";
import { Check, Copy } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";

/** Writes `text` to the clipboard; older browsers and insecure origins fall back to a hidden textarea. */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

/**
 * Copies `text` and says so, visibly and to screen readers, for two seconds. With `iconOnly` the
 * label becomes the button's accessible name instead of its text.
 */
export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  iconOnly = false,
  onCopyFailed,
  ...button
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  iconOnly?: boolean;
  /** Called when the browser refused to copy (e.g. to select the text for the person). */
  onCopyFailed?: () => void;
} & Omit<ButtonProps, "onClick" | "children">) {
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const current = copied ? copiedLabel : label;
  return (
    <Button
      type="button"
      variant="outline"
      size={iconOnly ? "icon-sm" : "sm"}
      aria-label={iconOnly ? current : undefined}
      {...button}
      onClick={async () => {
        if (await copyToClipboard(text)) setCopied(true);
        else onCopyFailed?.();
      }}
    >
      {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      {iconOnly ? null : <span aria-live="polite">{current}</span>}
    </Button>
  );
}
