import Link from "next/link";
import { LayoutTemplate } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  BLUEPRINT_CATEGORIES,
  type BlueprintCategory,
  type BlueprintRow,
  type InstallRow,
} from "@/lib/blueprints/schemas";

/** The blueprints page's three lists: installed here, available to install, published by this organization. */

const MODERATION = { pending: "Awaiting approval", approved: "Listed", rejected: "Not approved" } as const;

export function InstalledList({ slug, installs }: { slug: string; installs: InstallRow[] }) {
  return (
    <section aria-labelledby="installed-heading" className="flex flex-col gap-3">
      <h2 id="installed-heading" className="text-lg font-semibold">
        Installed here
      </h2>
      {installs.length === 0 ? (
        <p className="text-sm text-muted-foreground">No blueprint is installed in this organization.</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Blueprint</TableHead>
              <TableHead>Version</TableHead>
              <TableHead>Items</TableHead>
              <TableHead>Newest</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {installs.map((i) => (
              <TableRow key={i.id}>
                <TableCell>
                  <Link
                    className="underline-offset-4 hover:underline"
                    href={`/o/${slug}/blueprints/installed/${i.id}`}
                  >
                    {i.blueprint_name}
                  </Link>
                </TableCell>
                <TableCell>{i.version}</TableCell>
                <TableCell>{i.items}</TableCell>
                <TableCell>
                  {i.latest_version && i.latest_version_id !== i.blueprint_version_id ? (
                    <Badge>Update to {i.latest_version}</Badge>
                  ) : (
                    "Up to date"
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

export function AvailableList({
  slug,
  available,
  q,
  category,
  mayInstall,
}: {
  slug: string;
  available: BlueprintRow[];
  q: string;
  category: BlueprintCategory | null;
  mayInstall: boolean;
}) {
  return (
    <section aria-labelledby="available-heading" className="flex flex-col gap-3">
      <h2 id="available-heading" className="text-lg font-semibold">
        Available to install
      </h2>
      <BlueprintSearch slug={slug} q={q} category={category} />
      {available.length === 0 ? (
        <EmptyState
          icon={LayoutTemplate}
          title="No blueprint found"
          description="Approved public blueprints and your agencies' private ones appear here once they have a version."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Blueprint</TableHead>
              <TableHead>Publisher</TableHead>
              <TableHead>Category</TableHead>
              <TableHead>Version</TableHead>
              <TableHead>Downloads</TableHead>
              <TableHead>
                <span className="sr-only">Install</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {available.map((b) => (
              <TableRow key={b.id}>
                <TableCell>
                  <div className="font-medium">{b.name}</div>
                  <div className="text-xs text-muted-foreground">{b.description}</div>
                </TableCell>
                <TableCell>
                  {b.publisher_name}
                  {b.visibility === "private" ? " (private)" : ""}
                </TableCell>
                <TableCell>{BLUEPRINT_CATEGORIES[b.category]}</TableCell>
                <TableCell>{b.latest_version}</TableCell>
                <TableCell>{b.downloads}</TableCell>
                <TableCell>
                  {mayInstall && b.latest_version_id ? (
                    <Link
                      className="underline underline-offset-4"
                      href={`/o/${slug}/blueprints/install/${b.latest_version_id}`}
                      aria-label={`Install ${b.name}`}
                    >
                      Install…
                    </Link>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

export function OwnList({
  slug,
  own,
  organizationName,
}: {
  slug: string;
  own: BlueprintRow[];
  organizationName: string;
}) {
  return (
    <section aria-labelledby="own-heading" className="flex flex-col gap-3">
      <h2 id="own-heading" className="text-lg font-semibold">
        Published by {organizationName}
      </h2>
      {own.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          Nothing yet. Open a{" "}
          <Link className="underline underline-offset-4" href={`/o/${slug}/projects`}>
            project
          </Link>{" "}
          and publish it as a blueprint.
        </p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Blueprint</TableHead>
              <TableHead>Visibility</TableHead>
              <TableHead>Newest version</TableHead>
              <TableHead>Downloads</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {own.map((b) => (
              <TableRow key={b.id}>
                <TableCell>{b.name}</TableCell>
                <TableCell>
                  {b.visibility === "public" ? `Public: ${MODERATION[b.moderation_status]}` : "Private"}
                </TableCell>
                <TableCell>{b.latest_version ?? "None"}</TableCell>
                <TableCell>{b.downloads}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function BlueprintSearch({
  slug,
  q,
  category,
}: {
  slug: string;
  q: string;
  category: BlueprintCategory | null;
}) {
  return (
    <form
      method="get"
      action={`/o/${slug}/blueprints`}
      role="search"
      className="flex flex-wrap items-end gap-2"
    >
      <label className="flex flex-col gap-1 text-sm">
        Search
        <input
          name="q"
          defaultValue={q}
          maxLength={100}
          className="h-9 rounded-md border bg-background px-3"
          placeholder="Name or description"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Category
        <select
          name="category"
          defaultValue={category ?? ""}
          className="h-9 rounded-md border bg-background px-2"
        >
          <option value="">All</option>
          {Object.entries(BLUEPRINT_CATEGORIES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="h-9 rounded-md border px-3 text-sm">
        Search
      </button>
    </form>
  );
}
