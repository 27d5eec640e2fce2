import { FullBleed } from "@/components/workflows/builder/full-bleed";
import { Skeleton } from "@/components/ui/skeleton";

/** The builder's shape while it loads: toolbar, palette, canvas, panel. */
export default function BuilderLoading() {
  return (
    <div
      data-workflow-builder-loading=""
      role="status"
      aria-live="polite"
      className="flex h-[calc(100dvh-3.5rem-1px)] flex-col"
    >
      <FullBleed />
      <span className="sr-only">Loading the workflow…</span>
      <div className="flex h-12 items-center gap-3 border-b px-3">
        <Skeleton className="h-6 w-24" />
        <Skeleton className="h-5 w-48" />
        <Skeleton className="ml-auto h-8 w-24" />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="hidden w-60 flex-col gap-2 border-r p-3 md:flex">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
        <div className="flex-1 bg-muted/20" />
        <div className="hidden w-[22rem] border-l p-4 md:block">
          <Skeleton className="h-40" />
        </div>
      </div>
    </div>
  );
}
