import { Send } from "lucide-react";
import { ActionButton } from "@/components/forms/action-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import {
  Table,
  TableActionsHead,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { replayWebhookDeliveryAction } from "@/lib/webhooks/actions";
import type { WebhookDelivery } from "@/lib/webhooks/schemas";

const STATUS = {
  pending: { label: "Queued", variant: "secondary" },
  sending: { label: "Sending", variant: "secondary" },
  retrying: { label: "Retrying", variant: "warning" },
  succeeded: { label: "Delivered", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
} as const;

/** An endpoint's deliveries, newest first: the last attempt's answer, and "Send again". */
export function WebhookDeliveriesTable({
  slug,
  deliveries,
  canReplay,
}: {
  slug: string;
  deliveries: WebhookDelivery[];
  canReplay: boolean;
}) {
  if (deliveries.length === 0) {
    return (
      <EmptyState
        icon={Send}
        title="No deliveries yet"
        description="Events sent to this endpoint appear here with the answer they got. Send a test event to try it."
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Event</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Answer</TableHead>
          <TableHead className="hidden sm:table-cell">Attempts</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          {canReplay ? <TableActionsHead className="w-28" /> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.map((d) => {
          const status = STATUS[d.status];
          return (
            <TableRow key={d.id}>
              <TableCell>
                <code className="font-mono text-[13px]">{d.event_type}</code>
                {d.replay_of ? <span className="block text-xs text-muted-foreground">Sent again</span> : null}
              </TableCell>
              <TableCell>
                <Badge variant={status.variant}>{status.label}</Badge>
                {d.status === "retrying" ? (
                  <span className="block text-xs text-muted-foreground">
                    next <RelativeTime date={d.next_attempt_at} />
                  </span>
                ) : null}
              </TableCell>
              <TableCell className="max-w-80 text-sm">
                <details>
                  <summary className="cursor-pointer rounded-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                    {d.response_status ? `HTTP ${d.response_status}` : d.error ? "No answer" : "Not sent yet"}
                    {d.duration_ms !== null ? ` · ${d.duration_ms} ms` : ""}
                  </summary>
                  {d.error ? <p className="mt-1.5 text-destructive">{d.error}</p> : null}
                  {d.response_body ? (
                    <pre className="mt-1.5 max-h-40 overflow-auto rounded-md bg-muted p-2 text-xs break-all whitespace-pre-wrap">
                      {d.response_body}
                    </pre>
                  ) : null}
                </details>
              </TableCell>
              <TableCell className="hidden sm:table-cell">{d.attempts}</TableCell>
              <TableCell className="hidden md:table-cell">
                <RelativeTime date={d.created_at} />
              </TableCell>
              {canReplay ? (
                <TableCell className="text-right">
                  {d.status === "succeeded" || d.status === "failed" ? (
                    <ActionButton
                      action={replayWebhookDeliveryAction}
                      fields={{ organization: slug, id: d.id }}
                      variant="ghost"
                      size="sm"
                      pendingLabel="Sending…"
                      aria-label={`Send ${d.event_type} again`}
                    >
                      Send again
                    </ActionButton>
                  ) : null}
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
