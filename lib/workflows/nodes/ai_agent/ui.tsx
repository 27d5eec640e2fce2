import { Sparkles } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { AI_FIELD_TYPES, AI_MODELS } from ".";

export const aiAgentUi = defineNodeUi({
  icon: Sparkles,
  fields: [
    {
      kind: "agent",
      name: "agent_id",
      label: "Agent",
      optional: true,
      hint: "Run one of your agents (its instructions, model, tools and answer schema), or write a prompt here.",
    },
    {
      kind: "select",
      name: "model",
      label: "Model",
      options: options(AI_MODELS),
      visible: (config) => !config.agent_id,
    },
    {
      kind: "text",
      name: "system",
      visible: (config) => !config.agent_id,
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
      hint: "With an agent chosen, this is the message the agent receives.",
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
      visible: (config) => !config.agent_id,
    },
    {
      kind: "select",
      name: "output_format",
      label: "Answer as",
      options: options({ text: "Text", json: "Structured data (JSON)" }),
      visible: (config) => !config.agent_id,
    },
    {
      kind: "list",
      name: "output_schema",
      label: "Fields of the answer",
      addLabel: "Add field",
      itemLabel: (i) => `Field ${i + 1}`,
      newItem: () => ({ name: "", type: "string", description: "" }),
      visible: (config) => !config.agent_id && config.output_format === "json",
      fields: [
        { kind: "text", name: "name", label: "Name", expressions: false, placeholder: "score" },
        { kind: "select", name: "type", label: "Type", options: options(AI_FIELD_TYPES) },
        { kind: "text", name: "description", label: "Description", optional: true, expressions: false },
      ],
    },
  ],
  summary: (config) =>
    config.agent_id
      ? "Runs an agent"
      : `${text(config, "model")}${config.output_format === "json" ? " → JSON" : ""}`,
});
