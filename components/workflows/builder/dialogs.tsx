"use client";

import * as React from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Problem } from "@/lib/workflows/graph";

type Base = { open: boolean; onOpenChange: (open: boolean) => void };

/** Runs `task` while showing `pending`; the dialog closes when it returns true. */
function useTask(onOpenChange: (open: boolean) => void) {
  const [pending, setPending] = React.useState(false);
  const run = async (task: () => Promise<boolean>) => {
    setPending(true);
    try {
      if (await task()) onOpenChange(false);
    } finally {
      setPending(false);
    }
  };
  return { pending, run };
}

export function PublishDialog({
  open,
  onOpenChange,
  problems,
  onPublish,
  onShowProblems,
}: Base & {
  problems: readonly Problem[];
  onPublish: (note: string) => Promise<boolean>;
  onShowProblems: () => void;
}) {
  const { pending, run } = useTask(onOpenChange);
  const [note, setNote] = React.useState("");
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.length - errors.length;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={errors.length ? "Not ready to publish" : "Publish this workflow"}
      description={
        errors.length
          ? `Fix ${errors.length === 1 ? "this problem" : `these ${errors.length} problems`} first; publishing checks the whole workflow.`
          : "The draft becomes a new version, and that version is the one that runs."
      }
    >
      {errors.length ? (
        <>
          <ul className="flex list-disc flex-col gap-1 pl-5 text-sm">
            {errors.slice(0, 6).map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
            {errors.length > 6 ? <li>… and {errors.length - 6} more.</li> : null}
          </ul>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button
              onClick={() => {
                onOpenChange(false);
                onShowProblems();
              }}
            >
              Show problems
            </Button>
          </DialogFooter>
        </>
      ) : (
        <form
          className="flex flex-col gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => onPublish(note));
          }}
        >
          {warnings > 0 ? (
            <Alert variant="warning">
              {warnings === 1 ? "1 warning" : `${warnings} warnings`} (see Problems). They do not stop
              publishing.
            </Alert>
          ) : null}
          <FormField name="publish-note" label="What changed?" optional hint="Shown in the version history.">
            <Textarea
              value={note}
              maxLength={500}
              rows={3}
              onChange={(event) => setNote(event.target.value)}
            />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              Publish
            </Button>
          </DialogFooter>
        </form>
      )}
    </Dialog>
  );
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
}: Base & {
  title: string;
  description: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<boolean>;
}) {
  const { pending, run } = useTask(onOpenChange);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <DialogFooter>
        <Button variant="outline" onClick={() => onOpenChange(false)}>
          Cancel
        </Button>
        <Button loading={pending} onClick={() => void run(onConfirm)}>
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

export function ImportProblemsDialog({ open, onOpenChange, reasons }: Base & { reasons: readonly string[] }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="This file cannot be imported"
      description="Nothing was changed. Fix the file, or export the workflow again from Orgflow."
    >
      <ul
        className="flex max-h-72 list-disc flex-col gap-1 overflow-y-auto pl-5 text-sm"
        aria-label="Reasons"
      >
        {reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ul>
      <DialogFooter>
        <Button onClick={() => onOpenChange(false)}>Close</Button>
      </DialogFooter>
    </Dialog>
  );
}

export function DetailsDialog({
  open,
  onOpenChange,
  title,
  submitLabel,
  initial,
  withCategory,
  onSubmit,
}: Base & {
  title: string;
  submitLabel: string;
  initial: { name: string; description: string; category?: string };
  withCategory?: boolean;
  onSubmit: (values: { name: string; description: string; category: string }) => Promise<boolean>;
}) {
  const { pending, run } = useTask(onOpenChange);
  const [values, setValues] = React.useState({ category: "General", ...initial });
  const nameError = values.name.trim() === "" ? "Enter a name." : null;
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title}>
      <form
        className="flex flex-col gap-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!nameError) void run(() => onSubmit(values));
        }}
      >
        <FormField name="details-name" label="Name" error={nameError}>
          <Input
            value={values.name}
            maxLength={200}
            onChange={(e) => setValues({ ...values, name: e.target.value })}
          />
        </FormField>
        {withCategory ? (
          <FormField name="details-category" label="Category">
            <Input
              value={values.category}
              maxLength={60}
              onChange={(e) => setValues({ ...values, category: e.target.value })}
            />
          </FormField>
        ) : null}
        <FormField name="details-description" label="Description" optional>
          <Textarea
            value={values.description}
            maxLength={2000}
            rows={3}
            onChange={(e) => setValues({ ...values, description: e.target.value })}
          />
        </FormField>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} disabled={Boolean(nameError)}>
            {submitLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ["Tab / Shift+Tab", "Move between steps and controls"],
  ["Enter or Space on a step", "Select it (its settings open on the right)"],
  ["Arrow keys on a selected step", "Move it"],
  ["Delete or Backspace", "Delete the selected steps or connections"],
  ["Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)", "Undo / redo"],
  ["Ctrl+C / Ctrl+V / Ctrl+D", "Copy / paste / duplicate the selected steps"],
  ["Ctrl+A", "Select every step"],
  ["Shift+drag, Ctrl+click", "Select several steps"],
  ["Ctrl+S", "Save now"],
  ["Shift+L", "Tidy up (auto-layout)"],
  ["?", "Show these shortcuts"],
];

export function ShortcutsDialog({ open, onOpenChange }: Base) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" className="max-w-lg">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, what]) => (
          <React.Fragment key={keys}>
            <dt>
              <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">{keys}</kbd>
            </dt>
            <dd className="text-muted-foreground">{what}</dd>
          </React.Fragment>
        ))}
      </dl>
      <p className="text-sm text-muted-foreground">On a Mac, use ⌘ instead of Ctrl.</p>
    </Dialog>
  );
}
