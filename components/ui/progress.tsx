import * as React from "react";
import { cn } from "@/lib/utils/cn";

/**
 * A bar showing `value` of `max`, announced as a progress bar with its label. The bar turns amber
 * from 80 % and red at the limit, so a plan running out stands out.
 */
export function Progress({
  value,
  max,
  label,
  className,
}: {
  value: number;
  max: number;
  label: string;
  className?: string;
}) {
  const ratio = max > 0 ? Math.min(value / max, 1) : value > 0 ? 1 : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(value, max)}
      aria-valuetext={`${value} of ${max}`}
      className={cn("h-2 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <div
        className={cn(
          "h-full rounded-full bg-primary transition-[width]",
          ratio >= 0.8 && "bg-warning",
          ratio >= 1 && "bg-destructive",
        )}
        style={{ width: `${ratio * 100}%` }}
      />
    </div>
  );
}
