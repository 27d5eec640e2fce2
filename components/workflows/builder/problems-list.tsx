"use client";

import { CircleCheck, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import type { Problem } from "@/lib/workflows/graph";

/**
 * Everything that stops the workflow from being published (errors) or looks wrong (warnings).
 * Choosing one selects its step, shows it on the canvas and focuses the field to fix.
 */
export function ProblemsList({
  problems,
  labelOf,
  onShow,
}: {
  problems: readonly Problem[];
  labelOf: (nodeId: string) => string;
  onShow: (problem: Problem) => void;
}) {
  if (problems.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 p-6 text-center text-sm text-muted-foreground">
        <CircleCheck className="size-6 text-success" aria-hidden="true" />
        No problems. The workflow is ready to publish.
      </div>
    );
  }
  const sorted = [...problems].sort(
    (a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"),
  );
  return (
    <ul className="flex flex-col gap-1 p-2" aria-label="Problems">
      {sorted.map((problem, i) => (
        <li key={i}>
          <button
            type="button"
            disabled={!problem.nodeId && !problem.edgeId}
            onClick={() => onShow(problem)}
            className="flex w-full items-start gap-2 rounded-md px-2 py-2 text-left text-[13px] outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:hover:bg-transparent"
          >
            <TriangleAlert
              className={cn(
                "mt-0.5 size-4 shrink-0",
                problem.severity === "error" ? "text-destructive" : "text-warning",
              )}
              aria-label={problem.severity === "error" ? "Error" : "Warning"}
            />
            <span className="min-w-0">
              {problem.nodeId ? (
                <span className="block font-medium">
                  {labelOf(problem.nodeId)}
                  {problem.field ? (
                    <span className="font-normal text-muted-foreground"> · {problem.field}</span>
                  ) : null}
                </span>
              ) : null}
              <span className="block text-muted-foreground">{problem.message}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
