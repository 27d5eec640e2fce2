import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { hrefWithParams } from "@/lib/utils/search-params";

/**
 * "Showing 21–40 of 57" with Previous / Next links that keep the page's other query parameters
 * (search, filters). Renders nothing when everything fits on one page.
 */
export function Pagination({
  path,
  params,
  page,
  pageSize,
  total,
  noun = "results",
}: {
  path: string;
  /** The page's other query parameters, kept on every link. */
  params: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  total: number;
  noun?: string;
}) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const href = (p: number) => hrefWithParams(path, { ...params, page: p === 1 ? undefined : p });

  return (
    <nav aria-label="Pagination" className="flex flex-col items-center justify-between gap-3 sm:flex-row">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {first > 0 ? (
          <>
            Showing <span className="font-medium text-foreground">{first}</span>–
            <span className="font-medium text-foreground">{last}</span> of{" "}
            <span className="font-medium text-foreground">{total}</span> {noun}
          </>
        ) : (
          <>Nothing on page {page}.</>
        )}
      </p>
      <div className="flex gap-2">
        <PageLink href={page > 1 ? href(Math.min(page - 1, pageCount)) : null} rel="prev">
          <ChevronLeft aria-hidden="true" />
          Previous
        </PageLink>
        <PageLink href={page < pageCount ? href(page + 1) : null} rel="next">
          Next
          <ChevronRight aria-hidden="true" />
        </PageLink>
      </div>
    </nav>
  );
}

function PageLink({ href, rel, children }: { href: string | null; rel: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <Button variant="outline" size="sm" disabled>
        {children}
      </Button>
    );
  }
  return (
    <Button asChild variant="outline" size="sm">
      <Link href={href} rel={rel}>
        {children}
      </Link>
    </Button>
  );
}
