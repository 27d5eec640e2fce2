import { Play } from "lucide-react";
import { defineNodeUi } from "../ui-types";

export const manualUi = defineNodeUi({
  icon: Play,
  fields: [
    {
      kind: "text",
      name: "sample_input",
      label: "Sample input (JSON)",
      optional: true,
      multiline: true,
      mono: true,
      expressions: false,
      placeholder: '{ "email": "ana@example.com" }',
      hint: "An example of what a person enters when running it; later steps can then autocomplete trigger.input.…",
    },
  ],
  summary: () => "Run by hand",
});
