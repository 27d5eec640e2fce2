import { CalendarClock } from "lucide-react";
import { describeCron } from "@/lib/workflows/cron";
import { defineNodeUi, text } from "../ui-types";

export const scheduleUi = defineNodeUi({
  icon: CalendarClock,
  fields: [
    {
      kind: "text",
      name: "cron",
      label: "Schedule (cron)",
      mono: true,
      expressions: false,
      placeholder: "0 9 * * 1-5",
      hint: "Minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5 for weekdays at 09:00, or @daily.",
      describe: describeCron,
    },
    { kind: "timezone", name: "timezone", label: "Time zone" },
  ],
  summary: (config) => {
    const cron = text(config, "cron");
    return `${describeCron(cron) ?? cron}${config.timezone ? ` (${text(config, "timezone")})` : ""}`;
  },
});
