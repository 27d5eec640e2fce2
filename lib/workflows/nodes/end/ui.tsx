import { CircleStop } from "lucide-react";
import { defineNodeUi, options } from "../ui-types";

export const endUi = defineNodeUi({
  icon: CircleStop,
  fields: [
    {
      kind: "select",
      name: "outcome",
      label: "End the run as",
      options: options({ completed: "Completed", failed: "Failed" }),
    },
    { kind: "text", name: "message", label: "Message", optional: true, placeholder: "Not a hot lead" },
  ],
  summary: (config) => (config.outcome === "failed" ? "Ends the run as failed" : "Ends the run"),
});
