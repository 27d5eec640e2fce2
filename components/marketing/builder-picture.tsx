import { Check, Play, Upload, Workflow } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { canvasModel, stepTree, type CanvasCard, type StepTree } from "@/lib/marketing/showcase";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import type { NodeCategory } from "@/lib/workflows/nodes/types";
import type { CatalogTemplate } from "@/lib/workflows/templates";
import { cn } from "@/lib/utils/cn";

const tone: Record<NodeCategory, { box: string; icon: string }> = {
  trigger: { box: "fill-primary/12 bg-primary/12", icon: "text-primary" },
  action: { box: "fill-info/12 bg-info/12", icon: "text-info" },
  logic: { box: "fill-warning/18 bg-warning/18", icon: "text-foreground/75" },
};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The workflow builder, drawn on the server from a shipped template: the canvas as a static SVG on
 * wide screens (scaled to the width, its height fixed by its aspect ratio) and the same steps as a
 * tree of cards on phones. No React Flow, no client code. `ran` marks the steps of a finished run,
 * as the builder shows them after "Run".
 */
export function BuilderPicture({ template, ran = [] }: { template: CatalogTemplate; ran?: string[] }) {
  const model = canvasModel(template.definition);
  const tree = stepTree(template.definition);
  return (
    <figure
      data-picture="builder"
      className="overflow-hidden rounded-2xl border bg-card text-left shadow-xl shadow-primary/5"
    >
      <div
        className="flex items-center justify-between gap-3 border-b px-3 py-2.5 sm:px-4"
        aria-hidden="true"
      >
        <div className="flex min-w-0 items-center gap-2">
          <Workflow className="size-4 shrink-0 text-primary" />
          <span className="truncate text-sm font-medium">{template.name}</span>
          <Badge variant="success" className="hidden sm:inline-flex">
            Published · v3
          </Badge>
        </div>
        <div className="flex shrink-0 items-center gap-1.5 text-[13px]">
          <span className="inline-flex h-7 items-center gap-1.5 rounded-md border px-2.5">
            <Play className="size-3.5" /> Run
          </span>
          <span className="hidden h-7 items-center gap-1.5 rounded-md bg-primary px-2.5 text-primary-foreground sm:inline-flex">
            <Upload className="size-3.5" /> Publish
          </span>
        </div>
      </div>
      <div className="bg-[radial-gradient(var(--color-border)_1px,transparent_1px)] [background-size:18px_18px] p-3 sm:p-5">
        <svg
          data-canvas="svg"
          viewBox={`0 0 ${model.width} ${model.height}`}
          className="hidden h-auto w-full sm:block"
          style={{ aspectRatio: `${model.width} / ${model.height}` }}
          aria-hidden="true"
        >
          <g className="fill-none stroke-muted-foreground/55" strokeWidth={1.5}>
            {model.edges.map((e) => (
              <path key={e.id} d={e.d} />
            ))}
          </g>
          {model.edges.map((e) =>
            e.label ? (
              <text
                key={`${e.id}-label`}
                x={e.label.x}
                y={e.label.y}
                textAnchor="end"
                className="fill-muted-foreground text-[12px]"
              >
                {e.label.text}
              </text>
            ) : null,
          )}
          {model.cards.map((card) => (
            <SvgCard
              key={card.id}
              card={card}
              w={model.card.w}
              h={model.card.h}
              ran={ran.includes(card.id)}
            />
          ))}
        </svg>
        {tree ? (
          <div data-canvas="steps" className="sm:hidden" aria-hidden="true">
            <TreeSteps node={tree} ran={ran} />
          </div>
        ) : null}
      </div>
      <figcaption className="sr-only">
        The workflow builder showing the template “{template.name}”:{" "}
        {model.cards.map((c) => c.label).join(", ")}.
      </figcaption>
    </figure>
  );
}

function SvgCard({ card, w, h, ran }: { card: CanvasCard; w: number; h: number; ran: boolean }) {
  const Icon = nodeUi(card.type)?.icon;
  return (
    <g transform={`translate(${card.x} ${card.y})`}>
      <rect width={w} height={h} rx={12} className="fill-card stroke-border" strokeWidth={1} />
      <rect x={12} y={14} width={36} height={36} rx={9} className={tone[card.category].box} />
      {Icon ? <Icon x={20} y={22} size={20} className={tone[card.category].icon} /> : null}
      <text x={60} y={30} className="fill-foreground text-[14px] font-semibold">
        {clip(card.label, 21)}
      </text>
      <text x={60} y={48} className="fill-muted-foreground text-[12px]">
        {card.kind}
      </text>
      {card.category !== "trigger" ? (
        <circle cx={0} cy={h / 2} r={4} className="fill-card stroke-muted-foreground/60" />
      ) : null}
      {card.type !== "end" ? (
        <circle cx={w} cy={h / 2} r={4} className="fill-card stroke-muted-foreground/60" />
      ) : null}
      {ran ? (
        <g transform={`translate(${w - 10} -6)`}>
          <circle cx={8} cy={8} r={8} className="fill-success stroke-card" strokeWidth={2} />
          <Check x={3} y={3} size={10} strokeWidth={3} className="text-success-foreground" />
        </g>
      ) : null}
    </g>
  );
}

function HtmlCard({ card, ran }: { card: CanvasCard; ran: boolean }) {
  const Icon = nodeUi(card.type)?.icon;
  return (
    <div className="relative flex w-full max-w-72 items-center gap-2.5 rounded-xl border bg-card p-2 shadow-xs">
      <span
        className={cn("flex size-8 shrink-0 items-center justify-center rounded-lg", tone[card.category].box)}
      >
        {Icon ? <Icon className={cn("size-4", tone[card.category].icon)} /> : null}
      </span>
      <span className="flex min-w-0 flex-col">
        <span className="text-[13px] leading-tight font-semibold">{card.label}</span>
        <span className="text-[11.5px] text-muted-foreground">{card.kind}</span>
      </span>
      {ran ? (
        <span className="absolute -top-1.5 -right-1.5 flex size-4 items-center justify-center rounded-full bg-success text-success-foreground">
          <Check className="size-2.5" strokeWidth={3} />
        </span>
      ) : null}
    </div>
  );
}

const Connector = () => <span className="h-3 w-px bg-muted-foreground/50" />;

function TreeSteps({ node, ran }: { node: StepTree; ran: string[] }) {
  return (
    <div className="flex w-full flex-col items-center">
      <HtmlCard card={node.card} ran={ran.includes(node.card.id)} />
      {node.next.length === 1 ? (
        <>
          <Connector />
          <TreeSteps node={node.next[0]!} ran={ran} />
        </>
      ) : node.next.length > 1 ? (
        <>
          <Connector />
          <div className="grid w-full grid-cols-2 gap-2">
            {node.next.map((child) => (
              <div key={child.card.id} className="flex flex-col items-center">
                <span className="mb-1 text-[11px] text-muted-foreground">{child.via}</span>
                <TreeSteps node={child} ran={ran} />
              </div>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
