import Link from "next/link";
import {
  ArrowRight,
  Bot,
  Coins,
  Contact,
  History,
  Play,
  UsersRound,
  Workflow,
  type LucideIcon,
} from "lucide-react";
import { AuditEntryItem } from "@/components/organizations/audit-entry";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import type { AuditEntry } from "@/lib/organizations/audit-log";
import type { DashboardCounts } from "@/lib/organizations/dashboard";
import type { Organization } from "@/lib/organizations/schema";

const numberFormat = new Intl.NumberFormat("en-US");

type Stat = { label: string; value: number; icon: LucideIcon; href?: string };

/** The headline counts of an organization, linking to where each lives when the member may go. */
export function StatGrid({
  counts,
  slug,
  links,
}: {
  counts: DashboardCounts;
  slug: string;
  links: { members: boolean; team: boolean };
}) {
  const stats: Stat[] = [
    {
      label: "Members",
      value: counts.members,
      icon: UsersRound,
      href: links.members ? `/o/${slug}/members` : undefined,
    },
    {
      label: "Team members",
      value: counts.teamMembers,
      icon: Contact,
      href: links.team ? `/o/${slug}/team` : undefined,
    },
    { label: "Workflows", value: counts.workflows, icon: Workflow },
    { label: "Chatbots", value: counts.bots, icon: Bot },
    { label: "Executions this month", value: counts.executionsThisMonth, icon: Play },
    { label: "Commissions pending", value: counts.commissionsPending, icon: Coins },
  ];
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading" className="sr-only">
        At a glance
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3">
        {stats.map(({ label, value, icon: Icon, href }) => {
          const body = (
            <>
              <span className="flex items-center justify-between gap-2 text-[13px] text-muted-foreground">
                {label}
                <Icon className="size-4 shrink-0" aria-hidden="true" />
              </span>
              <span className="text-2xl font-semibold tracking-tight tabular-nums">
                {numberFormat.format(value)}
              </span>
            </>
          );
          return (
            <li key={label}>
              {href ? (
                <Link
                  href={href}
                  className="flex h-full flex-col gap-2 rounded-xl border bg-card p-4 shadow-xs transition-colors outline-none hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {body}
                </Link>
              ) : (
                <div className="flex h-full flex-col gap-2 rounded-xl border bg-card p-4 shadow-xs">
                  {body}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What the plan allows and how much of it is used, as bars. */
export function UsageCard({ organization, counts }: { organization: Organization; counts: DashboardCounts }) {
  const rows = [
    { label: "Members", used: counts.members, max: organization.max_users },
    { label: "Workflows", used: counts.workflows, max: organization.max_workflows },
    { label: "Chatbots", used: counts.bots, max: organization.max_bots },
    {
      label: "Executions this month",
      used: counts.executionsThisMonth,
      max: organization.max_executions_per_month,
    },
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Plan usage</CardTitle>
        <CardDescription>
          On the{" "}
          <span className="font-medium text-foreground capitalize">{organization.subscription_plan}</span>{" "}
          plan. Bars turn amber near a limit and red at it.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {rows.map(({ label, used, max }) => (
          <div key={label} className="flex flex-col gap-2">
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span>{label}</span>
              <span className="text-muted-foreground tabular-nums">
                <span className="font-medium text-foreground">{numberFormat.format(used)}</span> of{" "}
                {numberFormat.format(max)}
              </span>
            </div>
            <Progress value={used} max={max} label={`${label} used`} />
          </div>
        ))}
      </CardContent>
    </Card>
  );
}

/** The last changes in the organization, for members who may read the audit log. */
export function RecentActivity({ entries, slug }: { entries: AuditEntry[]; slug: string }) {
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="flex flex-col gap-1.5">
          <CardTitle className="text-base">Recent activity</CardTitle>
          <CardDescription>The latest changes, newest first.</CardDescription>
        </div>
        <Button asChild variant="ghost" size="sm" className="shrink-0">
          <Link href={`/o/${slug}/audit-log`}>
            View all
            <ArrowRight aria-hidden="true" />
          </Link>
        </Button>
      </CardHeader>
      <CardContent>
        {entries.length === 0 ? (
          <EmptyState
            icon={History}
            title="Nothing yet"
            description="Changes to members, the team and settings show up here."
          />
        ) : (
          <ol className="-my-3 divide-y">
            {entries.map((entry) => (
              <li key={entry.id}>
                <AuditEntryItem entry={entry} />
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
