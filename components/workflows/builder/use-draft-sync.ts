"use client";

import * as React from "react";
import type { ActionResult } from "@/lib/actions/action";
import type { Viewport, WorkflowDefinition } from "@/lib/workflows/definition";
import { contentKey, definitionOf, type Snapshot } from "./flow-state";

/** Quiet time after the last change before the draft is saved. */
const AUTOSAVE_MS = 800;
const RETRY_MS = 5000;

export type SavedResult = { version: number; savedAt: string };

export type SyncPhase =
  | { phase: "idle"; savedAt: Date | null }
  | { phase: "saving" }
  | { phase: "error"; message: string }
  | { phase: "conflict"; message: string };

export type SaveStatus = "saved" | "unsaved" | "saving" | "error" | "conflict";

/**
 * Keeps the server's draft in step with the canvas: saves (debounced) after changes, one request
 * at a time, naming the draft version it started from. A conflict (someone else saved first)
 * stops autosaving until the page is reloaded, so nothing is overwritten. Publishing, restoring
 * and renaming run through the same queue (`exclusive`), so they never race a save.
 */
export function useDraftSync(options: {
  enabled: boolean;
  changeSeq: number;
  busy: boolean;
  initialVersion: number;
  read: () => Snapshot;
  readViewport: () => Viewport;
  save: (definition: WorkflowDefinition, expectedVersion: number) => Promise<ActionResult<SavedResult>>;
}) {
  const { enabled, changeSeq, busy } = options;
  const optionsRef = React.useRef(options);
  React.useEffect(() => {
    optionsRef.current = options;
  });
  const version = React.useRef(options.initialVersion);
  const savedKey = React.useRef<string | null>(null);
  const queue = React.useRef<Promise<unknown>>(Promise.resolve());
  const [phase, setPhase] = React.useState<SyncPhase>({ phase: "idle", savedAt: null });
  const phaseRef = React.useRef(phase);
  const [savedSeq, setSavedSeq] = React.useState(0);

  const update = React.useCallback((next: SyncPhase) => {
    phaseRef.current = next;
    setPhase(next);
  }, []);

  /** Runs `task` after whatever is saving now, with the draft version it should name. */
  const exclusive = React.useCallback(<T>(task: (expectedVersion: number) => Promise<T>): Promise<T> => {
    const run = queue.current.then(() => task(version.current));
    queue.current = run.catch(() => undefined);
    return run;
  }, []);

  /** The server now holds `snapshot` as draft `nextVersion` (after a save, publish or restore). */
  const markSaved = React.useCallback(
    (nextVersion: number, snapshot: Snapshot, seq: number, savedAt: Date) => {
      version.current = nextVersion;
      savedKey.current = contentKey(snapshot);
      setSavedSeq(seq);
      update({ phase: "idle", savedAt });
    },
    [update],
  );

  const conflict = React.useCallback((message: string) => update({ phase: "conflict", message }), [update]);

  /** A change that is not the graph (a rename) moved the draft to `nextVersion`. */
  const adoptVersion = React.useCallback((nextVersion: number) => {
    version.current = nextVersion;
  }, []);

  const flush = React.useCallback(
    () =>
      exclusive(async (expectedVersion) => {
        if (phaseRef.current.phase === "conflict") return;
        const { read, readViewport, save } = optionsRef.current;
        const seq = optionsRef.current.changeSeq;
        const snapshot = read();
        const key = contentKey(snapshot);
        if (key === savedKey.current) {
          setSavedSeq(seq);
          return;
        }
        update({ phase: "saving" });
        const result = await save(definitionOf(snapshot, readViewport()), expectedVersion).catch(() => null);
        if (result?.ok) {
          markSaved(result.data.version, snapshot, seq, new Date(result.data.savedAt));
        } else if (result && result.error.code === "conflict") {
          conflict(result.error.message);
        } else {
          update({
            phase: "error",
            message: result ? result.error.message : "Could not reach the server. Retrying…",
          });
        }
      }),
    [exclusive, markSaved, conflict, update],
  );

  // The first content key is what the server has: the draft as loaded.
  React.useEffect(() => {
    if (savedKey.current === null) savedKey.current = contentKey(optionsRef.current.read());
  }, []);

  React.useEffect(() => {
    if (!enabled || changeSeq === savedSeq || busy || phase.phase === "conflict") return;
    const timer = setTimeout(flush, phase.phase === "error" ? RETRY_MS : AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [enabled, changeSeq, savedSeq, busy, phase, flush]);

  const status: SaveStatus =
    phase.phase === "conflict"
      ? "conflict"
      : phase.phase === "error"
        ? "error"
        : phase.phase === "saving"
          ? "saving"
          : changeSeq !== savedSeq
            ? "unsaved"
            : "saved";

  // Leaving with unsaved changes asks first.
  React.useEffect(() => {
    if (!enabled || status === "saved") return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [enabled, status]);

  return {
    status,
    phase,
    flush,
    exclusive,
    markSaved,
    adoptVersion,
    conflict,
  };
}
