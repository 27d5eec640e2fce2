import { FlowPreview } from "@/components/flow/flow-preview";
import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import { getNodeType } from "@/lib/workflows/nodes/registry";
import { previewGraph } from "@/lib/workflows/preview";
import type { CatalogTemplate } from "@/lib/workflows/templates";

const iconFor = (type: string) => nodeUi(type)?.icon;

/** Some of the shipped workflow templates, each with its purpose and a picture of its steps. */
export function TemplateGallery({ templates }: { templates: readonly CatalogTemplate[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {templates.map((t) => (
        <li key={t.key} className="flex flex-col gap-1.5 rounded-xl border bg-card p-3 shadow-xs">
          <span className="mb-1 flex h-20 items-center justify-center rounded-lg bg-muted/50 px-3 py-2">
            <FlowPreview preview={previewGraph(t.definition, getNodeType)} iconFor={iconFor} minHeight={64} />
          </span>
          <span className="px-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
            {t.category}
          </span>
          <h3 className="px-1 text-sm font-semibold">{t.name}</h3>
          <p className="px-1 text-[13px] text-pretty text-muted-foreground">{t.description}</p>
        </li>
      ))}
    </ul>
  );
}
