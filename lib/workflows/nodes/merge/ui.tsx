import { GitMerge } from "lucide-react";
import { defineNodeUi } from "../ui-types";

export const mergeUi = defineNodeUi({
  icon: GitMerge,
  fields: [],
  summary: () => "Waits for its branches",
});
