"use client";

import * as React from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "@/components/ui/button";

export type SubmitButtonProps = Omit<ButtonProps, "type" | "loading" | "asChild"> & {
  /** Label while the form is submitting; defaults to the normal label. */
  pendingLabel?: React.ReactNode;
};

/** A submit button that shows the enclosing form's pending state (React's useFormStatus). */
export function SubmitButton({ children, pendingLabel, disabled, ...props }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" loading={pending} disabled={disabled} {...props}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
