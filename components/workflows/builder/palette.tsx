"use client";

import * as React from "react";
import { PanelLeftClose, PanelLeftOpen, Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";
import { categoryStyles } from "./node-card";
import { useNodeRegistry } from "./node-registry";

/** The drag payload's type: React Flow's pane reads it on drop. */
export const DRAG_TYPE = "application/x-orgflow-step";

/**
 * The step types, by category. Drag one onto the canvas, or click it (Enter or Space from the
 * keyboard) to add it after the selected step, connected, or in the middle of the view.
 */
export const Palette = React.memo(function Palette({
  onAdd,
  compact = false,
}: {
  onAdd: (type: string) => void;
  /** A narrow window (a tablet): icons only, names one click away, so the canvas keeps its room. */
  compact?: boolean;
}) {
  const registry = useNodeRegistry();
  const noun = registry.noun ?? "step";
  const [query, setQuery] = React.useState("");
  const [expanded, setExpanded] = React.useState(false);
  const rail = compact && !expanded;
  const q = query.trim().toLowerCase();
  const matches = registry.types.filter(
    (t) =>
      !q ||
      t.label.toLowerCase().includes(q) ||
      t.description.toLowerCase().includes(q) ||
      t.type.includes(q),
  );
  return (
    <aside
      aria-labelledby="palette-title"
      data-palette={rail ? "rail" : "full"}
      className={cn("flex min-h-0 shrink-0 flex-col border-r bg-background", rail ? "w-14" : "w-60")}
    >
      <div className={cn("flex flex-col gap-2 border-b", rail ? "items-center px-1 py-2" : "p-3")}>
        <div className="flex items-center justify-between gap-2">
          <h2 id="palette-title" className={cn("text-sm font-semibold", rail && "sr-only")}>
            {noun.charAt(0).toUpperCase() + noun.slice(1)}s
          </h2>
          {compact ? (
            <Button
              type="button"
              variant="ghost"
              size="icon-sm"
              aria-expanded={expanded}
              aria-label={expanded ? `Hide ${noun} names` : `Show ${noun} names`}
              onClick={() => setExpanded((e) => !e)}
            >
              {expanded ? <PanelLeftClose aria-hidden="true" /> : <PanelLeftOpen aria-hidden="true" />}
            </Button>
          ) : null}
        </div>
        <div className={cn("relative", rail && "hidden")}>
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden="true"
          />
          <Input
            type="search"
            aria-label={`Filter ${noun}s`}
            placeholder={`Filter ${noun}s`}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="h-8 pl-8"
          />
        </div>
        <p className={cn("text-xs text-muted-foreground", rail && "hidden")}>
          Drag onto the canvas, or click to add.
        </p>
      </div>
      <div className={cn("flex-1 overflow-y-auto", rail ? "px-1.5 py-2" : "p-2")}>
        {registry.categories.map((category) => {
          const items = matches.filter((t) => t.category === category.id);
          if (items.length === 0) return null;
          return (
            <section key={category.id} aria-label={category.label} className="mb-3">
              <h3
                className={cn(
                  "px-2 pb-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase",
                  rail && "sr-only",
                )}
              >
                {category.label}
              </h3>
              <ul className="flex flex-col gap-0.5">
                {items.map((t) => (
                  <li key={t.type}>
                    <PaletteItem type={t} rail={rail} onAdd={onAdd} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {matches.length === 0 ? (
          <p className="px-2 py-4 text-sm text-muted-foreground">No {noun} matches.</p>
        ) : null}
      </div>
    </aside>
  );
});

type PaletteType = ReturnType<typeof useNodeRegistry>["types"][number];

/** One step type: dragged onto the canvas or clicked to add; on the rail, its icon alone (named by its label). */
function PaletteItem({
  type: t,
  rail,
  onAdd,
}: {
  type: PaletteType;
  rail: boolean;
  onAdd: (type: string) => void;
}) {
  const registry = useNodeRegistry();
  const Icon = registry.ui(t.type)!.icon;
  return (
    <button
      type="button"
      draggable
      data-step-type={t.type}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, t.type);
        event.dataTransfer.effectAllowed = "move";
      }}
      onClick={() => onAdd(t.type)}
      aria-label={`Add ${t.label}`}
      title={rail ? `${t.label}: ${t.description}` : t.description}
      className={cn(
        "flex w-full cursor-grab items-center gap-2.5 rounded-md py-1.5 text-left text-sm outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 active:cursor-grabbing",
        rail ? "justify-center px-1" : "px-2",
      )}
    >
      <span
        className={cn(
          "flex size-7 shrink-0 items-center justify-center rounded-md",
          categoryStyles[t.category],
        )}
      >
        <Icon className="size-4" aria-hidden="true" />
      </span>
      {rail ? null : (
        <span className="min-w-0">
          <span className="block truncate font-medium">{t.label}</span>
        </span>
      )}
    </button>
  );
}
