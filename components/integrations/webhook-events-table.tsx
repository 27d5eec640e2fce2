import Link from "next/link";
import { Inbox } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { WebhookEventRow, WebhookEventStatus } from "@/lib/integrations/integrations";
import { WEBHOOK_EVENT_STATUSES } from "@/lib/integrations/integrations";
import { cn } from "@/lib/utils/cn";
import { hrefWithParams } from "@/lib/utils/search-params";
import { RetryEventButton } from "./integration-actions";
import { EVENT_STATUS_LABELS, EventStatusBadge, SIGNATURE_LABELS } from "./status";

/** Filter links by status, with counts; the current one is marked for assistive technology. */
export function EventStatusFilter({
  path,
  current,
  counts,
}: {
  path: string;
  current: WebhookEventStatus | undefined;
  counts: Record<WebhookEventStatus, number>;
}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const items: { status: WebhookEventStatus | undefined; label: string; n: number }[] = [
    { status: undefined, label: "All", n: total },
    ...WEBHOOK_EVENT_STATUSES.map((s) => ({ status: s, label: EVENT_STATUS_LABELS[s], n: counts[s] })),
  ];
  return (
    <nav aria-label="Filter events by status" className="flex flex-wrap gap-1.5">
      {items.map((item) => {
        const active = item.status === current;
        return (
          <Link
            key={item.label}
            href={hrefWithParams(path, { status: item.status })}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-full border px-3 py-1 text-[13px] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              active
                ? "border-primary bg-primary/10 font-medium text-primary"
                : "text-muted-foreground hover:bg-accent",
            )}
          >
            {item.label} <span className="tabular-nums">{item.n}</span>
          </Link>
        );
      })}
    </nav>
  );
}

/** The integration's recent webhook deliveries: what arrived, how it was signed, what happened. */
export function WebhookEventsTable({
  slug,
  integrationId,
  events,
  canRetry,
  filtered,
}: {
  slug: string;
  integrationId: string;
  events: WebhookEventRow[];
  canRetry: boolean;
  filtered: boolean;
}) {
  if (events.length === 0) {
    return (
      <EmptyState
        icon={Inbox}
        title={filtered ? "No events with this status" : "No webhooks received yet"}
        description={
          filtered
            ? "Choose another status above."
            : "Paste the webhook URL into GoHighLevel, or send a test event, and deliveries show up here."
        }
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Event</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden md:table-cell">Signature</TableHead>
          <TableHead>Received</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((e) => (
          <TableRow key={e.id} className="align-top">
            <TableCell className="max-w-[22rem]">
              <span className="block font-medium">{e.event_type ?? "Unknown"}</span>
              {e.webhook_id ? (
                <code className="block truncate text-xs text-muted-foreground" title={e.webhook_id}>
                  {e.webhook_id}
                </code>
              ) : null}
              {e.reason ? (
                <p className="mt-1 text-[13px] text-pretty text-muted-foreground">{e.reason}</p>
              ) : null}
              {typeof e.result.transactionId === "string" ? (
                <p className="mt-1 text-[13px] text-muted-foreground">
                  Sale recorded
                  {typeof e.result.calculations === "number"
                    ? `, ${e.result.calculations} commission line(s)`
                    : ""}
                  .
                </p>
              ) : null}
            </TableCell>
            <TableCell>
              <div className="flex flex-col items-start gap-1">
                <EventStatusBadge status={e.status} />
                {e.deliveries > 1 ? (
                  <span className="text-xs text-muted-foreground">{e.deliveries} deliveries</span>
                ) : null}
                {canRetry && e.status === "failed" ? (
                  <RetryEventButton slug={slug} integrationId={integrationId} eventId={e.id} />
                ) : null}
              </div>
            </TableCell>
            <TableCell className="hidden text-[13px] text-muted-foreground md:table-cell">
              {SIGNATURE_LABELS[e.signature] ?? e.signature}
            </TableCell>
            <TableCell className="text-[13px]">
              <RelativeTime date={e.received_at} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
