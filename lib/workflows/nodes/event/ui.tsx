import { Zap } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { OPPORTUNITY_STATUSES, WORKFLOW_EVENTS } from ".";

export const eventUi = defineNodeUi({
  icon: Zap,
  fields: [
    {
      kind: "select",
      name: "event",
      label: "Event",
      options: Object.entries(WORKFLOW_EVENTS).map(([value, e]) => ({ value, label: e.label })),
    },
    {
      kind: "select",
      name: "status",
      label: "Only when the new status is",
      options: options(OPPORTUNITY_STATUSES),
      visible: (config) => config.event === "opportunity.status_changed",
    },
  ],
  summary: (config) => {
    const event = text(config, "event");
    return Object.hasOwn(WORKFLOW_EVENTS, event)
      ? WORKFLOW_EVENTS[event as keyof typeof WORKFLOW_EVENTS].label
      : null;
  },
});
