"use client";

import * as React from "react";
import { History } from "@/lib/workflows/history";
import { contentKey, type Snapshot } from "./flow-state";

/** How long a burst of changes (typing, nudging) stays one undo step. */
const GROUP_MS = 400;

/**
 * Undo and redo of the graph. Changes are grouped: a drag, or typing into a field, is one step.
 * `read` gives the graph as it is now; `apply` puts a snapshot back on the canvas.
 */
export function useUndoHistory(options: {
  enabled: boolean;
  changeSeq: number;
  busy: boolean;
  read: () => Snapshot;
  apply: (snapshot: Snapshot) => void;
}) {
  const { enabled, changeSeq, busy } = options;
  const optionsRef = React.useRef(options);
  React.useEffect(() => {
    optionsRef.current = options;
  });
  const history = React.useRef(new History<Snapshot>(100));
  const committed = React.useRef<{ key: string; snapshot: Snapshot; seq: number } | null>(null);
  const [flags, setFlags] = React.useState({ canUndo: false, canRedo: false, committedSeq: 0 });

  const sync = React.useCallback(() => {
    setFlags({
      canUndo: history.current.canUndo,
      canRedo: history.current.canRedo,
      committedSeq: committed.current?.seq ?? 0,
    });
  }, []);

  const commit = React.useCallback(() => {
    const snapshot = optionsRef.current.read();
    const key = contentKey(snapshot);
    if (committed.current && committed.current.key !== key)
      history.current.record(committed.current.snapshot);
    committed.current = { key, snapshot, seq: optionsRef.current.changeSeq };
    sync();
  }, [sync]);

  React.useEffect(() => {
    if (!enabled) return;
    if (!committed.current) {
      commit();
      return;
    }
    if (busy) return; // a drag in progress: one step when it ends
    const timer = setTimeout(commit, GROUP_MS);
    return () => clearTimeout(timer);
  }, [enabled, changeSeq, busy, commit]);

  const step = React.useCallback(
    (direction: "undo" | "redo") => {
      commit();
      const current = committed.current!.snapshot;
      const target = direction === "undo" ? history.current.undo(current) : history.current.redo(current);
      if (!target) return false;
      // The canvas change that follows is this step, not a new one.
      committed.current = {
        key: contentKey(target),
        snapshot: target,
        seq: optionsRef.current.changeSeq + 1,
      };
      optionsRef.current.apply(target);
      sync();
      return true;
    },
    [commit, sync],
  );

  return {
    undo: React.useCallback(() => step("undo"), [step]),
    redo: React.useCallback(() => step("redo"), [step]),
    canUndo: enabled && (flags.canUndo || changeSeq > flags.committedSeq),
    canRedo: enabled && flags.canRedo,
  };
}
