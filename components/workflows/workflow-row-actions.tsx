"use client";

import * as React from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Archive, ArchiveRestore, Copy, Ellipsis, ExternalLink, Pause, Play, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { ActionDialog } from "@/components/forms/action-dialog";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import {
  changeWorkflowStatusAction,
  deleteWorkflowAction,
  duplicateWorkflowAction,
} from "@/lib/workflows/actions";
import type { WorkflowStatus } from "@/lib/workflows/status";
import { callAction } from "./call-action";

type Change = "pause" | "resume" | "archive" | "restore";

/** A workflow's row menu: open, duplicate, pause or resume, archive or restore, delete (archived only). */
export function WorkflowRowActions({
  slug,
  id,
  name,
  status,
  permissions,
}: {
  slug: string;
  id: string;
  name: string;
  status: WorkflowStatus;
  permissions: { create: boolean; update: boolean; delete: boolean };
}) {
  const router = useRouter();
  const [confirmDelete, setConfirmDelete] = React.useState(false);
  const triggerRef = React.useRef<HTMLButtonElement>(null);
  const fields = { organization: slug, id };

  async function run<T>(
    promise: Promise<{ ok: true; data: T; message?: string } | { ok: false; error: { message: string } }>,
  ) {
    const result = await promise;
    if (!result.ok) {
      toast.error(result.error.message);
      return null;
    }
    if (result.message) toast.success(result.message);
    router.refresh();
    return result.data;
  }
  const change = (next: Change) =>
    void run(callAction(changeWorkflowStatusAction, { ...fields, change: next }));

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button ref={triggerRef} variant="ghost" size="icon-sm" aria-label={`Actions for ${name}`}>
            <Ellipsis aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem asChild>
            <Link href={`/o/${slug}/workflows/${id}`}>
              <ExternalLink aria-hidden="true" />
              Open
            </Link>
          </DropdownMenuItem>
          {permissions.create ? (
            <DropdownMenuItem
              onSelect={async () => {
                const copy = await run(callAction(duplicateWorkflowAction, fields));
                if (copy) router.push(copy.href);
              }}
            >
              <Copy aria-hidden="true" />
              Duplicate
            </DropdownMenuItem>
          ) : null}
          {permissions.update && status === "active" ? (
            <DropdownMenuItem onSelect={() => change("pause")}>
              <Pause aria-hidden="true" />
              Pause
            </DropdownMenuItem>
          ) : null}
          {permissions.update && status === "paused" ? (
            <DropdownMenuItem onSelect={() => change("resume")}>
              <Play aria-hidden="true" />
              Resume
            </DropdownMenuItem>
          ) : null}
          {permissions.update && status !== "archived" ? (
            <DropdownMenuItem onSelect={() => change("archive")}>
              <Archive aria-hidden="true" />
              Archive
            </DropdownMenuItem>
          ) : null}
          {permissions.update && status === "archived" ? (
            <DropdownMenuItem onSelect={() => change("restore")}>
              <ArchiveRestore aria-hidden="true" />
              Restore
            </DropdownMenuItem>
          ) : null}
          {permissions.delete && status === "archived" ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
                <Trash2 aria-hidden="true" />
                Delete…
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      <ActionDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        returnFocusRef={triggerRef}
        title={`Delete ${name}?`}
        description="It goes to the trash for 30 days with its versions and run history, and stops running meanwhile. You can restore it from Trash."
        action={deleteWorkflowAction}
        fields={fields}
        submitLabel="Move to trash"
        pendingLabel="Deleting…"
        variant="destructive"
        onSuccess={() => router.refresh()}
      />
    </>
  );
}
