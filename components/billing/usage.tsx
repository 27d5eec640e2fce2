import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { formatCount, formatDay } from "@/lib/billing/format";
import { usageLevel } from "@/lib/billing/notices";
import type { DailySeries, UsageRow } from "@/lib/billing/overview";
import { cn } from "@/lib/utils/cn";

const resourceLabels: Record<string, string> = {
  members: "Members and open invitations",
  workflows: "Workflows",
  bots: "Chatbots",
  executions: "Workflow runs this month",
};

function labelOf(row: UsageRow): string {
  return resourceLabels[row.resource] ?? row.label.charAt(0).toUpperCase() + row.label.slice(1);
}

/** Usage against each limit of the plan, as labelled bars; what is full or over says so in words. */
export function UsageMeters({ usage }: { usage: UsageRow[] }) {
  return (
    <ul className="flex flex-col gap-5" aria-label="Usage against the plan's limits">
      {usage.map((row) => {
        const level = usageLevel(row);
        const label = labelOf(row);
        return (
          <li key={row.resource} className="flex flex-col gap-2" data-resource={row.resource}>
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <span className="font-medium">{label}</span>
              <span className="flex items-center gap-2 text-muted-foreground tabular-nums">
                {level.state === "over" ? <Badge variant="destructive">Over the limit</Badge> : null}
                {level.state === "full" ? <Badge variant="warning">Limit reached</Badge> : null}
                <span>
                  <span className="text-foreground">{formatCount(row.used)}</span> of{" "}
                  {formatCount(row.max_allowed)}
                </span>
              </span>
            </div>
            <Progress value={row.used} max={row.max_allowed} label={label} />
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Usage per day as a bar chart: SVG bars for the eye, the same numbers in a table for screen
 * readers (and anyone who wants them), and a plain sentence when there is nothing yet.
 */
export function DailyUsageChart({ series, className }: { series: DailySeries; className?: string }) {
  const max = Math.max(0, ...series.points.map((p) => p.quantity));
  const total = series.points.reduce((sum, p) => sum + p.quantity, 0);
  const width = 600;
  const height = 160;
  const gap = 2;
  const barWidth = series.points.length > 0 ? width / series.points.length - gap : 0;
  const headingId = `usage-${series.unit}`;
  const first = series.points[0];
  const last = series.points.at(-1);

  return (
    <figure aria-labelledby={headingId} className={cn("flex flex-col gap-3", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <h3 id={headingId} className="text-sm font-medium">
          {series.label} per day
        </h3>
        <p className="text-sm text-muted-foreground tabular-nums">
          <span className="font-medium text-foreground">{formatCount(total)}</span> in {series.points.length}{" "}
          days
        </p>
      </div>
      <div className="relative rounded-lg border bg-muted/30 p-3">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          className="h-40 w-full text-primary"
          aria-hidden="true"
          focusable="false"
        >
          <line
            x1="0"
            y1={height - 0.5}
            x2={width}
            y2={height - 0.5}
            className="stroke-border"
            strokeWidth="1"
          />
          {series.points.map((point, i) => {
            const h =
              max > 0 ? Math.max(point.quantity > 0 ? 2 : 0, (point.quantity / max) * (height - 8)) : 0;
            return (
              <rect
                key={point.day}
                x={i * (barWidth + gap)}
                y={height - h}
                width={Math.max(barWidth, 1)}
                height={h}
                rx="1.5"
                className="fill-current"
              >
                <title>{`${formatDay(point.day)}: ${formatCount(point.quantity)}`}</title>
              </rect>
            );
          })}
        </svg>
        {total === 0 ? (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-muted-foreground">
            Nothing yet in this period.
          </p>
        ) : null}
      </div>
      {first && last ? (
        <figcaption className="flex justify-between text-xs text-muted-foreground">
          <span>{formatDay(first.day)}</span>
          <span>{formatDay(last.day)}</span>
        </figcaption>
      ) : null}
      <table className="sr-only">
        <caption>{series.label} per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">{series.label}</th>
          </tr>
        </thead>
        <tbody>
          {series.points.map((point) => (
            <tr key={point.day}>
              <td>{formatDay(point.day)}</td>
              <td>{formatCount(point.quantity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
