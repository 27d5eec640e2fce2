"use client";

import * as React from "react";
import type { ActionError, ActionState, FormAction } from "@/lib/actions/action";

type SubmittedValues = Record<string, string>;
type FormState<T> = { result: ActionState<T>; values: SubmittedValues; submits: number };

export type UseActionFormOptions<T> = {
  /** Runs once after each successful submit (e.g. to toast the result's message). */
  onSuccess?: (data: T, message: string | undefined) => void;
};

/** Fields never echoed back into the form after a submit. */
const SECRET_FIELD = /password|secret|token/i;

/**
 * `useActionState` for actions made with `defineAction`, plus what every form needs:
 * - `value(name, fallback)`: React resets a form after its action runs; feeding the submitted
 *   values back as `defaultValue` keeps what the person typed when the server says "fix this"
 *   (passwords excepted);
 * - `fieldError(name)`: the messages for one field;
 * - focus moves to the first invalid field after a failed submit, for keyboard and screen-reader
 *   users.
 */
export function useActionForm<T>(action: FormAction<T>, options: UseActionFormOptions<T> = {}) {
  // An id rather than a ref: the returned object is read during render, where refs may not be.
  const formId = React.useId();
  const onSuccessRef = React.useRef(options.onSuccess);
  React.useEffect(() => {
    onSuccessRef.current = options.onSuccess;
  });

  const [state, formAction, pending] = React.useActionState<FormState<T>, FormData>(
    async (previous, formData) => {
      const result = await action(previous.result, formData);
      return { result, values: submittedValues(formData), submits: previous.submits + 1 };
    },
    { result: null, values: {}, submits: 0 },
  );

  const { result } = state;
  React.useEffect(() => {
    if (!result) return;
    if (result.ok) {
      onSuccessRef.current?.(result.data, result.message);
      return;
    }
    const invalid = document.getElementById(formId)?.querySelector<HTMLElement>("[aria-invalid='true']");
    invalid?.focus();
  }, [result, formId]);

  const error: ActionError | null = result && !result.ok ? result.error : null;

  return {
    /** Put on the <form> as `id`. */
    formId,
    formAction,
    pending,
    result,
    error,
    /** The first error message for a field, if the last submit failed on it. */
    fieldError(name: string): string | undefined {
      return error?.fields?.[name]?.[0];
    },
    /** The value to show in a field: what was last submitted, else `fallback`. */
    value(name: string, fallback: string = ""): string {
      return state.submits > 0 ? (state.values[name] ?? fallback) : fallback;
    },
  };
}

function submittedValues(formData: FormData): SubmittedValues {
  const values: SubmittedValues = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION") || SECRET_FIELD.test(key)) continue;
    values[key] = value;
  }
  return values;
}
