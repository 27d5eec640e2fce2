import { Bell } from "lucide-react";
import { defineNodeUi, options, text } from "../ui-types";
import { NOTIFY_AUDIENCES } from ".";

export const notifyUi = defineNodeUi({
  icon: Bell,
  fields: [
    { kind: "select", name: "audience", label: "Notify", options: options(NOTIFY_AUDIENCES) },
    {
      kind: "text",
      name: "title",
      label: "Title",
      placeholder: "New lead: {{ trigger.contact.first_name }}",
    },
    { kind: "text", name: "message", label: "Message", multiline: true, rows: 3 },
    { kind: "text", name: "link", label: "Link", optional: true, placeholder: "/o/acme/contacts" },
  ],
  summary: (config) => text(config, "title") || null,
});
