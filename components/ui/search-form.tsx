import Link from "next/link";
import { Search, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/**
 * A search box that submits as a plain GET form (`?q=`), so results are a link that can be shared,
 * work without JavaScript, and start again on page 1.
 */
export function SearchForm({
  action,
  query,
  label,
  placeholder,
}: {
  /** The page's path (the form submits to it). */
  action: string;
  query?: string;
  label: string;
  placeholder?: string;
}) {
  return (
    <form method="get" action={action} role="search" className="flex w-full gap-2 sm:max-w-md">
      <div className="relative flex-1">
        <label htmlFor="search-q" className="sr-only">
          {label}
        </label>
        <Search
          className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id="search-q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder={placeholder ?? label}
          className="pl-9"
          maxLength={100}
        />
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
      {query ? (
        <Button asChild variant="ghost" size="icon" aria-label="Clear search">
          <Link href={action}>
            <X aria-hidden="true" />
          </Link>
        </Button>
      ) : null}
    </form>
  );
}
