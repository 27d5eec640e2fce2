import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * THE API THE CHATBOT CONSOLE USES for a bot's analytics (as the user, under RLS: reading
 * `conversations`): conversations per day, goal completion rate, handoff rate and the questions
 * the knowledge base could not answer most often, over the last `days` days (UTC days). Test-chat
 * sessions from the console are left out.
 */

export type BotAnalytics = {
  days: number;
  conversationsPerDay: { day: string; conversations: number; goals: number; handoffs: number }[];
  totals: {
    conversations: number;
    goalsReached: number;
    handedOff: number;
    messages: number;
    /** 0–1, null when there were no conversations. */
    goalCompletionRate: number | null;
    handoffRate: number | null;
    unansweredQuestions: number;
  };
  topUnanswered: { question: string; count: number; lastAskedAt: Date }[];
};

export async function botAnalytics(
  tx: Tx,
  organizationId: string,
  botId: string,
  { days = 30 }: { days?: number } = {},
): Promise<BotAnalytics> {
  const span = Math.min(Math.max(Math.floor(days), 1), 365);
  const perDay = await tx<{ day: string; conversations: number; goals: number; handoffs: number }[]>`
    with days as (
      select generate_series((now() at time zone 'utc')::date - (${span}::int - 1), (now() at time zone 'utc')::date, '1 day')::date as day
    )
    select to_char(d.day, 'YYYY-MM-DD') as day,
           count(s.id)::int as conversations,
           count(s.id) filter (where s.goal_reached)::int as goals,
           count(s.id) filter (where s.handed_off_at is not null)::int as handoffs
    from days d
    left join public.conversation_sessions s
      on s.organization_id = ${organizationId} and s.bot_id = ${botId} and s.channel = 'web'
     and (s.started_at at time zone 'utc')::date = d.day
    group by d.day order by d.day`;
  const [totals] = await tx<
    { conversations: number; goals: number; handoffs: number; messages: number; unanswered: number }[]
  >`
    select count(*)::int as conversations,
           count(*) filter (where goal_reached)::int as goals,
           count(*) filter (where handed_off_at is not null)::int as handoffs,
           coalesce(sum(message_count), 0)::int as messages,
           (select count(*)::int from public.conversation_messages m
             join public.conversation_sessions s2 on s2.id = m.session_id
             where m.organization_id = ${organizationId} and s2.bot_id = ${botId} and s2.channel = 'web' and m.unanswered
               and m.created_at >= now() - make_interval(days => ${span}::int)) as unanswered
    from public.conversation_sessions
    where organization_id = ${organizationId} and bot_id = ${botId} and channel = 'web'
      and started_at >= (now() at time zone 'utc')::date - (${span}::int - 1)`;
  const top = await tx<{ question: string; count: number; last_asked_at: Date }[]>`
    select (array_agg(m.content order by m.created_at desc))[1] as question, count(*)::int as count,
           max(m.created_at) as last_asked_at
    from public.conversation_messages m
    join public.conversation_sessions s on s.id = m.session_id
    where m.organization_id = ${organizationId} and s.bot_id = ${botId} and s.channel = 'web' and m.unanswered
      and m.created_at >= now() - make_interval(days => ${span}::int)
    group by lower(regexp_replace(btrim(m.content), '[[:space:][:punct:]]+', ' ', 'g'))
    order by count(*) desc, max(m.created_at) desc
    limit 10`;
  const t = totals!;
  return {
    days: span,
    conversationsPerDay: perDay,
    totals: {
      conversations: t.conversations,
      goalsReached: t.goals,
      handedOff: t.handoffs,
      messages: t.messages,
      goalCompletionRate: t.conversations ? t.goals / t.conversations : null,
      handoffRate: t.conversations ? t.handoffs / t.conversations : null,
      unansweredQuestions: t.unanswered,
    },
    topUnanswered: top.map((r) => ({ question: r.question, count: r.count, lastAskedAt: r.last_asked_at })),
  };
}
