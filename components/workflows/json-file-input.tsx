"use client";

import type * as React from "react";

/**
 * The hidden file picker behind the "Import" buttons (a button calls its `click()`); labelled, so
 * tests and assistive technology can reach it too.
 */
export function JsonFileInput({
  ref,
  onFile,
}: {
  ref: React.Ref<HTMLInputElement>;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={ref}
      type="file"
      accept="application/json,.json"
      className="sr-only"
      tabIndex={-1}
      aria-label="Workflow file to import"
      onChange={(event) => {
        const file = event.target.files?.[0];
        // Choosing the same file again must fire again.
        event.target.value = "";
        if (file) onFile(file);
      }}
    />
  );
}
