import { Scissors } from "lucide-react";
import { formatBytes, isTruncated } from "@/lib/executions/format";
import { MAX_JSON_DEPTH, pruneDeepJson } from "@/lib/http/input-limits";
import { cn } from "@/lib/utils/cn";

/**
 * A stored input or output, pretty-printed. Values the engine cut short (over 64 KB) arrive as a
 * marker with the size and a preview: that is said plainly above the preview.
 */
export function JsonView({ value, label, className }: { value: unknown; label: string; className?: string }) {
  if (value === null || value === undefined) {
    return <p className="text-xs text-muted-foreground italic">None</p>;
  }
  if (isTruncated(value)) {
    return (
      <div className={cn("flex flex-col gap-1.5", className)} data-truncated="">
        <p className="flex items-center gap-1.5 text-xs font-medium text-foreground">
          <Scissors className="size-3.5 text-warning" aria-hidden="true" />
          Truncated: {formatBytes(value.bytes)} was too large to keep. The start of it:
        </p>
        <pre
          aria-label={`${label} (truncated preview)`}
          tabIndex={0}
          className="max-h-72 overflow-auto rounded-md border border-dashed bg-muted/40 p-2.5 font-mono text-xs break-all whitespace-pre-wrap"
        >
          {value.preview}…
        </pre>
      </div>
    );
  }
  // Data stored before the input caps may be nested deeper than anything can print: cut it.
  const { value: shown, pruned } = pruneDeepJson(value);
  const text = typeof shown === "string" ? shown : JSON.stringify(shown, null, 2);
  return (
    <>
      {pruned ? (
        <p className="text-xs text-muted-foreground" data-pruned="">
          Nested more than {MAX_JSON_DEPTH} levels deep: the deepest parts are shown as null.
        </p>
      ) : null}
      <pre
        aria-label={label}
        tabIndex={0}
        className={cn(
          "max-h-72 overflow-auto rounded-md border bg-muted/40 p-2.5 font-mono text-xs break-words whitespace-pre-wrap",
          className,
        )}
      >
        {text}
      </pre>
    </>
  );
}
