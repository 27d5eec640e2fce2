"use client";

import * as React from "react";
import Link from "next/link";
import { Merge } from "lucide-react";
import { useRouter } from "next/navigation";
import { ActionDialog } from "@/components/forms/action-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { mergeContactsAction } from "@/lib/contacts/actions";

export type ContactListRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  source: string;
  /** "2026-12-07" */
  added: string;
};

/**
 * The contacts of one page of the list. Members who may merge tick two or more rows and merge
 * them, picking which one to keep.
 */
export function ContactsTable({
  slug,
  rows,
  canMerge,
}: {
  slug: string;
  rows: ContactListRow[];
  canMerge: boolean;
}) {
  const [selected, setSelected] = React.useState<string[]>([]);
  const [merging, setMerging] = React.useState(false);
  const mergeButton = React.useRef<HTMLButtonElement>(null);
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));
  const picked = rows.filter((r) => selected.includes(r.id));

  return (
    <div className="flex flex-col gap-3">
      {canMerge ? (
        <div
          className="flex min-h-9 flex-wrap items-center gap-3 text-sm text-muted-foreground"
          aria-live="polite"
        >
          {selected.length > 0
            ? `${selected.length} selected.`
            : "Tick two or more contacts to merge duplicates."}
          {selected.length >= 2 ? (
            <Button ref={mergeButton} size="sm" variant="secondary" onClick={() => setMerging(true)}>
              <Merge aria-hidden="true" />
              Merge selected
            </Button>
          ) : null}
        </div>
      ) : null}
      <Table aria-label="Contacts">
        <TableHeader>
          <TableRow>
            {canMerge ? (
              <TableHead className="w-10">
                <span className="sr-only">Select</span>
              </TableHead>
            ) : null}
            <TableHead>Name</TableHead>
            <TableHead className="hidden md:table-cell">Phone</TableHead>
            <TableHead className="hidden lg:table-cell">Company</TableHead>
            <TableHead className="hidden sm:table-cell">Tags</TableHead>
            <TableHead className="hidden md:table-cell">Source</TableHead>
            <TableHead className="hidden sm:table-cell">Added</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((c) => (
            <TableRow key={c.id}>
              {canMerge ? (
                <TableCell>
                  <Checkbox
                    aria-label={`Select ${c.name}`}
                    checked={selected.includes(c.id)}
                    onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                  />
                </TableCell>
              ) : null}
              <TableCell className="max-w-64">
                <Link
                  href={`/o/${slug}/contacts/${c.id}`}
                  className="block truncate font-medium underline-offset-4 hover:underline"
                >
                  {c.name}
                </Link>
                {c.email ? <div className="truncate text-xs text-muted-foreground">{c.email}</div> : null}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap md:table-cell">{c.phone ?? "—"}</TableCell>
              <TableCell className="hidden max-w-48 truncate lg:table-cell">{c.company ?? "—"}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <div className="flex max-w-56 flex-wrap gap-1">
                  {c.tags.slice(0, 4).map((t) => (
                    <Badge key={t} variant="secondary">
                      {t}
                    </Badge>
                  ))}
                  {c.tags.length > 4 ? (
                    <span className="text-xs text-muted-foreground">+{c.tags.length - 4}</span>
                  ) : null}
                </div>
              </TableCell>
              <TableCell className="hidden whitespace-nowrap md:table-cell">{c.source}</TableCell>
              <TableCell className="hidden whitespace-nowrap tabular-nums sm:table-cell">{c.added}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {merging ? (
        <MergeDialog
          slug={slug}
          contacts={picked}
          returnFocusRef={mergeButton}
          onClose={() => setMerging(false)}
          onMerged={() => setSelected([])}
        />
      ) : null}
    </div>
  );
}

function MergeDialog({
  slug,
  contacts,
  returnFocusRef,
  onClose,
  onMerged,
}: {
  slug: string;
  contacts: ContactListRow[];
  returnFocusRef: React.RefObject<HTMLButtonElement | null>;
  onClose: () => void;
  onMerged: () => void;
}) {
  const router = useRouter();
  const [primary, setPrimary] = React.useState(contacts[0]?.id ?? "");
  return (
    <ActionDialog
      open
      onOpenChange={(open) => (open ? null : onClose())}
      returnFocusRef={returnFocusRef}
      className="max-w-lg"
      title={`Merge ${contacts.length} contacts`}
      description="Pick the contact to keep. It keeps its own details and takes what it lacks from the others; their conversations and sales move to it, and the others are deleted. This cannot be undone."
      action={mergeContactsAction}
      fields={{ organization: slug, primary_id: primary }}
      submitLabel="Merge contacts"
      pendingLabel="Merging…"
      variant="destructive"
      onSuccess={({ id }) => {
        onMerged();
        router.push(`/o/${slug}/contacts/${id}`);
      }}
    >
      {() => (
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-medium">Keep</legend>
          {contacts.map((c) => (
            <label
              key={c.id}
              className="flex items-start gap-3 rounded-md border p-3 text-sm has-checked:border-primary"
            >
              <input
                type="radio"
                name="primary_choice"
                value={c.id}
                checked={primary === c.id}
                onChange={() => setPrimary(c.id)}
                className="mt-0.5 size-4"
              />
              <span className="min-w-0">
                <span className="block font-medium">{c.name}</span>
                <span className="block truncate text-muted-foreground">
                  {[c.email, c.phone, c.company].filter(Boolean).join(" · ") || "No email or phone"}
                </span>
              </span>
              {c.id !== primary ? <input type="hidden" name="duplicate_ids" value={c.id} /> : null}
            </label>
          ))}
        </fieldset>
      )}
    </ActionDialog>
  );
}
