"use client";

import * as React from "react";
import { Search } from "lucide-react";
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
export const Palette = React.memo(function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const registry = useNodeRegistry();
  const noun = registry.noun ?? "step";
  const [query, setQuery] = React.useState("");
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
      className="flex min-h-0 w-60 shrink-0 flex-col border-r bg-background"
    >
      <div className="flex flex-col gap-2 border-b p-3">
        <h2 id="palette-title" className="text-sm font-semibold">
          {noun.charAt(0).toUpperCase() + noun.slice(1)}s
        </h2>
        <div className="relative">
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
        <p className="text-xs text-muted-foreground">Drag onto the canvas, or click to add.</p>
      </div>
      <div className="flex-1 overflow-y-auto p-2">
        {registry.categories.map((category) => {
          const items = matches.filter((t) => t.category === category.id);
          if (items.length === 0) return null;
          return (
            <section key={category.id} aria-label={category.label} className="mb-3">
              <h3 className="px-2 pb-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
                {category.label}
              </h3>
              <ul className="flex flex-col gap-0.5">
                {items.map((t) => {
                  const Icon = registry.ui(t.type)!.icon;
                  return (
                    <li key={t.type}>
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
                        title={t.description}
                        className="flex w-full cursor-grab items-center gap-2.5 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 active:cursor-grabbing"
                      >
                        <span
                          className={cn(
                            "flex size-7 shrink-0 items-center justify-center rounded-md",
                            categoryStyles[t.category],
                          )}
                        >
                          <Icon className="size-4" aria-hidden="true" />
                        </span>
                        <span className="min-w-0">
                          <span className="block truncate font-medium">{t.label}</span>
                        </span>
                      </button>
                    </li>
                  );
                })}
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
