import * as React from "react";
import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/actions/action";

/**
 * The outcome of a form's last submit as an alert: errors always (announced at once), success
 * only when `showSuccess` is set (most forms toast it instead).
 */
export function FormAlert<T>({
  result,
  showSuccess = false,
  className,
}: {
  result: ActionState<T>;
  showSuccess?: boolean;
  className?: string;
}) {
  if (!result) return null;
  if (!result.ok) {
    return (
      <Alert variant="error" className={className}>
        {result.error.message}
      </Alert>
    );
  }
  if (showSuccess && result.message) {
    return (
      <Alert variant="success" className={className}>
        {result.message}
      </Alert>
    );
  }
  return null;
}
