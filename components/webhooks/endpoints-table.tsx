import Link from "next/link";
import { Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { WebhookEndpoint } from "@/lib/webhooks/schemas";

export function endpointHealth(endpoint: WebhookEndpoint) {
  if (endpoint.status === "disabled") return { label: "Off", variant: "secondary" } as const;
  if (endpoint.failing_since) return { label: "Failing", variant: "destructive" } as const;
  return { label: "On", variant: "success" } as const;
}

export function eventsLabel(events: string[]): string {
  if (events.includes("*")) return "All events";
  return events.length === 1 ? events[0]! : `${events.length} events`;
}

/** The organization's webhook endpoints, newest first, each linking to its deliveries. */
export function WebhookEndpointsTable({ slug, endpoints }: { slug: string; endpoints: WebhookEndpoint[] }) {
  if (endpoints.length === 0) {
    return (
      <EmptyState
        icon={Webhook}
        title="No endpoints yet"
        description="Add a URL to have Orgflow tell your other tools (Zapier, Make, n8n, your own code) when things happen."
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>URL</TableHead>
          <TableHead>Events</TableHead>
          <TableHead className="hidden md:table-cell">Last success</TableHead>
          <TableHead>Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {endpoints.map((endpoint) => {
          const health = endpointHealth(endpoint);
          return (
            <TableRow key={endpoint.id}>
              <TableCell className="max-w-72">
                <Link
                  href={`/o/${slug}/settings/webhooks/${endpoint.id}`}
                  className="block truncate font-medium underline-offset-4 hover:underline"
                >
                  {endpoint.url}
                </Link>
                {endpoint.description ? (
                  <span className="block truncate text-xs text-muted-foreground">{endpoint.description}</span>
                ) : null}
              </TableCell>
              <TableCell className="text-sm">{eventsLabel(endpoint.events)}</TableCell>
              <TableCell className="hidden md:table-cell">
                {endpoint.last_success_at ? <RelativeTime date={endpoint.last_success_at} /> : "Never"}
              </TableCell>
              <TableCell>
                <Badge variant={health.variant}>{health.label}</Badge>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
