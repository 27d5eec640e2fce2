import type { Metadata } from "next";
import Link from "next/link";
import { ArrowRight, Bot, Coins, UsersRound, Workflow } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UserAvatar } from "@/components/ui/avatar";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

const comingUp = [
  { icon: Workflow, title: "Automations", body: "AI-assisted workflows on a visual canvas." },
  { icon: Bot, title: "Chatbots", body: "Answers from your own knowledge base." },
  { icon: Coins, title: "Commissions", body: "From GoHighLevel payments to payouts." },
] as const;

export default async function DashboardPage() {
  const user = await getCurrentUser();
  const firstName = user.displayName.split(/\s+/)[0] || user.displayName;

  return (
    <div className="flex flex-col gap-8">
      <PageHeader title="Dashboard" description="An overview of your workspace." />

      <Card className="overflow-hidden">
        <div className="flex flex-col gap-5 bg-gradient-to-br from-primary/10 via-transparent to-transparent p-6 sm:flex-row sm:items-center sm:justify-between sm:p-8">
          <div className="flex items-center gap-4">
            <UserAvatar name={user.displayName} src={user.avatarUrl} className="size-12 text-sm" />
            <div className="flex min-w-0 flex-col gap-1">
              <h2 className="truncate text-xl font-semibold tracking-tight">Welcome, {firstName}!</h2>
              <p className="text-sm text-muted-foreground">
                You&apos;re signed in as <span className="font-medium text-foreground">{user.email}</span>.
              </p>
            </div>
          </div>
          <Button asChild variant="outline" className="w-full sm:w-auto">
            <Link href="/profile">
              Edit your profile
              <ArrowRight aria-hidden="true" />
            </Link>
          </Button>
        </div>
      </Card>

      <EmptyState
        icon={UsersRound}
        title="No organization yet"
        description="Organizations, where your team, automations and commissions live, are on their way. You'll create your first one here."
      />

      <section aria-labelledby="coming-up" className="flex flex-col gap-4">
        <h2 id="coming-up" className="text-sm font-medium text-muted-foreground">
          Coming to your workspace
        </h2>
        <ul className="grid gap-4 sm:grid-cols-3">
          {comingUp.map(({ icon: Icon, title, body }) => (
            <li key={title}>
              <Card className="h-full">
                <CardHeader className="pb-6">
                  <span className="mb-2 flex size-9 items-center justify-center rounded-lg bg-primary/10 text-primary">
                    <Icon className="size-5" aria-hidden="true" />
                  </span>
                  <CardTitle as="h3" className="text-base">
                    {title}
                  </CardTitle>
                  <CardDescription>{body}</CardDescription>
                </CardHeader>
              </Card>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
