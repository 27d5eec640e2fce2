import { Alert } from "@/components/ui/alert";
import { MAX_CONFIG_DEPTH } from "@/lib/workflows/definition";

/**
 * Says which steps' stored settings were nested too deeply and were trimmed to open
 * (definitionForEditor): the page renders instead of overflowing the browser's stack.
 */
export function TrimmedStepsAlert({ steps, what }: { steps: readonly string[]; what: "workflow" | "flow" }) {
  if (steps.length === 0) return null;
  return (
    <Alert
      variant="warning"
      className="rounded-none border-x-0 border-t-0"
      title={`Part of this ${what} was nested too deeply to open`}
      data-trimmed-steps=""
    >
      The settings of {steps.join(", ")} held data nested more than {MAX_CONFIG_DEPTH} levels deep. The
      deepest parts are shown as empty (null); saving keeps them that way.
    </Alert>
  );
}
