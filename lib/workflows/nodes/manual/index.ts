import { z } from "zod";
import { fieldsFromSample, jsonText } from "../schema-helpers";
import { defineNodeType, singleOutput } from "../types";

export const manualNode = defineNodeType({
  type: "manual",
  label: "Manual start",
  description: "Starts when someone runs the workflow by hand, with optional input.",
  category: "trigger",
  configSchema: z.object({
    /** An example of the input, so later steps can autocomplete `trigger.input.…`. */
    sample_input: jsonText,
  }),
  defaults: { sample_input: "" },
  inputs: [],
  outputs: singleOutput,
  outputFields: (config) => [
    {
      name: "input",
      type: "any",
      description: "What the person running it entered",
      children: fieldsFromSample(config.sample_input),
    },
    { name: "started_by", type: "string", description: "Email of the person who started the run" },
  ],
});
