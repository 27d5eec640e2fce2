import Link from "next/link";
import { CommissionsChart } from "@/components/commissions/commissions-chart";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { MonthlyTotal } from "@/lib/commissions/calculations";
import { hrefWithParams } from "@/lib/utils/search-params";

/** Earned by rep and month, in one currency at a time (links switch between them). */
export function EarnedCard({
  base,
  months,
  totals,
  currencies,
  currency,
}: {
  base: string;
  months: string[];
  totals: MonthlyTotal[];
  currencies: string[];
  currency: string;
}) {
  return (
    <Card>
      <CardHeader className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <CardTitle className="text-base">Earned by rep and month</CardTitle>
          <CardDescription>
            Approved and paid commissions, net of refunds, {months[0]} to {months[months.length - 1]}.
          </CardDescription>
        </div>
        {currencies.length > 1 ? (
          <nav aria-label="Currency" className="flex gap-1">
            {currencies.map((c) => (
              <Link
                key={c}
                href={hrefWithParams(base, { currency: c })}
                aria-current={c === currency ? "page" : undefined}
              >
                <Badge variant={c === currency ? "default" : "outline"}>{c}</Badge>
              </Link>
            ))}
          </nav>
        ) : null}
      </CardHeader>
      <CardContent>
        {totals.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted-foreground">
            No commissions in the last six months yet.
          </p>
        ) : (
          <CommissionsChart totals={totals} months={months} currency={currency} />
        )}
      </CardContent>
    </Card>
  );
}
