import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils/cn";

export type BotTab = "settings" | "flow" | "knowledge" | "analytics";

const tabs: { id: BotTab; label: string; path: string }[] = [
  { id: "settings", label: "Settings", path: "" },
  { id: "flow", label: "Flow", path: "/flow" },
  { id: "knowledge", label: "Knowledge base", path: "/knowledge" },
  { id: "analytics", label: "Analytics", path: "/analytics" },
];

export const botStatusLabels = { active: "Active", paused: "Paused", archived: "Archived" } as const;

export function BotStatusBadge({ status }: { status: keyof typeof botStatusLabels }) {
  return (
    <Badge variant={status === "active" ? "success" : status === "paused" ? "warning" : "secondary"}>
      {botStatusLabels[status]}
    </Badge>
  );
}

/** The bot's name, status and its sections (settings, flow, knowledge base, analytics). */
export function BotHeader({
  slug,
  bot,
  active,
  compact = false,
}: {
  slug: string;
  bot: { id: string; name: string; status: keyof typeof botStatusLabels };
  active: BotTab;
  /** The flow editor's one-line header. */
  compact?: boolean;
}) {
  const base = `/o/${slug}/bots/${bot.id}`;
  return (
    <div
      className={cn(
        "flex flex-col gap-3",
        compact && "flex-row flex-wrap items-center gap-x-4 gap-y-2 border-b px-3 py-2",
      )}
    >
      <div className="flex min-w-0 items-center gap-2">
        <Link
          href={`/o/${slug}/bots`}
          className="inline-flex items-center gap-1 rounded-md text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <ArrowLeft className="size-4" aria-hidden="true" />
          <span className={cn(compact && "sr-only sm:not-sr-only")}>Chatbots</span>
        </Link>
        <span className="text-muted-foreground" aria-hidden="true">
          /
        </span>
        {compact ? (
          <h1 className="truncate text-sm font-semibold">{bot.name}</h1>
        ) : (
          <h1 className="truncate text-2xl font-semibold tracking-tight">{bot.name}</h1>
        )}
        <BotStatusBadge status={bot.status} />
      </div>
      <nav
        aria-label="Bot sections"
        className={cn("-mb-px flex gap-1 overflow-x-auto", !compact && "border-b")}
      >
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={`${base}${t.path}`}
            aria-current={t.id === active ? "page" : undefined}
            className={cn(
              "border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
              compact && "py-1",
              t.id === active
                ? "border-primary text-foreground"
                : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
