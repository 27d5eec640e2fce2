import type { LiveStep } from "./format";

/** The shortest time the canvas shows a step as running. */
export const MIN_RUNNING_MS = 300;

type Slot = { nodeId: string; from: number; until: number; startedAt: number; completedAt: number };

/** Whether step `before` leads to step `after` through the graph (by node id). */
export type Precedes = (before: string, after: string) => boolean;

/** `Precedes` for a graph's edges: a path from one node to the other. */
export function precedesByEdges(edges: readonly { source: string; target: string }[]): Precedes {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const reach = new Map<string, Set<string>>();
  const reachable = (from: string) => {
    let seen = reach.get(from);
    if (seen) return seen;
    seen = new Set<string>();
    const todo = [...(next.get(from) ?? [])];
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...(next.get(id) ?? []));
    }
    reach.set(from, seen);
    return seen;
  };
  return (before, after) => reachable(before).has(after);
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : Infinity);
const finished = (status: LiveStep["status"]) => status !== "running" && status !== "waiting";

/**
 * The steps of a run as the canvas shows them over time. The engine writes the results of quick
 * pure steps together (one statement for a chain of them), and a step often finishes before its
 * first notice reaches the browser, so the canvas would see them appear done all at once. The
 * replay shows each step as running for at least `minMs`, in the order the steps ran: a step that
 * started after another one finished is shown after it, and steps that ran at the same time
 * (parallel branches) are shown running side by side. A step that is still running shows as such.
 * Timing comes from the steps' own started_at / completed_at, so it needs no clock in common with
 * the server. Given the graph (`precedes`), only a step's upstream steps go before it: two quick
 * branches can each be over before the other starts (the engine interleaves them on one thread),
 * and timing alone would then show them one after the other.
 */
export class StepReplay {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly minMs = MIN_RUNNING_MS,
    private readonly precedes: Precedes | null = null,
  ) {}

  /** The steps to show at `now` (the browser's clock), and when that changes next (null: not by itself). */
  view(steps: readonly LiveStep[], now: number): { steps: LiveStep[]; nextAt: number | null } {
    for (const step of steps) {
      const slot = this.slots.get(step.step_key);
      if (slot) slot.completedAt = finished(step.status) ? time(step.completed_at) : Infinity;
    }
    const fresh = steps
      .filter((s) => !this.slots.has(s.step_key))
      .sort((a, b) => time(a.started_at) - time(b.started_at) || a.sequence - b.sequence);
    for (const step of fresh) {
      const startedAt = time(step.started_at);
      let from = now;
      // After every step that had finished before this one started; beside those that overlapped.
      for (const other of this.slots.values()) {
        const upstream =
          !this.precedes || other.nodeId === step.node_id || this.precedes(other.nodeId, step.node_id);
        if (upstream && other.completedAt <= startedAt) from = Math.max(from, other.until);
      }
      const completedAt = finished(step.status) ? time(step.completed_at) : Infinity;
      this.slots.set(step.step_key, {
        nodeId: step.node_id,
        from,
        until: from + this.minMs,
        startedAt,
        completedAt,
      });
    }

    const shown: LiveStep[] = [];
    let nextAt: number | null = null;
    const soonest = (t: number) => (nextAt = nextAt === null ? t : Math.min(nextAt, t));
    for (const step of steps) {
      const slot = this.slots.get(step.step_key)!;
      if (now < slot.from) {
        soonest(slot.from);
        continue;
      }
      if (finished(step.status) && now < slot.until) {
        soonest(slot.until);
        shown.push({ ...step, status: "running", output: null, error: null, completed_at: null });
        continue;
      }
      shown.push(step);
    }
    return { steps: shown, nextAt };
  }
}
