"use client";

import * as React from "react";
import { useAgentChoices } from "@/components/agents/agent-choices";
import { NativeSelect } from "@/components/ui/select";

/**
 * The AI step's agent picker: "None" keeps the step's own prompt and model. The field's id and
 * aria attributes (from FormField) go to the select, so its label names it.
 */
export function AgentSelect({
  value,
  onChange,
  ...control
}: { value: string; onChange: (value: string) => void } & Omit<
  React.ComponentProps<"select">,
  "value" | "onChange"
>) {
  const agents = useAgentChoices() ?? [];
  const known = value === "" || agents.some((a) => a.id === value);
  return (
    <NativeSelect {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">None: write the prompt here</option>
      {known ? null : <option value={value}>An agent you cannot see</option>}
      {agents.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </NativeSelect>
  );
}
