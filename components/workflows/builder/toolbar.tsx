"use client";

import Link from "next/link";
import {
  ArrowLeft,
  Check,
  CloudOff,
  Copy,
  Download,
  Ellipsis,
  FlaskConical,
  History,
  Keyboard,
  LayoutTemplate,
  LoaderCircle,
  Network,
  Pause,
  Pencil,
  Play,
  Redo2,
  Rocket,
  TriangleAlert,
  Undo2,
  Upload,
} from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { formatExactTime } from "@/components/ui/relative-time";
import type { WorkflowStatus } from "@/lib/workflows/status";
import { WorkflowStatusBadge } from "../status-badge";
import type { SaveStatus, SyncPhase } from "./use-draft-sync";

type ToolbarProps = {
  slug: string;
  name: string;
  status: WorkflowStatus;
  readOnly: boolean;
  canEdit: boolean;
  canCreate: boolean;
  saveStatus: SaveStatus;
  phase: SyncPhase;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onTidyUp: () => void;
  onExport: () => void;
  onImport: () => void;
  onDuplicate: () => void;
  onRename: () => void;
  onSaveAsTemplate: () => void;
  onShortcuts: () => void;
  onPublish: () => void;
  onPause: () => void;
  onResume: () => void;
  onRetry: () => void;
  /** Test runs of the draft (run-overlay.tsx): shown when the member may start runs. */
  onRun?: () => void;
  /** This workflow's runs list: shown when the member may read runs. */
  runsHref?: string;
};

export function BuilderToolbar(props: ToolbarProps) {
  const { slug, name, status, readOnly, canEdit } = props;
  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b bg-background px-3 py-2">
      <Button asChild variant="ghost" size="sm" className="-ml-1 px-2">
        <Link href={`/o/${slug}/workflows`}>
          <ArrowLeft aria-hidden="true" />
          <span className="hidden sm:inline">Workflows</span>
          <span className="sr-only sm:hidden">Back to workflows</span>
        </Link>
      </Button>
      {/* On a phone the name takes the first row beside the back arrow; the actions wrap below it. */}
      <div className="flex min-w-0 flex-1 basis-[calc(100%-3.5rem)] items-center gap-2 sm:basis-0">
        <span className="min-w-0 truncate text-sm font-semibold" title={name}>
          {name}
        </span>
        {canEdit && !readOnly ? (
          <Button
            variant="ghost"
            size="icon-sm"
            className="size-7"
            aria-label="Rename workflow"
            onClick={props.onRename}
          >
            <Pencil aria-hidden="true" />
          </Button>
        ) : null}
        <span className="flex shrink-0 items-center gap-2">
          <WorkflowStatusBadge status={status} />
          {readOnly ? <Badge variant="outline">View only</Badge> : null}
        </span>
      </div>

      {!readOnly ? (
        <SaveIndicator status={props.saveStatus} phase={props.phase} onRetry={props.onRetry} />
      ) : null}

      <div className="flex items-center gap-1">
        {!readOnly ? (
          <EditButtons
            canUndo={props.canUndo}
            canRedo={props.canRedo}
            onUndo={props.onUndo}
            onRedo={props.onRedo}
            onTidyUp={props.onTidyUp}
          />
        ) : null}
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label="More actions">
              <Ellipsis aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={props.onExport}>
              <Download aria-hidden="true" />
              Export as JSON
            </DropdownMenuItem>
            {!readOnly ? (
              <DropdownMenuItem onSelect={props.onImport}>
                <Upload aria-hidden="true" />
                Import JSON into the draft
              </DropdownMenuItem>
            ) : null}
            {props.canCreate ? (
              <>
                <DropdownMenuItem onSelect={props.onDuplicate}>
                  <Copy aria-hidden="true" />
                  Duplicate
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={props.onSaveAsTemplate}>
                  <LayoutTemplate aria-hidden="true" />
                  Save as template
                </DropdownMenuItem>
              </>
            ) : null}
            {canEdit && (status === "active" || status === "paused") ? (
              <DropdownMenuItem onSelect={status === "active" ? props.onPause : props.onResume}>
                {status === "active" ? <Pause aria-hidden="true" /> : <Play aria-hidden="true" />}
                {status === "active" ? "Pause" : "Resume"}
              </DropdownMenuItem>
            ) : null}
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={props.onShortcuts}>
              <Keyboard aria-hidden="true" />
              Keyboard shortcuts
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
        {props.runsHref ? (
          <Button asChild variant="ghost" size="sm" className="ml-1">
            <Link href={props.runsHref}>
              <History aria-hidden="true" />
              <span className="hidden lg:inline">Runs</span>
              <span className="sr-only lg:hidden">Runs of this workflow</span>
            </Link>
          </Button>
        ) : null}
        {props.onRun ? (
          <Button
            variant="outline"
            size="sm"
            className="ml-1"
            onClick={props.onRun}
            title="Run the draft as a test run"
          >
            <FlaskConical aria-hidden="true" />
            Test run
          </Button>
        ) : null}
        {!readOnly ? (
          <Button
            size="sm"
            className="ml-1"
            onClick={props.onPublish}
            disabled={props.saveStatus === "conflict"}
          >
            <Rocket aria-hidden="true" />
            Publish
          </Button>
        ) : null}
      </div>
    </div>
  );
}

/** Undo, redo and tidy up: the editing buttons of every canvas toolbar. */
export function EditButtons(props: {
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onTidyUp: () => void;
}) {
  const buttons = [
    { label: "Undo", title: "Undo (Ctrl+Z)", Icon: Undo2, disabled: !props.canUndo, onClick: props.onUndo },
    {
      label: "Redo",
      title: "Redo (Ctrl+Shift+Z)",
      Icon: Redo2,
      disabled: !props.canRedo,
      onClick: props.onRedo,
    },
    { label: "Tidy up", title: "Tidy up: auto-layout (Shift+L)", Icon: Network, onClick: props.onTidyUp },
  ];
  return (
    <>
      {buttons.map(({ label, title, Icon, disabled, onClick }) => (
        <Button
          key={label}
          variant="ghost"
          size="icon-sm"
          aria-label={label}
          title={title}
          disabled={disabled}
          onClick={onClick}
        >
          <Icon aria-hidden="true" />
        </Button>
      ))}
    </>
  );
}

/** Where the draft's autosave stands, with a retry after a failure. */
export function SaveIndicator({
  status,
  phase,
  onRetry,
}: {
  status: SaveStatus;
  phase: SyncPhase;
  onRetry: () => void;
}) {
  const savedAt = phase.phase === "idle" ? phase.savedAt : null;
  return (
    <div
      role="status"
      aria-live="polite"
      data-save-status={status}
      className="flex items-center gap-1.5 text-xs text-muted-foreground"
      title={savedAt ? `Saved ${formatExactTime(savedAt)}` : undefined}
    >
      {status === "saved" ? (
        <>
          <Check className="size-3.5 text-success" aria-hidden="true" />
          Saved
        </>
      ) : status === "unsaved" ? (
        <>
          <span className="size-2 rounded-full bg-warning" aria-hidden="true" />
          Unsaved changes
        </>
      ) : status === "saving" ? (
        <>
          <LoaderCircle className="size-3.5 animate-spin" aria-hidden="true" />
          Saving…
        </>
      ) : status === "error" ? (
        <>
          <CloudOff className="size-3.5 text-destructive" aria-hidden="true" />
          <span className="text-destructive">Not saved</span>
          <Button variant="link" size="sm" className="h-auto text-xs" onClick={onRetry}>
            Retry
          </Button>
        </>
      ) : (
        <>
          <TriangleAlert className="size-3.5 text-destructive" aria-hidden="true" />
          <span className="font-medium text-destructive">Conflict: not saved</span>
        </>
      )}
    </div>
  );
}
