import postgres from "postgres";
import type { Sql } from "@/lib/db/client";
import { preciseIso, preciseNow } from "./clock";
import type { EngineNode } from "./definition";
import { forStorage } from "./payload";
import { engineNodeType } from "./registry";
import { LeaseLost, type StepRow } from "./run-types";

/** How long results of pure steps may wait to be written with later ones (see flushBeforePureStep). */
const PURE_BATCH_MS = 200;

export type CheckpointState = {
  status: StepRow["status"];
  input?: unknown;
  output?: unknown;
  error?: string | null;
  handle?: string | null;
  attempt: number;
  retries: unknown[];
  logs?: string[];
  /** preciseNow() when the step started. */
  startedAt?: number;
  wakeAt?: Date;
};

export type RunSettling =
  { status: "waiting" } | { status: "completed" | "failed"; output: unknown; error: string | null };

/**
 * A run's checkpoints in execution_steps: what is stored (`steps`), what is buffered, and the one
 * statement that writes them under the run's lease.
 *
 * Cost: a step's checkpoint is sent before the next step starts (with that step's "running"
 * marker when it has effects outside the run); results of quick pure steps are sent together,
 * with a later step's or the run's settling (flushBeforePureStep). When branches run side by
 * side, the branch walker flushes whenever it waits for one (branches.ts).
 *
 * Fencing: every write holds only while the run's lease token does, so a worker that lost the
 * run stops at its next checkpoint (LeaseLost), and a requested cancellation settles it there.
 */
export class Checkpoints {
  readonly steps = new Map<string, StepRow>();
  private sequence = 0;
  /** Checkpoints not written yet. */
  private pending: Record<string, unknown>[] = [];
  /** preciseNow() when the oldest of `pending` was buffered. */
  private pendingSince = 0;
  /** Set when a lease check failed: the run was cancelled, or another worker holds it. */
  settled: "cancelled" | "lost" | null = null;
  /** The run that gets this run's admission slot once it is settled (see RunOutcome.wake). */
  wake: string | null = null;

  constructor(
    private readonly db: Sql,
    private readonly run: { executionId: string; organizationId: string; lease: string },
    rows: StepRow[],
  ) {
    for (const r of rows) this.steps.set(r.step_key, r);
    this.sequence = rows.length;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  async checkpoint(node: EngineNode, key: string, s: CheckpointState): Promise<void> {
    const done = s.status !== "running" && s.status !== "waiting";
    const now = preciseNow();
    const startedAt = s.startedAt ?? now;
    const sequence = this.steps.has(key) ? 0 : ++this.sequence;
    const row = {
      organization_id: this.run.organizationId,
      execution_id: this.run.executionId,
      step_key: key,
      node_id: node.id,
      node_type: node.type,
      status: s.status,
      handle: s.handle ?? null,
      input: forStorage(s.input ?? null),
      output: forStorage(s.output ?? null),
      error: s.error ?? null,
      attempt: s.attempt,
      retries: s.retries,
      logs: s.logs ?? [],
      sequence,
      wake_at: s.wakeAt ?? null,
      started_at: preciseIso(startedAt),
      completed_at: done ? preciseIso(now) : null,
    };
    this.steps.set(key, {
      step_key: key,
      status: s.status,
      handle: row.handle,
      output: s.output ?? null,
      error: row.error,
      attempt: s.attempt,
      retries: s.retries,
      wake_at: row.wake_at,
    });
    if (!this.pending.length) this.pendingSince = now;
    this.pending.push({ ...row, duration_ms: done ? Math.round(now - startedAt) : null });
    // A "running" marker must be stored before the step's effects start; other checkpoints go
    // with the next statement: the next step's start (step() flushes before running it) or the
    // run's settling.
    if (s.status === "running") await this.flush();
  }

  /**
   * Before a pure step: the buffered checkpoints are written first unless they are all results of
   * pure steps (recomputed, not repeated effects, should this worker die) buffered for less than
   * PURE_BATCH_MS. A chain of quick pure steps is then written in one statement instead of one
   * per step: every such statement is a commit that notifies (the live run history), and
   * notifying commits take turns cluster-wide (bench:engine-workers, Lock:object).
   */
  async flushBeforePureStep(): Promise<void> {
    const recomputable = this.pending.every(
      (r) => r.status !== "running" && engineNodeType(String(r.node_type))?.sideEffects === false,
    );
    if (recomputable && preciseNow() - this.pendingSince < PURE_BATCH_MS) return;
    await this.flush();
  }

  /** Writes the buffered checkpoints, on condition that this worker still holds the run. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    if ((await this.write(null)) !== "ok") throw new LeaseLost();
  }

  /**
   * One round trip (private.engine_checkpoint): the lease check (the execution row locked for the
   * statement), the buffered checkpoints, and optionally the run's settling. Nothing is written
   * when another worker holds the run; a requested cancellation settles it as cancelled.
   */
  async write(final: RunSettling | null): Promise<"ok" | "cancelled" | "lost"> {
    const pending = this.pending;
    this.pending = [];
    // Results of pure steps can be recomputed, so their commit need not wait for the WAL flush;
    // anything around an effect outside the run, and the run's result, is durable at once.
    const durable =
      (final !== null && final.status !== "waiting") ||
      pending.some(
        (r) => r.status === "running" || engineNodeType(String(r.node_type))?.sideEffects !== false,
      );
    const [{ r }] = (await this.db`
      select private.engine_checkpoint(${this.run.executionId}::uuid, ${this.run.lease}::uuid,
                                       ${this.db.json(pending as postgres.JSONValue)}::jsonb,
                                       ${final ? this.db.json(final as postgres.JSONValue) : null}::jsonb,
                                       ${durable}::boolean) as r`) as unknown as [
      { r: { result: "ok" | "cancelled" | "lost"; wake: string | null } },
    ];
    if (r.wake) this.wake = r.wake;
    if (r.result !== "ok") this.settled = r.result;
    return r.result;
  }
}
