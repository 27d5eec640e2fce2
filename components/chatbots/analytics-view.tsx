import { MessageCircleQuestion } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export type AnalyticsDay = { date: string; conversations: number };
export type AnalyticsSummary = {
  conversations: number;
  goalsReached: number;
  handedOff: number;
};
export type UnansweredQuestion = { question: string; count: number; lastAskedAt?: string };

const percent = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "–";

/** A bot's figures for a period: plain SVG and CSS, no chart library. */
export function AnalyticsView({
  days,
  summary,
  unanswered,
  periodLabel,
}: {
  days: readonly AnalyticsDay[];
  summary: AnalyticsSummary;
  unanswered: readonly UnansweredQuestion[];
  periodLabel: string;
}) {
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid gap-3 sm:grid-cols-3">
        <Stat label="Conversations" value={String(summary.conversations)} note={periodLabel} />
        <Stat
          label="Goal completion rate"
          value={percent(summary.goalsReached, summary.conversations)}
          note={`${summary.goalsReached} reached the goal`}
        />
        <Stat
          label="Handoff rate"
          value={percent(summary.handedOff, summary.conversations)}
          note={`${summary.handedOff} handed off to a person`}
        />
      </dl>
      <Card>
        <CardHeader>
          <CardTitle>Conversations per day</CardTitle>
          <CardDescription>{periodLabel}</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyBars days={days} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Top unanswered questions</CardTitle>
          <CardDescription>
            What visitors asked that the knowledge base could not answer: add it to the knowledge base.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {unanswered.length === 0 ? (
            <EmptyState
              icon={MessageCircleQuestion}
              title="Nothing unanswered"
              description="Every question in this period found an answer."
            />
          ) : (
            <ol className="flex flex-col divide-y" aria-label="Unanswered questions">
              {unanswered.map((q, i) => (
                <li key={i} className="flex items-center justify-between gap-4 py-2 text-sm">
                  <span className="min-w-0 break-words">{q.question}</span>
                  <span className="shrink-0 rounded-full bg-muted px-2 py-0.5 text-xs text-muted-foreground tabular-nums">
                    {q.count}×
                  </span>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function Stat({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="rounded-xl border bg-card p-4 shadow-xs">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
      <dd className="text-xs text-muted-foreground">{note}</dd>
    </div>
  );
}

/** One bar per day, scaled to the busiest; the table underneath is what screen readers get. */
export function DailyBars({ days }: { days: readonly AnalyticsDay[] }) {
  const max = Math.max(1, ...days.map((d) => d.conversations));
  const width = 100 / Math.max(1, days.length);
  const total = days.reduce((sum, d) => sum + d.conversations, 0);
  return (
    <figure className="flex flex-col gap-2">
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" className="h-40 w-full" aria-hidden="true">
        <line x1="0" y1="40" x2="100" y2="40" className="stroke-border" strokeWidth="0.3" />
        {days.map((d, i) => {
          const h = (d.conversations / max) * 38;
          return (
            <rect
              key={d.date}
              x={i * width + width * 0.15}
              y={40 - h}
              width={width * 0.7}
              height={h}
              rx="0.4"
              className="fill-primary"
            >
              <title>{`${d.date}: ${d.conversations}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="flex justify-between text-[11px] text-muted-foreground" aria-hidden="true">
        <span>{days[0]?.date}</span>
        <span>peak {max === 1 && total === 0 ? 0 : max} / day</span>
        <span>{days.at(-1)?.date}</span>
      </div>
      <figcaption className="sr-only">
        <table>
          <caption>Conversations per day</caption>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date}</th>
                <td>{d.conversations}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
