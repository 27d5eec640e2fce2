import { z } from "zod";
import { optionalText } from "../schema-helpers";
import { defineNodeType, IN } from "../types";

export const endNode = defineNodeType({
  type: "end",
  label: "End",
  description: "Stops this branch, marking the run as completed or failed.",
  category: "logic",
  configSchema: z.object({
    outcome: z.enum(["completed", "failed"], { error: "Choose how the run ends." }).default("completed"),
    message: optionalText(500),
  }),
  defaults: { outcome: "completed", message: "" },
  inputs: IN,
  outputs: () => [],
  outputFields: () => [],
});
