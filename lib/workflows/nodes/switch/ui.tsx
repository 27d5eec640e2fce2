import { Route } from "lucide-react";
import { defineNodeUi, text } from "../ui-types";
import { MAX_SWITCH_CASES } from ".";

export const switchUi = defineNodeUi({
  icon: Route,
  fields: [
    { kind: "text", name: "value", label: "Value to compare", placeholder: "{{ trigger.body.plan }}" },
    {
      kind: "list",
      name: "cases",
      label: "Cases",
      addLabel: "Add case",
      min: 1,
      max: MAX_SWITCH_CASES,
      itemLabel: (i, item) => (typeof item.label === "string" && item.label) || `Case ${i + 1}`,
      // Case ids name the output handles, so they are never reused while connections may point at them.
      newItem: (items) => {
        const taken = new Set(items.map((c) => c.id));
        let n = items.length + 1;
        while (taken.has(`c${n}`)) n++;
        return { id: `c${n}`, label: "", equals: "" };
      },
      fields: [
        { kind: "text", name: "equals", label: "Equals", placeholder: "gold" },
        {
          kind: "text",
          name: "label",
          label: "Branch name",
          optional: true,
          expressions: false,
          placeholder: "Gold customers",
        },
      ],
    },
    { kind: "boolean", name: "fallback", label: "Add an “Otherwise” branch for values that match no case" },
  ],
  summary: (config) => (text(config, "value") ? `On ${text(config, "value")}` : null),
});
