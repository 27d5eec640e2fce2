"use client";

import * as React from "react";
import type { Problem } from "@/lib/workflows/graph";
import type { ProblemsStore } from "./problems-store";
import type { RunOverlayStore } from "./run-overlay-store";

export type BuilderContextValue = {
  readOnly: boolean;
  problems: ProblemsStore;
  /** The manual run shown on the canvas (run-overlay.tsx); absent where no run can be shown. */
  run?: RunOverlayStore;
  /** The workflow's webhook URL, for the webhook step's panel; null when the member may not see it. */
  webhook?: BuilderWebhook | null;
};

/**
 * The webhook URL as the builder knows it: the part before the token, the live token's prefix
 * (null: no URL yet), the whole URLs only right after this member made them (shown once), and
 * the action that makes a new one (rotating: the old one stops working at once).
 */
export type BuilderWebhook = {
  base: string;
  prefix: string | null;
  createdAt: string | null;
  revealed: { url: string; testUrl: string } | null;
  rotate: () => Promise<void>;
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
