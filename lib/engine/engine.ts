import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { sql as defaultSql, type Sql } from "@/lib/db/client";
import { evaluateTemplate, type ExpressionContext } from "@/lib/workflows/expressions/evaluate";
import { preciseIso, preciseNow } from "./clock";
import { loadDefinition, type EngineDefinition, type EngineNode } from "./definition";
import { errorMessage, forStorage } from "./payload";
import { backoffDelay, isRetryable, stepPolicy, StepError } from "./policy";
import { engineNodeType } from "./registry";
import { loadTestRun, skippedInTest, SKIPPED_IN_TEST, type TestOptions } from "./test-mode";
import type { EngineExecutionContext } from "./types";

/**
 * Runs one execution in this worker, step by step, checkpointing every step in execution_steps.
 * A run is replayed from its checkpoints whenever a worker picks it up (after a crash, a delay or
 * an admission deferral): finished steps are not run again, their stored outputs are reused, and a
 * step found "running" (its worker died mid-step) runs again with its attempt counted and the
 * loss recorded in `retries`.
 *
 * Fencing: starting a run takes a fresh lease token; every checkpoint is written only while the
 * token still holds the run, so a worker that lost the run stops at its next checkpoint, and a
 * requested cancellation settles the run there.
 *
 * Cost: a step's checkpoint is sent before the next step starts (with that step's "running"
 * marker when it has effects outside the run); results of quick pure steps are sent together,
 * with a later step's or the run's settling (flushBeforePureStep); taking the run and settling it
 * are one statement each (private.engine_admit / private.engine_checkpoint).
 */

export type EngineOptions = {
  db?: Sql;
  workerId: string;
  /** Running executions per organization (organizations.settings.max_concurrent_executions wins). */
  orgConcurrency?: number;
  /** When an organization is at its limit, the run waits for a running one to hand it its slot
   *  (a hand-over is only lost when the worker handing it over dies at that moment); this, plus
   *  jitter, is the fallback time to try again (default 30 s, like a dead worker's takeover). */
  admissionRetryMs?: number;
  /** Whole-run limit, from its first start (organizations.settings.max_run_seconds wins). */
  runTimeoutMs?: number;
  /** Retry waits up to this long happen in the worker; longer ones re-queue the run. */
  inProcessBackoffMaxMs?: number;
};

export type RunOutcome = (
  | { kind: "finished"; status: "completed" | "failed" | "cancelled" }
  | { kind: "requeue"; at: Date; reason: "wait" | "admission" | "retry" }
  | { kind: "skipped"; reason: string }
) & {
  /** The run gave up its admission slot to this one (its organization's longest waiting run),
   *  which should be queued to run now. */
  wake?: string;
};

type StepRow = {
  step_key: string;
  status: "running" | "waiting" | "completed" | "failed" | "skipped";
  handle: string | null;
  output: unknown;
  error: string | null;
  attempt: number;
  retries: unknown[];
  wake_at: Date | null;
};

/** How long results of pure steps may wait to be written with later ones (see flushBeforePureStep). */
const PURE_BATCH_MS = 200;

type Next = { kind: "next"; output: unknown; follow: string[] | null };
type Stop =
  | { kind: "end"; output: unknown }
  | { kind: "fail"; error: string; nodeId: string }
  | { kind: "requeue"; at: Date; reason: "wait" | "retry" }
  | { kind: "lost" };

class LeaseLost extends Error {}

export async function runExecution(executionId: string, options: EngineOptions): Promise<RunOutcome> {
  const db = options.db ?? defaultSql();
  const lease = randomUUID();
  const admitted = await admit(db, executionId, lease, options);
  if (admitted.kind !== "admitted") return admitted.outcome;
  const run = new Run(db, admitted, lease, options);
  return run.execute();
}

type Admitted = {
  kind: "admitted";
  executionId: string;
  organization: { id: string; name: string; slug: string; settings: Record<string, unknown> };
  workflowId: string;
  versionId: string | null;
  triggerType: string;
  triggerInput: Record<string, unknown>;
  deadline: Date;
  startedAt: Date;
  /** The run's checkpoints so far (none when it is taken for the first time). */
  steps: StepRow[];
};

async function admit(
  db: Sql,
  executionId: string,
  lease: string,
  options: EngineOptions,
): Promise<Admitted | { kind: "no"; outcome: RunOutcome }> {
  // One statement (private.engine_admit, 20261122000600_engine_perf.sql): the terminal, cancel,
  // organization and deadline checks, the per-organization admission and the claim, plus the
  // run's checkpoints when it was started before.
  const [{ r }] = (await db`
    select private.engine_admit(${executionId}::uuid, ${lease}::uuid, ${options.workerId}::text,
                                ${options.orgConcurrency ?? 10}::int,
                                ${options.runTimeoutMs || 3_600_000}::bigint) as r`) as unknown as [
    { r: AdmitResult },
  ];
  switch (r.kind) {
    case "skipped":
      return { kind: "no", outcome: { kind: "skipped", reason: r.reason } };
    case "finished":
      return { kind: "no", outcome: { kind: "finished", status: r.status } };
    case "deferred": {
      const retry = options.admissionRetryMs ?? 30_000;
      return {
        kind: "no",
        outcome: {
          kind: "requeue",
          reason: "admission",
          at: new Date(Date.now() + retry + Math.random() * retry),
        },
      };
    }
  }
  return {
    kind: "admitted",
    executionId,
    organization: r.organization,
    workflowId: r.workflow_id,
    versionId: r.version_id,
    triggerType: r.trigger_type,
    triggerInput: (r.trigger_input ?? {}) as Record<string, unknown>,
    deadline: new Date(r.deadline_at),
    startedAt: new Date(r.started_at),
    steps: r.steps.map((step) => ({ ...step, wake_at: step.wake_at ? new Date(step.wake_at) : null })),
  };
}

type AdmitResult =
  | { kind: "skipped"; reason: string }
  | { kind: "finished"; status: "failed" | "cancelled" }
  | { kind: "deferred" }
  | {
      kind: "admitted";
      organization: Admitted["organization"];
      workflow_id: string;
      version_id: string | null;
      trigger_type: string;
      trigger_input: Record<string, unknown> | null;
      started_at: string;
      deadline_at: string;
      steps: (Omit<StepRow, "wake_at"> & { wake_at: string | null })[];
    };

/**
 * Parsed definitions of workflow versions, which are immutable (a trigger refuses updates), so a
 * worker reads and validates each version once rather than once per run.
 */
const definitions = new Map<string, EngineDefinition>();
const DEFINITION_CACHE_SIZE = 200;

async function definitionOf(db: Sql, workflowId: string, versionId: string | null) {
  if (!versionId) return loadDefinition(db, workflowId, null);
  const key = `${workflowId}:${versionId}`;
  const cached = definitions.get(key);
  if (cached) return cached;
  const loaded = await loadDefinition(db, workflowId, versionId);
  if (loaded) {
    if (definitions.size >= DEFINITION_CACHE_SIZE) definitions.delete(definitions.keys().next().value!);
    definitions.set(key, loaded);
  }
  return loaded;
}

class Run {
  private steps = new Map<string, StepRow>();
  private definition!: EngineDefinition;
  private outgoing = new Map<string, { handle: string; target: string }[]>();
  private context: ExpressionContext & { steps: Record<string, { output: unknown }> };
  private sequence = 0;
  /** Checkpoints not written yet. A step's checkpoint is written before the next step starts,
   *  in the same statement as that step's "running" marker (side-effect steps) or on its own
   *  (before a pure step, unless all are quick pure steps' results: flushBeforePureStep), and the
   *  last ones together with the run's settling. */
  private pending: Record<string, unknown>[] = [];
  /** preciseNow() when the oldest of `pending` was buffered. */
  private pendingSince = 0;
  /** Set when a lease check failed: the run was cancelled, or another worker holds it. */
  private settled: "cancelled" | "lost" | null = null;
  /** The run that gets this run's admission slot once it is settled (see RunOutcome.wake). */
  private wake: string | null = null;
  /** Set for a test run of a draft (test-mode.ts). */
  private test: TestOptions | null = null;

  constructor(
    private readonly db: Sql,
    private readonly a: Admitted,
    private readonly lease: string,
    private readonly options: EngineOptions,
  ) {
    this.context = {
      trigger: a.triggerInput,
      steps: {},
      org: { id: a.organization.id, name: a.organization.name, slug: a.organization.slug },
    };
  }

  async execute(): Promise<RunOutcome> {
    let stop: Stop | null;
    try {
      // A run with no version is a test run of a draft (its definition is on the run), or a run
      // whose version was removed (the published one runs).
      const test = this.a.versionId ? null : await loadTestRun(this.db, this.a.executionId);
      if (test) this.useTest(test.options);
      const definition =
        test?.definition ?? (await definitionOf(this.db, this.a.workflowId, this.a.versionId));
      const rows = this.a.steps;
      if (!definition)
        return this.finish({ kind: "fail", error: "The workflow version to run was not found.", nodeId: "" });
      this.definition = definition;
      for (const r of rows) this.steps.set(r.step_key, r);
      this.sequence = rows.length;
      for (const edge of definition.edges) {
        const list = this.outgoing.get(edge.source) ?? [];
        list.push({ handle: edge.sourceHandle, target: edge.target });
        this.outgoing.set(edge.source, list);
      }
      stop = await this.walk(this.startNodes(), "", this.test?.loop);
    } catch (e) {
      if (e instanceof LeaseLost) stop = { kind: "lost" };
      else throw e;
    }
    return this.finish(stop);
  }

  /** A test run: skips steps with effects outside (unless chosen); a step test runs one step. */
  private useTest(options: TestOptions) {
    this.test = options;
    if (options.only) this.context.steps = { ...options.steps };
  }

  private startNodes(): string[] {
    if (this.test?.only) return [this.test.only];
    const triggers = this.definition.nodes.filter((n) => engineNodeType(n.type)?.trigger);
    const matching = triggers.filter((n) => n.type === this.a.triggerType);
    if (matching.length) return matching.map((n) => n.id);
    if (triggers.length) return triggers.slice(0, 1).map((n) => n.id);
    const targets = new Set(this.definition.edges.map((e) => e.target));
    return this.definition.nodes.filter((n) => !targets.has(n.id)).map((n) => n.id);
  }

  private async finish(stop: Stop | null): Promise<RunOutcome> {
    if (stop?.kind === "lost") return this.lostOutcome();
    if (stop?.kind === "requeue") {
      // The buffered checkpoints and the release of the run, in one statement.
      const held = await this.write({ status: "waiting" });
      if (held !== "ok") return this.lostOutcome();
      return { kind: "requeue", at: stop.at, reason: stop.reason, ...this.wakeOutcome() };
    }
    const error = stop?.kind === "fail" ? stop.error : null;
    const failed = error !== null;
    const output = stop?.kind === "end" ? stop.output : failed ? null : this.lastOutput();
    const status = failed ? "failed" : "completed";
    // The last step's checkpoint and the run's result, in one statement.
    const held = await this.write({ status, output: forStorage(output), error });
    if (held !== "ok") return this.lostOutcome();
    return { kind: "finished", status, ...this.wakeOutcome() };
  }

  /** The lease check failed: a cancellation (settled as cancelled by the check) or a takeover. */
  private lostOutcome(): RunOutcome {
    return this.settled === "cancelled"
      ? { kind: "finished", status: "cancelled", ...this.wakeOutcome() }
      : { kind: "skipped", reason: "lease lost" };
  }

  private wakeOutcome(): { wake?: string } {
    return this.wake ? { wake: this.wake } : {};
  }

  private lastOutput(): unknown {
    let last: unknown = null;
    for (const v of Object.values(this.context.steps)) last = v.output;
    return last;
  }

  private async walk(
    starts: string[],
    scope: string,
    loop: { item: unknown; index: number } | undefined,
    skip?: string,
  ): Promise<Stop | null> {
    const queue = [...starts];
    const seen = new Set<string>(skip ? [skip] : []);
    while (queue.length) {
      const nodeId = queue.shift()!;
      if (seen.has(nodeId)) continue;
      seen.add(nodeId);
      const node = this.definition.nodes.find((n) => n.id === nodeId);
      if (!node) continue;
      const result = await this.step(node, `${nodeId}${scope}`, loop);
      if (result.kind !== "next") return result;
      this.context.steps[node.id] = { output: result.output };
      if (this.test?.only) return null; // a step test: that step only
      const edges = this.outgoing.get(node.id) ?? [];
      const type = engineNodeType(node.type);
      if (node.type === "end") {
        const end = result.output as { outcome?: string; message?: string };
        if (end?.outcome === "failed") {
          return { kind: "fail", error: end.message || "The workflow ended as failed.", nodeId: node.id };
        }
        return { kind: "end", output: result.output };
      }
      const bodyHandle = type?.loopBodyHandle;
      if (bodyHandle && result.follow?.includes(bodyHandle)) {
        const items = itemsOf(result.output);
        const bodyTargets = edges.filter((e) => e.handle === bodyHandle).map((e) => e.target);
        for (let i = 0; i < items.length; i++) {
          const inner = await this.walk(
            bodyTargets,
            `${scope}[${node.id}:${i}]`,
            { item: items[i], index: i },
            node.id,
          );
          if (inner) return inner;
        }
      }
      for (const edge of edges) {
        if (edge.handle === bodyHandle) continue;
        const take = result.follow ? result.follow.includes(edge.handle) : edge.handle !== "error";
        if (take) queue.push(edge.target);
      }
    }
    return null;
  }

  private async step(
    node: EngineNode,
    key: string,
    loop: { item: unknown; index: number } | undefined,
  ): Promise<Next | Stop> {
    const existing = this.steps.get(key);
    const type = engineNodeType(node.type);
    const rawConfig = (node.data?.config ?? {}) as Record<string, unknown>;
    const policy = stepPolicy(rawConfig);
    let attempt = 1;
    let retries: unknown[] = [];
    if (existing) {
      if (existing.status === "completed" || existing.status === "skipped" || existing.status === "failed") {
        if (existing.status === "failed" && !existing.handle) {
          return { kind: "fail", error: existing.error ?? "The step failed.", nodeId: node.id };
        }
        return { kind: "next", output: existing.output, follow: parseFollow(existing.handle) };
      }
      retries = Array.isArray(existing.retries) ? [...existing.retries] : [];
      if (existing.status === "waiting") {
        if (existing.wake_at && existing.wake_at.getTime() > Date.now() + 50) {
          return { kind: "requeue", at: existing.wake_at, reason: "wait" };
        }
        if (node.type === "delay") {
          // The step lasted from when it began waiting, not from this resumption (shown as waiting
          // time on the run page, and its output says when the wait ended, as the node declares).
          const output = { resumed_at: new Date().toISOString() };
          await this.checkpoint(node, key, {
            status: "completed",
            output,
            handle: null,
            attempt: existing.attempt,
            retries,
            startedAt: waitingSince(existing.output),
          });
          return { kind: "next", output, follow: null };
        }
        attempt = existing.attempt + 1; // a retry that waited in the queue
      } else {
        // "running": the worker that ran it is gone. Run it again and say so.
        retries.push({
          attempt: existing.attempt,
          error: "The worker running this step stopped; the step ran again.",
          at: new Date().toISOString(),
        });
        attempt = existing.attempt + 1;
      }
    }
    if (!type) {
      const error = `This workflow uses a step type this server cannot run (${node.type}).`;
      await this.checkpoint(node, key, { status: "failed", error, handle: null, attempt, retries });
      return { kind: "fail", error, nodeId: node.id };
    }

    const scopeContext: ExpressionContext = loop ? { ...this.context, loop } : this.context;
    const logs: string[] = [];
    for (;;) {
      this.assertTime();
      const startedAt = preciseNow();
      let config: Record<string, unknown> = {};
      let input: unknown = null;
      try {
        config = type.trigger
          ? rawConfig
          : (renderConfig(type.parse(rawConfig), scopeContext, type.strictFields) as Record<string, unknown>);
        input = type.trigger ? this.a.triggerInput : config;
        if (skippedInTest(this.test, node.id, type.sideEffects)) {
          logs.push(`${new Date().toISOString()} ${SKIPPED_IN_TEST}`);
          await this.checkpoint(node, key, { status: "skipped", input, attempt, retries, logs, startedAt });
          return { kind: "next", output: null, follow: null };
        }
        if (type.sideEffects)
          await this.checkpoint(node, key, { status: "running", input, attempt, retries, startedAt });
        else await this.flushBeforePureStep();
        const controller = new AbortController();
        const budget = Math.max(1, Math.min(policy.timeoutMs, this.a.deadline.getTime() - Date.now()));
        const context: EngineExecutionContext = {
          organizationId: this.a.organization.id,
          workflowId: this.a.workflowId,
          executionId: this.a.executionId,
          nodeId: node.id,
          signal: controller.signal,
          stepKey: key,
          attempt,
          organization: this.a.organization,
          log: (m) => logs.push(`${new Date().toISOString()} ${m}`),
          db: this.db,
        };
        const result = await withTimeout(
          type.executor(type.trigger ? { ...config, __trigger: this.a.triggerInput } : config, context),
          budget,
          controller,
        );
        if (result.kind === "wait") {
          await this.checkpoint(node, key, {
            status: "waiting",
            input,
            output: {
              resume_at: result.until.toISOString(),
              waiting_since: new Date(startedAt).toISOString(),
            },
            attempt,
            retries,
            logs,
            startedAt,
            wakeAt: result.until,
          });
          return { kind: "requeue", at: result.until, reason: "wait" };
        }
        const follow = result.follow ? [...result.follow] : null;
        await this.checkpoint(node, key, {
          status: "completed",
          input,
          output: result.output,
          handle: follow ? follow.join(",") : null,
          attempt,
          retries,
          logs,
          startedAt,
        });
        return { kind: "next", output: result.output, follow };
      } catch (e) {
        if (e instanceof LeaseLost) throw e;
        const message = errorMessage(e);
        if (isRetryable(e, policy) && attempt < policy.maxAttempts) {
          const delay = backoffDelay(policy, attempt);
          retries.push({
            attempt,
            error: message,
            at: new Date().toISOString(),
            duration_ms: Math.round(preciseNow() - startedAt),
            retry_in_ms: delay,
          });
          if (delay > (this.options.inProcessBackoffMaxMs ?? 5000)) {
            const at = new Date(Date.now() + delay);
            await this.checkpoint(node, key, {
              status: "waiting",
              input,
              error: message,
              attempt,
              retries,
              logs,
              startedAt,
              wakeAt: at,
            });
            return { kind: "requeue", at, reason: "retry" };
          }
          await sleep(delay);
          attempt++;
          continue;
        }
        const hasErrorEdge = (this.outgoing.get(node.id) ?? []).some((edge) => edge.handle === "error");
        const output = {
          error: message,
          ...(e instanceof StepError && e.details !== undefined ? { details: e.details } : {}),
        };
        if (hasErrorEdge || policy.continueOnFail) {
          const follow = hasErrorEdge ? ["error"] : null;
          await this.checkpoint(node, key, {
            status: "failed",
            input,
            output,
            error: message,
            handle: follow ? "error" : "continue",
            attempt,
            retries,
            logs,
            startedAt,
          });
          return { kind: "next", output, follow: follow ?? nonErrorHandles(this.outgoing.get(node.id)) };
        }
        await this.checkpoint(node, key, {
          status: "failed",
          input,
          output,
          error: message,
          handle: null,
          attempt,
          retries,
          logs,
          startedAt,
        });
        return { kind: "fail", error: `${node.data?.label || node.id}: ${message}`, nodeId: node.id };
      }
    }
  }

  private assertTime() {
    if (Date.now() > this.a.deadline.getTime()) throw new StepError("The run took longer than it may.");
  }

  private async checkpoint(
    node: EngineNode,
    key: string,
    s: {
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
    },
  ): Promise<void> {
    const done = s.status !== "running" && s.status !== "waiting";
    const now = preciseNow();
    const startedAt = s.startedAt ?? now;
    const existing = this.steps.get(key);
    const sequence = existing ? undefined : ++this.sequence;
    const row = {
      organization_id: this.a.organization.id,
      execution_id: this.a.executionId,
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
      sequence: sequence ?? 0,
      wake_at: s.wakeAt ?? null,
      started_at: preciseIso(startedAt),
      completed_at: done ? preciseIso(now) : null,
    };
    const record = { ...row, duration_ms: done ? Math.round(now - startedAt) : null };
    this.remember(key, s, row);
    if (!this.pending.length) this.pendingSince = now;
    this.pending.push(record);
    // A "running" marker must be stored before the step's effects start; other checkpoints go
    // with the next statement: the next step's start (step() flushes before running it) or the
    // run's settling.
    if (s.status === "running") await this.flush();
  }

  private remember(
    key: string,
    s: { status: StepRow["status"]; output?: unknown; attempt: number; retries: unknown[] },
    row: { handle: string | null; error: string | null; wake_at: Date | null },
  ) {
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
  }

  /**
   * Before a pure step: the buffered checkpoints are written first unless they are all results of
   * pure steps (recomputed, not repeated effects, should this worker die) buffered for less than
   * PURE_BATCH_MS. A chain of quick pure steps is then written in one statement instead of one
   * per step: every such statement is a commit that notifies (the live run history), and
   * notifying commits take turns cluster-wide (bench:engine-workers, Lock:object).
   */
  private async flushBeforePureStep(): Promise<void> {
    const recomputable = this.pending.every(
      (r) => r.status !== "running" && engineNodeType(String(r.node_type))?.sideEffects === false,
    );
    if (recomputable && preciseNow() - this.pendingSince < PURE_BATCH_MS) return;
    await this.flush();
  }

  /** Writes the buffered checkpoints, on condition that this worker still holds the run. */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    if ((await this.write(null)) !== "ok") throw new LeaseLost();
  }

  /**
   * One round trip (private.engine_checkpoint): the lease check (the execution row locked for the
   * statement), the buffered checkpoints, and optionally the run's settling. Nothing is written
   * when another worker holds the run; a requested cancellation settles it as cancelled.
   */
  private async write(
    final:
      | { status: "waiting" }
      | { status: "completed" | "failed"; output: unknown; error: string | null }
      | null,
  ): Promise<"ok" | "cancelled" | "lost"> {
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
      select private.engine_checkpoint(${this.a.executionId}::uuid, ${this.lease}::uuid,
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

function parseFollow(handle: string | null): string[] | null {
  if (!handle || handle === "continue") return null;
  return handle.split(",");
}

function nonErrorHandles(edges: { handle: string }[] | undefined): string[] {
  return [...new Set((edges ?? []).map((e) => e.handle).filter((h) => h !== "error"))];
}

function itemsOf(output: unknown): unknown[] {
  const items = (output as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : [];
}

/** Renders every string of a config through the expression evaluator. */
export function renderConfig(
  value: unknown,
  context: ExpressionContext,
  strict?: readonly string[],
  path = "",
): unknown {
  if (typeof value === "string") {
    if (!value.includes("{{")) return value;
    const top = path.split(".")[0] ?? "";
    return evaluateTemplate(value, context, { missing: strict?.includes(top) ? "error" : "empty" });
  }
  if (Array.isArray(value)) return value.map((v, i) => renderConfig(v, context, strict, `${path}.${i}`));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderConfig(v, context, strict, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, controller: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StepError(`The step timed out after ${ms} ms.`, { retryable: true }));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** When a waiting step began to wait (its waiting checkpoint's output), if it says. */
function waitingSince(output: unknown): number | undefined {
  const since = (output as { waiting_since?: unknown } | null)?.waiting_since;
  const ms = typeof since === "string" ? Date.parse(since) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
