import { Braces } from "lucide-react";
import { defineNodeUi } from "../ui-types";

export const setUi = defineNodeUi({
  icon: Braces,
  fields: [
    {
      kind: "list",
      name: "fields",
      label: "Fields",
      addLabel: "Add field",
      min: 1,
      max: 50,
      itemLabel: (i, item) => (typeof item.name === "string" && item.name) || `Field ${i + 1}`,
      newItem: () => ({ name: "", value: "" }),
      fields: [
        { kind: "text", name: "name", label: "Name", expressions: false, placeholder: "full_name" },
        {
          kind: "text",
          name: "value",
          label: "Value",
          placeholder: "{{ trigger.body.first }} {{ trigger.body.last }}",
        },
      ],
    },
  ],
  summary: (config) => {
    const names = Array.isArray(config.fields)
      ? config.fields
          .map((f) => (f && typeof f === "object" ? String((f as { name?: unknown }).name ?? "") : ""))
          .filter(Boolean)
      : [];
    return names.length ? names.join(", ") : null;
  },
});
