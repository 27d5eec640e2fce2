import * as React from "react";
import { cn } from "@/lib/utils/cn";
import { controlClasses } from "@/components/ui/input";

export function Textarea({ className, rows = 4, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      rows={rows}
      className={cn(controlClasses, "min-h-20 resize-y py-2", className)}
      {...props}
    />
  );
}
