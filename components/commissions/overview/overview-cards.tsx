import Link from "next/link";
import { Money } from "@/components/commissions/money";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

/** What waits for approval (per currency) and the way to the statements. */
export function OverviewCards({
  base,
  pending,
}: {
  base: string;
  pending: { currency: string; n: number; total: string }[];
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle className="text-sm font-medium text-muted-foreground">Waiting for approval</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-1">
          {pending.length === 0 ? (
            <p className="text-xl font-semibold">Nothing</p>
          ) : (
            pending.map((p) => (
              <p key={p.currency} className="text-xl font-semibold">
                <Money minor={p.total} currency={p.currency} />{" "}
                <span className="text-sm font-normal text-muted-foreground">in {p.n} lines</span>
              </p>
            ))
          )}
          <Link
            href={`${base}/approvals`}
            className="text-sm text-primary underline-offset-4 hover:underline"
          >
            Open the approval queue
          </Link>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-sm font-medium text-muted-foreground">Statements</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-1">
          <p className="text-sm">Every line with the math behind it, and every payout.</p>
          <Link
            href={`${base}/statements`}
            className="text-sm text-primary underline-offset-4 hover:underline"
          >
            Open statements
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
