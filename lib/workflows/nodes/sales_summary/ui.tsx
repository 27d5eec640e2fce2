import { ChartColumn } from "lucide-react";
import { defineNodeUi } from "../ui-types";

export const salesSummaryUi = defineNodeUi({
  icon: ChartColumn,
  fields: [
    {
      kind: "number",
      name: "days",
      label: "Over the last (days)",
      min: 1,
      max: 92,
      hint: "Sales paid in this many days before the step runs; refunds are taken off.",
    },
  ],
  summary: (config) => `Sales of the last ${String(config.days ?? "?")} days`,
});
