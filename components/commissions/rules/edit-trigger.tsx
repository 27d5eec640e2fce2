import { Pencil } from "lucide-react";

/** The pencil icon button that opens an edit dialog (a plan's or a rule's). */
export function editTrigger(label: string) {
  return {
    variant: "ghost",
    size: "icon-sm",
    "aria-label": label,
    children: <Pencil aria-hidden="true" />,
  } as const;
}
