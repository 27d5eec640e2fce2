import { nodeUi } from "@/lib/workflows/nodes/client-registry";
import { getNodeType } from "@/lib/workflows/nodes/registry";

/** What starts a published workflow: the trigger step's icon and name. */
export function TriggerLabel({ type }: { type: string | null }) {
  const def = getNodeType(type ?? undefined);
  const Icon = nodeUi(type ?? undefined)?.icon;
  if (!def || !Icon) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap">
      <Icon className="size-3.5 text-muted-foreground" aria-hidden="true" />
      {def.label}
    </span>
  );
}
