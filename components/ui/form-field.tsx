import * as React from "react";
import { cn } from "@/lib/utils/cn";
import { Label } from "@/components/ui/label";

/** The props FormField hands to its control so label, hint and error are tied to it. */
type ControlProps = {
  id?: string;
  name?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  "aria-required"?: boolean;
};

export type FormFieldProps = {
  /** The control's `name`; also its `id` unless `id` is given. */
  name: string;
  id?: string;
  label: React.ReactNode;
  /** Help shown under the control, read out with it. */
  hint?: React.ReactNode;
  /** Error messages for this field; the first is shown. */
  error?: string | readonly string[] | null;
  /** Something to show at the end of the label row (e.g. a "Forgot password?" link). */
  labelAside?: React.ReactNode;
  /** Marks the field optional next to its label. */
  optional?: boolean;
  required?: boolean;
  className?: string;
  /** One control element (Input, Textarea, NativeSelect, PasswordInput …). */
  children: React.ReactElement<ControlProps>;
};

/**
 * Label + control + hint + error, wired for assistive technology: the label points at the control,
 * the control is described by the hint and the error, and `aria-invalid` marks it when in error.
 */
export function FormField({
  name,
  id,
  label,
  hint,
  error,
  labelAside,
  optional,
  required,
  className,
  children,
}: FormFieldProps) {
  const controlId = id ?? name;
  const message = typeof error === "string" ? error : error?.[0];
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = message ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  const control = React.cloneElement(children, {
    id: controlId,
    name,
    "aria-describedby": describedBy,
    "aria-invalid": message ? true : undefined,
    "aria-required": required || undefined,
    ...children.props,
  });

  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      <div className="flex min-h-4 items-center justify-between gap-2">
        <Label htmlFor={controlId}>
          {label}
          {optional ? <span className="font-normal text-muted-foreground">(optional)</span> : null}
        </Label>
        {labelAside}
      </div>
      {control}
      {hint && !message ? (
        <p id={hintId} className="text-[13px] text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {hint && message ? (
        <p id={hintId} className="sr-only">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={errorId} className="text-[13px] font-medium text-destructive">
          {message}
        </p>
      ) : null}
    </div>
  );
}
