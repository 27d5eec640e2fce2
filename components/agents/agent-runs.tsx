import Link from "next/link";
import { History } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AgentRun, AgentTotals } from "@/lib/agents/schemas";
import { formatDuration, formatUsd } from "./format";

const SOURCES = { playground: "Playground", workflow: "Workflow", bot: "Chatbot" } as const;

function inputText(input: unknown): string {
  const text = (input as { input?: unknown } | null)?.input;
  return typeof text === "string" ? text : "";
}

function outputText(run: AgentRun): string {
  if (run.status === "failed") return run.error ?? "Failed";
  const output = run.output as { text?: unknown } | null;
  return typeof output?.text === "string" ? output.text : "";
}

/** An agent's runs, newest first, under their totals (all runs, not only the page shown). */
export function AgentRuns({ slug, runs, totals }: { slug: string; runs: AgentRun[]; totals: AgentTotals }) {
  return (
    <section aria-labelledby="runs-heading" className="flex flex-col gap-3">
      <h2 id="runs-heading" className="text-base font-semibold">
        Runs
      </h2>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" aria-label="Totals">
        {[
          ["Runs", `${totals.runs}${totals.failed ? ` (${totals.failed} failed)` : ""}`],
          ["Tokens", `${totals.tokens_in} in, ${totals.tokens_out} out`],
          ["Cost", formatUsd(totals.cost_usd)],
          ["Average latency", formatDuration(totals.avg_duration_ms)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border p-3">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {runs.length === 0 ? (
        <EmptyState
          icon={History}
          title="No runs yet"
          description="Runs from the playground and from workflow steps appear here with their tokens and cost."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>From</TableHead>
              <TableHead className="hidden md:table-cell">Input → answer</TableHead>
              <TableHead className="text-right">Tokens</TableHead>
              <TableHead className="text-right">Cost</TableHead>
              <TableHead className="hidden text-right sm:table-cell">Latency</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.map((run) => (
              <TableRow key={run.id}>
                <TableCell className="whitespace-nowrap">
                  <RelativeTime date={run.created_at} />
                  <span className="block text-xs text-muted-foreground">v{run.agent_version ?? "?"}</span>
                </TableCell>
                <TableCell>
                  {run.execution_id ? (
                    <Link
                      className="underline-offset-4 hover:underline"
                      href={`/o/${slug}/runs/${run.execution_id}`}
                    >
                      {SOURCES[run.source]}
                    </Link>
                  ) : (
                    SOURCES[run.source]
                  )}
                  {run.status === "failed" ? (
                    <Badge variant="destructive" className="ml-2">
                      Failed
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell className="hidden max-w-96 md:table-cell">
                  <span className="block truncate text-xs text-muted-foreground">{inputText(run.input)}</span>
                  <span className="block truncate text-sm">{outputText(run)}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{run.tokens_in + run.tokens_out}</TableCell>
                <TableCell className="text-right tabular-nums">{formatUsd(run.cost_usd)}</TableCell>
                <TableCell className="hidden text-right tabular-nums sm:table-cell">
                  {formatDuration(run.duration_ms)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
