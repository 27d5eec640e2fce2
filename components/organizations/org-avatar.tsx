import { cn } from "@/lib/utils/cn";
import { initials } from "@/lib/utils/initials";

/** An organization's initials in a rounded square (people get round avatars, organizations square). */
export function OrgAvatar({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex size-6 shrink-0 items-center justify-center rounded-md bg-primary/10 text-[10px] font-semibold text-primary uppercase",
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
