import { Repeat } from "lucide-react";
import { defineNodeUi, text } from "../ui-types";
import { MAX_LOOP_ITEMS } from ".";

export const loopUi = defineNodeUi({
  icon: Repeat,
  fields: [
    {
      kind: "text",
      name: "items",
      label: "List to go through",
      placeholder: "{{ steps.http_request_1.output.body.items }}",
      hint: "Inside the body, loop.item is the current item and loop.index its position. Connect the last step of the body back into the Loop.",
    },
    { kind: "number", name: "max_items", label: "At most this many items", min: 1, max: MAX_LOOP_ITEMS },
  ],
  summary: (config) => (text(config, "items") ? `For each of ${text(config, "items")}` : null),
});
