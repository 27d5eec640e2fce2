import { cn } from "@/lib/utils/cn";
import { formatRelativeTime } from "@/lib/utils/time";

// Built once: each toLocaleString(locale, options) call builds a formatter of its own (ICU), which
// cost more than the rest of a signed-in page's sessions list (bench:auth).
const EXACT_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  dateStyle: "medium",
  timeStyle: "short",
});
const SHORT_DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});

/** The exact moment, as shown on hover and read by assistive technology. */
export function formatExactTime(date: Date): string {
  return `${EXACT_TIME.format(date)} UTC`;
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
      {SHORT_DATE.format(date)}
    </time>
  );
}
