import { z } from "zod";
import { defineNodeType, singleOutput } from "../types";

/**
 * Joins parallel branches: the steps after a step with several outgoing connections run side by
 * side; a Merge waits for every branch connected to it that can still arrive (a branch a
 * condition did not take never arrives) and then runs once, with their outputs under
 * `steps.<merge>.output.branches.<step id>`.
 */
export const mergeNode = defineNodeType({
  type: "merge",
  label: "Merge",
  description: "Waits for the branches connected to it, then goes on once with all their outputs.",
  category: "logic",
  configSchema: z.object({}),
  defaults: {},
  inputs: [{ id: "in", label: "Branches", required: true }],
  outputs: singleOutput,
  joinsBranches: true,
  outputFields: () => [
    {
      name: "branches",
      type: "object",
      description: "Each arriving branch's last step output, by that step's id.",
    },
    { name: "count", type: "number", description: "How many branches arrived." },
  ],
});
