"use client";

import * as React from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * A colour picker and its #rrggbb code, kept in step (controlled); the code is what is submitted
 * under `name`.
 */
export function ColorField({
  name,
  label,
  value,
  onChange,
  error,
  className,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  className?: string;
}) {
  return (
    <div className={cn("flex items-start gap-3", className)}>
      <input
        type="color"
        aria-label={`Pick the ${label.toLowerCase()}`}
        value={HEX.test(value) ? value : "#000000"}
        onChange={(e) => onChange(e.currentTarget.value)}
        className="mt-6 h-9 w-12 shrink-0 cursor-pointer rounded-md border bg-transparent p-1"
      />
      <FormField name={name} label={label} hint="Written #rrggbb." error={error} required className="flex-1">
        <Input
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          maxLength={7}
          spellCheck={false}
          autoComplete="off"
          className="max-w-32 font-mono"
        />
      </FormField>
    </div>
  );
}
