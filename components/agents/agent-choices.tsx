"use client";

import * as React from "react";

/**
 * The organization's agents for the workflow step's agent picker: the builder page reads them
 * (when the member may read agents) and provides them here, so the shared config form needs no
 * organization data of its own.
 */
export type AgentChoice = { id: string; name: string };

const AgentChoicesContext = React.createContext<readonly AgentChoice[] | null>(null);

export function AgentChoicesProvider({
  agents,
  children,
}: {
  agents: readonly AgentChoice[] | null;
  children: React.ReactNode;
}) {
  return <AgentChoicesContext.Provider value={agents}>{children}</AgentChoicesContext.Provider>;
}

/** The agents, or null where the member may not read them (the picker says so). */
export function useAgentChoices(): readonly AgentChoice[] | null {
  return React.useContext(AgentChoicesContext);
}
