import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { CircleCheck, CircleExclamationPoint, Info, TriangleExclamationPoint } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const alertVariants = cva(
  "relative grid w-full grid-cols-[auto_1fr] items-start gap-x-3 gap-y-1 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4",
  {
    variants: {
      variant: {
        info: "border-info/30 bg-info/5 text-foreground [&>svg]:text-info",
        error: "border-destructive/40 bg-destructive/5 text-foreground [&>svg]:text-destructive",
        success: "border-success/40 bg-success/5 text-foreground [&>svg]:text-success",
        warning: "border-warning/50 bg-warning/10 text-foreground [&>svg]:text-warning",
      },
    },
    defaultVariants: { variant: "info" },
  },
);

const icons = {
  info: Info,
  error: CircleExclamationPoint,
  success: CircleCheck,
  warning: TriangleExclamationPoint,
} as const;

export type AlertProps = React.ComponentProps<"div"> &
  VariantProps<typeof alertVariants> & {
    title?: React.ReactNode;
    /** Hide the leading icon. */
    plain?: boolean;
  };

/**
 * A message box. Errors are announced at once (`role="alert"`); the others politely
 * (`role="status"`), so screen readers hear the outcome of a form without losing their place.
 */
export function Alert({ className, variant, title, plain, children, role, ...props }: AlertProps) {
  const kind = variant ?? "info";
  const Icon = icons[kind];
  return (
    <div
      data-slot="alert"
      role={role ?? (kind === "error" ? "alert" : "status")}
      className={cn(alertVariants({ variant: kind }), plain && "grid-cols-1", className)}
      {...props}
    >
      {plain ? null : <Icon aria-hidden="true" />}
      <div className="flex min-w-0 flex-col gap-1">
        {title ? <p className="leading-5 font-medium">{title}</p> : null}
        {children ? (
          <div className={cn("leading-5 [&_a]:underline", title && "text-muted-foreground")}>{children}</div>
        ) : null}
      </div>
    </div>
  );
}
