import { formatMinor } from "@/lib/commissions/money";
import { cn } from "@/lib/utils/cn";

/** An exact amount from minor units ("USD 1,200.00"), negative amounts marked. */
export function Money({
  minor,
  currency,
  className,
}: {
  minor: string | number | bigint;
  currency: string;
  className?: string;
}) {
  const negative = BigInt(minor) < 0n;
  return (
    <span className={cn("whitespace-nowrap tabular-nums", negative && "text-destructive", className)}>
      {formatMinor(BigInt(minor), currency)}
    </span>
  );
}
