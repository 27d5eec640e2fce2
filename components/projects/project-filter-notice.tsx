import Link from "next/link";
import { FolderKanban } from "lucide-react";

/** "Showing project X" above a list filtered by project, with the way back to everything. */
export function ProjectFilterNotice({ name, clearHref }: { name: string; clearHref: string }) {
  return (
    <p className="flex items-center gap-2 text-sm" role="status">
      <FolderKanban className="size-4 text-muted-foreground" aria-hidden="true" />
      <span>
        Showing project <strong>{name}</strong>.
      </span>
      <Link href={clearHref} className="underline underline-offset-4">
        Show all
      </Link>
    </p>
  );
}
