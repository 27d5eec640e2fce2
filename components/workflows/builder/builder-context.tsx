"use client";

import * as React from "react";
import type { Problem } from "@/lib/workflows/graph";
import type { ProblemsStore } from "./problems-store";

export type BuilderContextValue = {
  readOnly: boolean;
  problems: ProblemsStore;
};

export const BuilderContext = React.createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = React.useContext(BuilderContext);
  if (!value) throw new Error("useBuilder() must be used inside the workflow builder");
  return value;
}

/** The problems of one step; re-renders only when they change. */
export function useNodeProblems(nodeId: string): readonly Problem[] {
  const { problems } = useBuilder();
  return React.useSyncExternalStore(
    problems.subscribe,
    () => problems.get(nodeId),
    () => problems.get(nodeId),
  );
}
