import Link from "next/link";
import { Bot } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AgentSummary } from "@/lib/agents/schemas";
import { formatUsd } from "./format";

/** The organization's agents, by name, with their runs and what they cost so far. */
export function AgentsTable({
  slug,
  agents,
  action,
}: {
  slug: string;
  agents: AgentSummary[];
  /** The empty state's call to action (New agent), for those who may create one. */
  action?: React.ReactNode;
}) {
  if (agents.length === 0) {
    return (
      <EmptyState
        icon={Bot}
        title="No agents yet"
        description="An agent is an AI helper you define once (its instructions, model and tools) and use in the playground and in any workflow's AI step."
        action={action}
      />
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Agent</TableHead>
          <TableHead className="hidden md:table-cell">Model</TableHead>
          <TableHead className="text-right">Runs</TableHead>
          <TableHead className="text-right">Cost</TableHead>
          <TableHead className="hidden md:table-cell">Last run</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {agents.map((agent) => (
          <TableRow key={agent.id}>
            <TableCell className="max-w-72">
              <Link
                href={`/o/${slug}/agents/${agent.id}`}
                className="block truncate font-medium underline-offset-4 hover:underline"
              >
                {agent.name}
              </Link>
              <span className="block truncate text-xs text-muted-foreground">
                Version {agent.version}
                {agent.description ? ` · ${agent.description}` : ""}
              </span>
            </TableCell>
            <TableCell className="hidden text-sm md:table-cell">{agent.model ?? "Server default"}</TableCell>
            <TableCell className="text-right tabular-nums">{agent.runs}</TableCell>
            <TableCell className="text-right tabular-nums">{formatUsd(agent.cost_usd)}</TableCell>
            <TableCell className="hidden md:table-cell">
              {agent.last_run_at ? <RelativeTime date={agent.last_run_at} /> : "Never"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
