"use client";

import * as React from "react";
import { isTerminal, mergeSteps, type LiveExecution, type LiveStep } from "@/lib/executions/format";

export type StreamState = {
  execution: LiveExecution | null;
  steps: LiveStep[];
  /** "live" while events arrive, "reconnecting" after a dropped connection, "ended" once final. */
  connection: "idle" | "connecting" | "live" | "reconnecting" | "ended" | "unavailable";
};

/**
 * Follows a run through its event stream (app/api/executions/[id]/events): a snapshot first, then
 * only what changed. EventSource reconnects by itself after a dropped connection, and the server
 * sends a fresh snapshot then. Pass `initial` (the server-rendered state) to show it at once; a run
 * that has already finished is not streamed at all. A null id follows nothing.
 */
export function useExecutionStream(
  executionId: string | null,
  initial?: { execution: LiveExecution; steps: LiveStep[] },
): StreamState {
  const [state, setState] = React.useState<StreamState>(() => ({
    execution: initial?.execution ?? null,
    steps: initial?.steps ?? [],
    connection: initial && isTerminal(initial.execution.status) ? "ended" : "idle",
  }));
  const [trackedId, setTrackedId] = React.useState(executionId);
  if (trackedId !== executionId) {
    setTrackedId(executionId);
    setState({ execution: null, steps: [], connection: "idle" });
  }
  const finishedAtStart = Boolean(initial && isTerminal(initial.execution.status));

  React.useEffect(() => {
    if (!executionId || finishedAtStart) return;
    const source = new EventSource(`/api/executions/${executionId}/events`);
    let ended = false;
    source.onopen = () => setState((s) => (s.connection === "idle" ? { ...s, connection: "connecting" } : s));
    source.addEventListener("snapshot", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as {
        execution: LiveExecution;
        steps: LiveStep[];
      };
      setState({ execution: data.execution, steps: mergeSteps([], data.steps), connection: "live" });
    });
    source.addEventListener("update", (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as {
        execution?: LiveExecution;
        steps: LiveStep[];
      };
      setState((s) => ({
        execution: data.execution ?? s.execution,
        steps: mergeSteps(s.steps, data.steps),
        connection: "live",
      }));
    });
    const finish = (connection: StreamState["connection"]) => {
      ended = true;
      source.close();
      setState((s) => ({ ...s, connection }));
    };
    source.addEventListener("end", () => finish("ended"));
    source.addEventListener("gone", () => finish("unavailable"));
    source.onerror = () => {
      if (ended) return;
      // CLOSED: the server refused (404, 401): EventSource gives up. Otherwise it retries.
      if (source.readyState === EventSource.CLOSED) finish("unavailable");
      else setState((s) => ({ ...s, connection: "reconnecting" }));
    };
    return () => source.close();
  }, [executionId, finishedAtStart]);

  return state;
}
