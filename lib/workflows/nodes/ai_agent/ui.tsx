import { Sparkles } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { AI_FIELD_TYPES, AI_MODELS } from ".";

export const aiAgentUi = defineNodeUi({
  icon: Sparkles,
  fields: [
    { kind: "select", name: "model", label: "Model", options: options(AI_MODELS) },
    {
      kind: "text",
      name: "system",
      label: "Instructions",
      optional: true,
      multiline: true,
      rows: 3,
      placeholder: "You qualify sales leads. Be brief.",
    },
    {
      kind: "text",
      name: "prompt",
      label: "Prompt",
      multiline: true,
      rows: 5,
      placeholder: "Summarise this message: {{ trigger.body.message }}",
    },
    {
      kind: "number",
      name: "temperature",
      label: "Temperature",
      min: 0,
      max: 2,
      step: 0.1,
      hint: "0 for steady answers, higher for varied ones.",
    },
    {
      kind: "select",
      name: "output_format",
      label: "Answer as",
      options: options({ text: "Text", json: "Structured data (JSON)" }),
    },
    {
      kind: "list",
      name: "output_schema",
      label: "Fields of the answer",
      addLabel: "Add field",
      itemLabel: (i) => `Field ${i + 1}`,
      newItem: () => ({ name: "", type: "string", description: "" }),
      visible: (config) => config.output_format === "json",
      fields: [
        { kind: "text", name: "name", label: "Name", expressions: false, placeholder: "score" },
        { kind: "select", name: "type", label: "Type", options: options(AI_FIELD_TYPES) },
        { kind: "text", name: "description", label: "Description", optional: true, expressions: false },
      ],
    },
  ],
  summary: (config) => `${text(config, "model")}${config.output_format === "json" ? " → JSON" : ""}`,
});
