import type { Problem } from "@/lib/workflows/graph";

const NONE: readonly Problem[] = Object.freeze([]);

/**
 * The latest problems per step, for the canvas cards. An external store (useSyncExternalStore)
 * rather than context: after each validation only the cards whose problems changed re-render,
 * not all 200 of them.
 */
export class ProblemsStore {
  private byNode = new Map<string, readonly Problem[]>();
  private keys = new Map<string, string>();
  private listeners = new Set<() => void>();

  set(problems: readonly Problem[]): void {
    const grouped = new Map<string, Problem[]>();
    for (const p of problems)
      if (p.nodeId) (grouped.get(p.nodeId) ?? grouped.set(p.nodeId, []).get(p.nodeId)!).push(p);
    const next = new Map<string, readonly Problem[]>();
    const keys = new Map<string, string>();
    for (const [id, list] of grouped) {
      const key = JSON.stringify(list);
      keys.set(id, key);
      // Unchanged lists keep their identity, so their cards do not re-render.
      next.set(id, this.keys.get(id) === key ? this.byNode.get(id)! : list);
    }
    this.byNode = next;
    this.keys = keys;
    for (const listener of this.listeners) listener();
  }

  get = (nodeId: string): readonly Problem[] => this.byNode.get(nodeId) ?? NONE;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
