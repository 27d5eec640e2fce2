import Link from "next/link";
import { ChevronRight, ChevronsLeft } from "lucide-react";
import { Button } from "@/components/ui/button";
import { hrefWithParams } from "@/lib/utils/search-params";

/**
 * "Newest" and "Older" links of a list paged by a keyset cursor (`?before=`): new entries arriving
 * do not shift what "Older" shows. Keeps the list's filters; renders nothing on a single page.
 */
export function KeysetPager({
  label,
  path,
  filters,
  before,
  nextBefore,
}: {
  /** The navigation's accessible name, e.g. "Pages of runs". */
  label: string;
  path: string;
  /** The list's filters, kept on both links (without the cursor). */
  filters: Record<string, string | number | null | undefined>;
  /** The cursor of the page shown (none on the first page). */
  before: string | number | null | undefined;
  /** The cursor of the next, older page (none on the last page). */
  nextBefore: string | number | null | undefined;
}) {
  if (!before && !nextBefore) return null;
  return (
    <nav aria-label={label} className="flex justify-between gap-2">
      {before ? (
        <Button asChild variant="ghost" size="sm">
          <Link href={hrefWithParams(path, filters)}>
            <ChevronsLeft aria-hidden="true" />
            Newest
          </Link>
        </Button>
      ) : (
        <span />
      )}
      {nextBefore ? (
        <Button asChild variant="outline" size="sm">
          <Link href={hrefWithParams(path, { ...filters, before: nextBefore })} rel="next">
            Older
            <ChevronRight aria-hidden="true" />
          </Link>
        </Button>
      ) : null}
    </nav>
  );
}
