import { ExecutionStatusBadge } from "@/components/executions/execution-status-badge";
import type { ExecutionStatus } from "@/lib/executions/format";
import { catalogTemplate } from "@/lib/workflows/templates";

const RUNS: { template: string; trigger: string; status: ExecutionStatus; when: string; took: string }[] = [
  {
    template: "missed-call-text-back",
    trigger: "Webhook",
    status: "completed",
    when: "2 min ago",
    took: "0.9 s",
  },
  {
    template: "ghl-form-lead-follow-up",
    trigger: "Webhook",
    status: "waiting",
    when: "14 min ago",
    took: "2 days",
  },
  {
    template: "won-deal-celebrate-commission",
    trigger: "Event",
    status: "completed",
    when: "1 h ago",
    took: "1.3 s",
  },
  { template: "speed-to-lead", trigger: "Event", status: "completed", when: "3 h ago", took: "1.1 s" },
  {
    template: "weekly-sales-digest",
    trigger: "Schedule",
    status: "completed",
    when: "Mon 8:00",
    took: "2.4 s",
  },
];

/**
 * The runs page: workflows made from shipped templates, each run with its status, what started it,
 * when and for how long (a delay waits days without holding anything up).
 */
export function RunsPicture() {
  return (
    <figure
      data-picture="runs"
      className="overflow-hidden rounded-2xl border bg-card text-left shadow-xl shadow-primary/5"
    >
      <div aria-hidden="true">
        <div className="flex items-baseline justify-between gap-4 border-b px-4 py-3">
          <span className="font-semibold">Runs</span>
          <span className="text-xs text-muted-foreground">Live: updates as steps finish</span>
        </div>
        <ul className="divide-y text-[13px]">
          {RUNS.map((run) => (
            <li key={run.template} className="flex items-center justify-between gap-3 px-4 py-2.5">
              <span className="flex min-w-0 flex-col">
                <span className="truncate font-medium">{catalogTemplate(run.template)!.name}</span>
                <span className="text-[11px] text-muted-foreground">
                  {run.trigger} · {run.when} · {run.took}
                </span>
              </span>
              <ExecutionStatusBadge status={run.status} />
            </li>
          ))}
        </ul>
      </div>
      <figcaption className="sr-only">
        The runs page: {RUNS.length} recent runs of workflows made from templates, with their status.
      </figcaption>
    </figure>
  );
}
