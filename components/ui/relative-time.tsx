import { cn } from "@/lib/utils/cn";
import { formatRelativeTime } from "@/lib/utils/time";

/** The exact moment, as shown on hover and read by assistive technology. */
export function formatExactTime(date: Date): string {
  return `${date.toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;
}

/** "3 minutes ago", with the exact date and time on hover. */
export function RelativeTime({ date, className }: { date: Date; className?: string }) {
  return (
    <time
      dateTime={date.toISOString()}
      title={formatExactTime(date)}
      className={cn("whitespace-nowrap", className)}
    >
      {formatRelativeTime(date)}
    </time>
  );
}

/** A plain date ("12 Mar 2026"), with the exact time on hover. */
export function ShortDate({ date, className }: { date: Date; className?: string }) {
  return (
    <time
      dateTime={date.toISOString()}
      title={formatExactTime(date)}
      className={cn("whitespace-nowrap", className)}
    >
      {date.toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" })}
    </time>
  );
}
