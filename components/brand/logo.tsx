import Link from "next/link";
import { Workflow } from "lucide-react";
import { cn } from "@/lib/utils/cn";

/** The Orgflow mark and name; a link home unless `href` is null. */
export function Logo({ href = "/", className }: { href?: string | null; className?: string }) {
  const content = (
    <>
      <span className="flex size-7 items-center justify-center rounded-lg bg-primary text-primary-foreground shadow-sm">
        <Workflow className="size-4" aria-hidden="true" />
      </span>
      <span className="text-[15px] font-semibold tracking-tight">Orgflow</span>
    </>
  );
  const classes = cn("inline-flex items-center gap-2 rounded-md outline-none", className);
  if (href === null) return <span className={classes}>{content}</span>;
  return (
    <Link href={href} className={cn(classes, "focus-visible:ring-[3px] focus-visible:ring-ring/50")}>
      {content}
    </Link>
  );
}
