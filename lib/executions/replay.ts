import type { LiveStep } from "./format";

/** The shortest time the canvas shows a step as running. */
export const MIN_RUNNING_MS = 300;

type Slot = { from: number; until: number; startedAt: number; completedAt: number };

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
 * the server.
 */
export class StepReplay {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly minMs = MIN_RUNNING_MS) {}

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
      for (const other of this.slots.values())
        if (other.completedAt <= startedAt) from = Math.max(from, other.until);
      const completedAt = finished(step.status) ? time(step.completed_at) : Infinity;
      this.slots.set(step.step_key, { from, until: from + this.minMs, startedAt, completedAt });
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
