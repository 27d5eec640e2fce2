import type { Metadata } from "next";
import Link from "next/link";
import { AnalyticsView } from "@/components/chatbots/analytics-view";
import { BotHeader } from "@/components/chatbots/bot-header";
import { Alert } from "@/components/ui/alert";
import { botAnalytics } from "@/lib/chatbots/analytics";
import { requireBotPage } from "@/lib/chatbots/console-pages";
import { can } from "@/lib/organizations/can";
import { cn } from "@/lib/utils/cn";
import { firstParam, type SearchParams } from "@/lib/utils/search-params";

type Props = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<SearchParams> };

const PERIODS = [7, 30, 90] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { bot } = await requireBotPage(slug, id, "/analytics");
  return { title: `${bot.name} · Analytics` };
}

/** A bot's conversations per day, goal completion and handoff rates, and top unanswered questions. */
export default async function BotAnalyticsPage({ params, searchParams }: Props) {
  const [{ slug, id }, search] = await Promise.all([params, searchParams]);
  const { org, bot, read } = await requireBotPage(slug, id, "/analytics");
  const days = PERIODS.find((p) => String(p) === firstParam(search.days)) ?? 30;
  const path = `/o/${slug}/bots/${bot.id}/analytics`;
  if (!can(org, "conversations", "read")) {
    return (
      <div className="flex flex-col gap-6">
        <BotHeader slug={slug} bot={bot} active="analytics" />
        <Alert variant="info">
          Analytics come from conversations, which your role does not allow you to read.
        </Alert>
      </div>
    );
  }
  const stats = await read((tx) => botAnalytics(tx, org.organization.id, bot.id, { days }));
  return (
    <div className="flex flex-col gap-6">
      <BotHeader slug={slug} bot={bot} active="analytics" />
      <nav aria-label="Period" className="flex gap-1">
        {PERIODS.map((p) => (
          <Link
            key={p}
            href={`${path}?days=${p}`}
            aria-current={p === days ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              p === days ? "bg-secondary text-secondary-foreground" : "text-muted-foreground hover:bg-accent",
            )}
          >
            Last {p} days
          </Link>
        ))}
      </nav>
      <AnalyticsView
        periodLabel={`Last ${days} days (UTC), website conversations only`}
        days={stats.conversationsPerDay.map((d) => ({ date: d.day, conversations: d.conversations }))}
        summary={{
          conversations: stats.totals.conversations,
          goalsReached: stats.totals.goalsReached,
          handedOff: stats.totals.handedOff,
        }}
        unanswered={stats.topUnanswered.map((q) => ({ question: q.question, count: q.count }))}
      />
    </div>
  );
}
