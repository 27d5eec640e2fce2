import * as React from "react";
import Link from "next/link";
import { cn } from "@/lib/utils/cn";

export const textLinkClasses =
  "rounded-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50";

/** An inline text link inside the app (Next's <Link> with the app's link look). */
export function TextLink({ className, ...props }: React.ComponentProps<typeof Link>) {
  return <Link className={cn(textLinkClasses, className)} {...props} />;
}
