"use client";

import * as React from "react";
import type { LiveStep } from "@/lib/executions/format";
import { StepReplay, type Precedes } from "@/lib/executions/replay";

/**
 * A run's steps as the canvas shows them over time (lib/executions/replay.ts): quick steps that
 * arrived done at once are shown running one after another, parallel branches side by side.
 */
export function useStepReplay(
  executionId: string,
  steps: readonly LiveStep[],
  precedes: Precedes | null = null,
): LiveStep[] {
  // The caller passes the graph as it was when the run started (a stable function), so edits made
  // while the run goes on don't reorder its replay.
  const replay = React.useMemo(
    () => (executionId ? new StepReplay(undefined, precedes) : null),
    [executionId, precedes],
  );
  const [shown, setShown] = React.useState<LiveStep[]>([]);
  React.useEffect(() => {
    if (!replay) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const view = replay.view(steps, Date.now());
      setShown(view.steps);
      if (view.nextAt !== null) timer = setTimeout(tick, Math.max(0, view.nextAt - Date.now()));
    };
    tick();
    return () => clearTimeout(timer);
  }, [replay, steps]);
  return shown;
}
