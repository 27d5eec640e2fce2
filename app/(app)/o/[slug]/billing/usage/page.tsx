import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { DailyUsageChart, UsageMeters } from "@/components/billing/usage";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDailyUsage, getPlanStateCached } from "@/lib/billing/overview";
import { requireOrganizationPage } from "@/lib/organizations/page";

export const metadata: Metadata = { title: "Usage" };

const DAYS = 30;

/** Usage against the plan's limits now, and workflow runs and agent tokens over the last 30 days. */
export default async function UsagePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { claims, org, read } = await requireOrganizationPage(slug, { path: "/billing/usage" });
  const [state, series] = await Promise.all([
    getPlanStateCached(claims, org.organization.id),
    read((tx) => getDailyUsage(tx, org.organization.id, DAYS)),
  ]);
  if (!state) notFound();

  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title="Usage"
        description={`What ${org.organization.name} uses of its ${state.status.plan_name} plan. Days are in UTC.`}
        actions={
          <Button asChild variant="ghost" size="sm">
            <Link href={`/o/${slug}/billing`}>
              <ArrowLeft aria-hidden="true" />
              Billing
            </Link>
          </Button>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Against your limits</CardTitle>
          <CardDescription>Workflow runs count from the first of the month.</CardDescription>
        </CardHeader>
        <CardContent>
          <UsageMeters usage={state.usage} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">The last {DAYS} days</CardTitle>
          <CardDescription>Test runs from the workflow builder are not counted.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-8 lg:grid-cols-2">
          {series.map((s) => (
            <DailyUsageChart key={s.unit} series={s} />
          ))}
        </CardContent>
      </Card>
    </div>
  );
}
