import { Hourglass } from "lucide-react";
import { defineNodeUi, options } from "../ui-types";
import { DELAY_UNITS } from ".";

export const delayUi = defineNodeUi({
  icon: Hourglass,
  fields: [
    { kind: "number", name: "amount", label: "Wait for", min: 1 },
    { kind: "select", name: "unit", label: "Unit", options: options(Object.keys(DELAY_UNITS)) },
  ],
  summary: (config) => `Wait ${String(config.amount ?? "?")} ${String(config.unit ?? "")}`,
});
