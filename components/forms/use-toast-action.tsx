"use client";

import * as React from "react";
import { toast } from "sonner";
import type { FormAction } from "@/lib/actions/action";

/**
 * Wraps a server action so its outcome is toasted as soon as it arrives: success messages always,
 * errors when `toastErrors` is set (forms that show errors inline leave it off). Done in the action
 * rather than an effect on purpose: the change often removes the row the form lives in (a revoked
 * key, a removed member), and an effect would never run.
 */
export function useToastAction<T>(
  action: FormAction<T>,
  options: { onSuccess?: (data: T) => void; toastErrors?: boolean } = {},
): FormAction<T> {
  const optionsRef = React.useRef(options);
  React.useEffect(() => {
    optionsRef.current = options;
  });
  return React.useCallback<FormAction<T>>(
    async (previous, formData) => {
      const result = await action(previous, formData);
      if (result.ok) {
        if (result.message) toast.success(result.message);
        optionsRef.current.onSuccess?.(result.data);
      } else if (optionsRef.current.toastErrors) {
        toast.error(result.error.message);
      }
      return result;
    },
    [action],
  );
}

/** Hidden inputs for the ids a form sends along (the organization's slug, a row's id …). */
export function HiddenFields({ fields }: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
