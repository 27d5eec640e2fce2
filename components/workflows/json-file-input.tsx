"use client";

import * as React from "react";

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
  const input = React.useRef<HTMLInputElement>(null);
  React.useImperativeHandle(ref, () => input.current!, []);
  const onFileRef = React.useRef(onFile);
  React.useEffect(() => {
    onFileRef.current = onFile;
  });
  // A file chosen while the page was still loading (before React attached onChange) is not lost:
  // pick it up once hydrated.
  React.useEffect(() => {
    const element = input.current;
    const file = element?.files?.[0];
    if (element && file) {
      element.value = "";
      onFileRef.current(file);
    }
  }, []);
  return (
    <input
      ref={input}
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
