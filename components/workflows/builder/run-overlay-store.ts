import { previewValue, type NodeRunState } from "@/lib/executions/format";

/**
 * The step states of the run shown on the canvas, as an external store: each card subscribes to
 * its own step, and only the cards whose state changed re-render.
 */
export class RunOverlayStore {
  private states = new Map<string, NodeRunState>();
  private keys = new Map<string, string>();
  private listeners = new Set<() => void>();

  set(next: Map<string, NodeRunState>): void {
    const keys = new Map<string, string>();
    const states = new Map<string, NodeRunState>();
    for (const [id, state] of next) {
      const key = JSON.stringify([state.status, state.runs, state.error, previewValue(state.output)]);
      keys.set(id, key);
      states.set(id, this.keys.get(id) === key ? this.states.get(id)! : state);
    }
    this.states = states;
    this.keys = keys;
    for (const listener of this.listeners) listener();
  }

  clear(): void {
    this.set(new Map());
  }

  get = (nodeId: string): NodeRunState | null => this.states.get(nodeId) ?? null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
