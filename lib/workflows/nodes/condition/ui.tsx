import { GitBranch } from "lucide-react";
import { defineNodeUi, options } from "../ui-types";
import { CONDITION_OPERATORS, UNARY_OPERATORS, type ConditionOperator } from ".";

export const conditionUi = defineNodeUi({
  icon: GitBranch,
  fields: [
    {
      kind: "select",
      name: "combinator",
      label: "Go to True when",
      options: options({ all: "all rules hold", any: "any rule holds" }),
    },
    {
      kind: "list",
      name: "rules",
      label: "Rules",
      addLabel: "Add rule",
      min: 1,
      max: 20,
      itemLabel: (i) => `Rule ${i + 1}`,
      newItem: () => ({ left: "", operator: "equals", right: "" }),
      fields: [
        { kind: "text", name: "left", label: "Value", placeholder: "{{ trigger.body.total }}" },
        { kind: "select", name: "operator", label: "Comparison", options: options(CONDITION_OPERATORS) },
        {
          kind: "text",
          name: "right",
          label: "Compare with",
          optional: true,
          placeholder: "100",
          visible: (rule) => !UNARY_OPERATORS.includes(rule.operator as ConditionOperator),
        },
      ],
    },
  ],
  summary: (config) => {
    const rules = Array.isArray(config.rules) ? config.rules.length : 0;
    return `${rules} rule${rules === 1 ? "" : "s"}, ${config.combinator === "any" ? "any" : "all"} must hold`;
  },
});
