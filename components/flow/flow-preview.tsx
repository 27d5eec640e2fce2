import type { LucideIcon } from "lucide-react";
import type { NodeCategory } from "@/lib/workflows/nodes/types";
import { previewDescription, type PreviewGraph } from "@/lib/workflows/preview";
import { cn } from "@/lib/utils/cn";

const boxTone: Record<NodeCategory, string> = {
  trigger: "fill-primary/12 stroke-primary/45",
  action: "fill-card stroke-foreground/20",
  logic: "fill-warning/15 stroke-warning/60",
};
const iconTone: Record<NodeCategory, string> = {
  trigger: "text-primary",
  action: "text-foreground/70",
  logic: "text-foreground/70",
};

/**
 * A workflow's or bot flow's steps as a small static picture (lib/workflows/preview.ts): one box
 * with the step type's icon per step, curves for the connections. Plain SVG with no state, so it
 * renders on the server or in a client component alike; it fills the box the caller sizes, so
 * nothing moves when it appears. `minHeight` (in the preview's units, about pixels) keeps a short
 * graph from being blown up past its natural size in a taller box: every preview's steps then
 * look the same size, unless a big graph has to shrink to fit.
 */
export function FlowPreview({
  preview,
  iconFor,
  minHeight = 60,
  className,
}: {
  preview: PreviewGraph;
  iconFor: (type: string) => LucideIcon | undefined;
  minHeight?: number;
  className?: string;
}) {
  const icon = Math.round(preview.box * 0.55);
  const offset = (preview.box - icon) / 2;
  const height = Math.max(preview.height, minHeight);
  const top = (preview.height - height) / 2;
  return (
    <svg
      viewBox={`0 ${top} ${preview.width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Steps: ${previewDescription(preview)}`}
      className={cn("h-full w-full", className)}
    >
      <g className="fill-none stroke-muted-foreground/45" strokeWidth={1.25}>
        {preview.edges.map((e) => (
          <path key={e.id} d={e.d} vectorEffect="non-scaling-stroke" />
        ))}
      </g>
      {preview.nodes.map((n) => {
        const Icon = iconFor(n.type);
        return (
          <g key={n.id} transform={`translate(${n.x} ${n.y})`}>
            <title>{n.label}</title>
            <rect
              width={preview.box}
              height={preview.box}
              rx={preview.box / 4}
              className={boxTone[n.category]}
              vectorEffect="non-scaling-stroke"
            />
            {Icon ? (
              <Icon x={offset} y={offset} size={icon} className={iconTone[n.category]} aria-hidden="true" />
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
